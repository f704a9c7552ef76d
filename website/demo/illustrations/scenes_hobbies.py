"""Hobby scenes: board games, plants, handmade things, calligraphy, a cat."""

from .canvas import ellipse_points, room, rotate
from .palette import (
    APRICOT_400,
    APRICOT_500,
    APRICOT_700,
    BERRY,
    BLUE,
    BORDER,
    CREAM,
    CRUST,
    INK,
    LEAF,
    LEAF_DARK,
    PINK,
    SKY,
    STRONG,
    SUN,
    TEAL_200,
    TEAL_300,
    TEAL_500,
    TEAL_600,
    WHITE,
    WOOD_DARK,
    darken,
    tint,
)
from .scenes_garden import draw_leaf


def boardgames(c, rng):
    table = room(c, rng, table=TEAL_200, horizon=0.62)
    u, cx = c.u, c.cx
    # The board, seen at an angle.
    board = [
        (cx - 44 * u, table + 24 * u),
        (cx + 44 * u, table + 24 * u),
        (cx + 34 * u, table + 4 * u),
        (cx - 34 * u, table + 4 * u),
    ]
    c.polygon(board, CREAM)
    for k in range(1, 8):
        t = k / 8
        c.line(
            [(cx - 34 * u + 68 * u * t, table + 4 * u), (cx - 44 * u + 88 * u * t, table + 24 * u)], BORDER, 0.4 * u
        )
    for k in range(1, 4):
        t = k / 4
        y = table + 4 * u + 20 * u * t
        c.line([(cx - 34 * u - 10 * u * t, y), (cx + 34 * u + 10 * u * t, y)], BORDER, 0.4 * u)
    colours = rng.sample([APRICOT_500, TEAL_500, BLUE, BERRY, SUN], 3)
    pips = {
        1: [(0, 0)],
        2: [(-1, -1), (1, 1)],
        3: [(-1, -1), (0, 0), (1, 1)],
        4: [(-1, -1), (1, -1), (-1, 1), (1, 1)],
        5: [(-1, -1), (1, -1), (0, 0), (-1, 1), (1, 1)],
        6: [(-1, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (1, 1)],
    }
    dice = [(cx - 20 * u, table + 2 * u, -8, rng.choice([5, 6])), (cx + 2 * u, table + 10 * u, 12, rng.choice([3, 4]))]
    meeples = [
        (cx + 28 * u, table + 14 * u, colours[0], 1.0),
        (cx + 38 * u, table + 6 * u, colours[1], 0.8),
        (cx - 38 * u, table + 12 * u, colours[2], 0.9),
    ]
    for x, y, *_ in dice + meeples:
        c.shadow(x, y + 8 * u, 9 * u, 2 * u)
    c.apply_shadows()
    for x, y, angle, face in dice:
        c.rect(x - 8 * u, y - 6 * u, x + 8 * u, y + 10 * u, STRONG, radius=2.5 * u, angle=angle)
        c.rect(x - 8 * u, y - 8 * u, x + 8 * u, y + 8 * u, WHITE, radius=2.5 * u, angle=angle)
        for px, py in pips[face]:
            dot = rotate([(x + px * 4.5 * u, y + py * 4.5 * u)], angle, (x, y))[0]
            c.circle(*dot, 1.5 * u, INK if face != 1 else BERRY)
    for x, y, colour, scale in meeples:
        s = 10 * u * scale
        shape = [
            (-0.18, -0.45),
            (0.18, -0.45),
            (0.62, -0.28),
            (0.66, -0.08),
            (0.25, 0.02),
            (0.48, 0.62),
            (0.12, 0.62),
            (0, 0.36),
            (-0.12, 0.62),
            (-0.48, 0.62),
            (-0.25, 0.02),
            (-0.66, -0.08),
            (-0.62, -0.28),
        ]
        c.polygon([(x + px * s, y - 6 * u * scale + py * s) for px, py in shape], colour)
        c.circle(x, y - 6 * u * scale - 0.68 * s, 0.3 * s, colour)


def plants(c, rng):
    table = room(c, rng, table=(233, 211, 181), horizon=0.76)
    u, cx = c.u, c.cx
    pots = [(-30, 14, APRICOT_500), (0, 18, TEAL_500), (30, 13, BERRY)]
    for dx, width, _ in pots:
        c.shadow(cx + dx * u, table + 3 * u, width * u * 0.9, 2.5 * u)
    c.apply_shadows()
    for index, (dx, width, colour) in enumerate(pots):
        x = cx + dx * u
        top = table - width * 1.1 * u
        if index == 0:  # A leafy trailing plant.
            for k in range(7):
                angle = -160 + k * 23 + rng.uniform(-6, 6)
                draw_leaf(c, x, top, rng.uniform(14, 19) * u, 7 * u, angle, LEAF if k % 2 else LEAF_DARK)
        elif index == 1:  # Tall pointed leaves.
            for k in range(6):
                lean = (k - 2.5) * 7 + rng.uniform(-3, 3)
                tip = (x + lean * 1.2 * u, top - rng.uniform(30, 42) * u)
                base_l, base_r = (
                    (x + (k - 2.5) * 2.2 * u - 2.5 * u, top + 2 * u),
                    (x + (k - 2.5) * 2.2 * u + 2.5 * u, top + 2 * u),
                )
                c.polygon([base_l, tip, base_r], LEAF_DARK if k % 2 else (72, 140, 92))
                c.line(
                    [(tip[0] * 0.3 + base_l[0] * 0.7 + 1.5 * u, tip[1] * 0.3 + top * 0.7), tip],
                    (150, 196, 130),
                    0.5 * u,
                )
        else:  # A round succulent with a flower.
            for k in range(8):
                angle = -180 + k * 25.7
                draw_leaf(c, x, top, 9 * u, 6 * u, angle, (120, 186, 150) if k % 2 else (98, 170, 136), vein=False)
            c.circle(x, top - 8 * u, 2.6 * u, PINK)
        c.polygon(
            [
                (x - width * u, top),
                (x + width * u, top),
                (x + width * 0.75 * u, table + 2 * u),
                (x - width * 0.75 * u, table + 2 * u),
            ],
            colour,
        )
        c.rect(
            x - width * 1.08 * u, top - 1 * u, x + width * 1.08 * u, top + 3.5 * u, darken(colour, 0.1), radius=1 * u
        )
    # A watering can's spout peeking in.
    c.circle(cx + 47 * u, table - 30 * u, 1.2 * u, SKY)
    c.circle(cx + 44 * u, table - 26 * u, 1 * u, SKY)


def handmade(c, rng):
    table = room(c, rng, table=(233, 211, 181))
    u, cx = c.u, c.cx
    c.shadow(cx - 16 * u, table + 12 * u, 16 * u, 3 * u)
    c.shadow(cx + 24 * u, table + 8 * u, 12 * u, 2.5 * u)
    c.apply_shadows()
    # A vase with a glaze band.
    vx = cx + 24 * u
    glaze = rng.choice([TEAL_500, BLUE, APRICOT_500])
    c.ellipse(vx, table - 8 * u, 12 * u, 14 * u, tint(glaze, 0.35))
    c.rect(vx - 4 * u, table - 32 * u, vx + 4 * u, table - 18 * u, tint(glaze, 0.35))
    c.rect(vx - 6 * u, table - 33 * u, vx + 6 * u, table - 30 * u, glaze, radius=1 * u)
    c.rect(vx - 12 * u, table - 10 * u, vx + 12 * u, table - 6 * u, glaze)
    for k in range(3):
        draw_leaf(c, vx + (k - 1) * 2 * u, table - 33 * u, 14 * u, 5 * u, -90 + (k - 1) * 25, LEAF)
    # A ball of yarn with two knitting needles.
    yx, yy = cx - 16 * u, table - 2 * u
    yarn = rng.choice([APRICOT_400, BERRY, TEAL_300])
    c.line([(yx + 12 * u, yy + 10 * u), (yx + 26 * u, table + 14 * u), (c.width, table + 13 * u)], yarn, 1 * u)
    c.circle(yx, yy, 14 * u, yarn)
    for k in range(5):
        c.arc(yx, yy, 14 * u * (0.4 + 0.12 * k), 14 * u, 200, 340, darken(yarn, 0.15), 0.6 * u, angle=35)
        c.arc(yx, yy, 14 * u, 14 * u * (0.3 + 0.14 * k), 200, 340, tint(yarn, 0.2), 0.6 * u, angle=-20)
    for k, angle in enumerate((-60, -38)):
        start = (yx - 4 * u + k * 6 * u, yy + 6 * u)
        end = rotate([(start[0] + 32 * u, start[1])], angle, start)[0]
        c.line([start, end], WOOD_DARK, 1.1 * u)
        c.circle(*end, 1.6 * u, SUN)


def calligraphy(c, rng):
    """A hanging scroll of brushwork on the wall; on the table a brush on its rest, an ink stone, tea."""
    table = room(c, rng, table=(233, 211, 181), horizon=0.72)
    u, cx = c.u, c.cx
    # The scroll.
    x0, x1, y0, y1 = cx - 36 * u, cx - 14 * u, 10 * u, table - 8 * u
    c.line([(x0 + 4 * u, y0 - 1 * u), ((x0 + x1) / 2, y0 - 7 * u), (x1 - 4 * u, y0 - 1 * u)], WOOD_DARK, 0.4 * u)
    c.circle((x0 + x1) / 2, y0 - 7 * u, 0.8 * u, INK)
    c.rect(x0, y0, x1, y1, (248, 242, 226))
    c.rect(x0 + 2 * u, y0 + 3 * u, x1 - 2 * u, y1 - 3 * u, WHITE)
    for y in (y0, y1):
        c.rect(x0 - 2 * u, y - 1.2 * u, x1 + 2 * u, y + 1.2 * u, WOOD_DARK, radius=1 * u)
    mx = (x0 + x1) / 2
    height = y1 - y0
    strokes = [
        ([(-5, 0.12), (5, 0.11)], 1.8),
        ([(0, 0.06), (0.5, 0.2), (-0.5, 0.38)], 2.2),
        ([(-1, 0.22), (-6, 0.34)], 1.6),
        ([(1.5, 0.24), (6, 0.36)], 2),
        ([(-5, 0.5), (4, 0.49), (1, 0.58)], 1.8),
        ([(-2, 0.6), (-5, 0.76)], 2),
        ([(0, 0.62), (5, 0.78)], 2.2),
    ]
    for points, width in strokes:
        c.line([(mx + x * u, y0 + t * height) for x, t in points], INK, width * u)
    c.rect(mx + 2.5 * u, y1 - 9 * u, mx + 5.5 * u, y1 - 6 * u, BERRY)
    # Ink stone and a brush on its rest.
    sx, sy = cx - 30 * u, table + 9 * u
    c.shadow(sx, sy + 3 * u, 9 * u, 2 * u)
    c.shadow(cx + 22 * u, table + 3 * u, 16 * u, 2.5 * u)
    c.apply_shadows()
    c.rect(sx - 8 * u, sy - 2 * u, sx + 8 * u, sy + 3 * u, (70, 74, 78), radius=1.5 * u)
    c.ellipse(sx - 1 * u, sy - 2 * u, 6 * u, 1.4 * u, INK)
    c.rect(cx - 14 * u, table + 9 * u, cx - 10 * u, table + 12 * u, STRONG, radius=1 * u)
    c.line([(cx - 16 * u, table + 9 * u), (cx + 8 * u, table + 9 * u)], (196, 160, 96), 1.2 * u)
    for k in range(3):
        c.line(
            [(cx - 8 * u + k * 6 * u, table + 8.4 * u), (cx - 8 * u + k * 6 * u, table + 9.6 * u)], WOOD_DARK, 0.3 * u
        )
    c.polygon(
        [(cx - 16 * u, table + 7.8 * u), (cx - 24 * u, table + 9 * u), (cx - 16 * u, table + 10.2 * u)],
        INK,
    )
    # Teapot and a cup.
    tx, ty = cx + 22 * u, table - 4 * u
    pot = rng.choice([TEAL_600, APRICOT_700, (120, 84, 60)])
    c.arc(tx + 12 * u, ty - 6 * u, 5 * u, 7 * u, -90, 90, pot, 2 * u)
    c.polygon(
        [
            (tx - 12 * u, ty - 6 * u),
            (tx - 22 * u, ty - 16 * u),
            (tx - 20 * u, ty - 17 * u),
            (tx - 10 * u, ty - 10 * u),
        ],
        pot,
    )
    c.ellipse(tx, ty - 4 * u, 13 * u, 10 * u, pot)
    c.ellipse(tx, ty - 14 * u, 7 * u, 2 * u, darken(pot, 0.2))
    c.circle(tx, ty - 16.5 * u, 1.8 * u, darken(pot, 0.2))
    c.ellipse(tx - 4 * u, ty - 8 * u, 3 * u, 2 * u, WHITE, alpha=0.3)
    c.rect(tx + 10 * u, table + 6 * u, tx + 18 * u, table + 12 * u, CREAM, radius=1.5 * u)
    c.ellipse(tx + 14 * u, table + 6 * u, 4 * u, 1 * u, (190, 150, 80))


def cat(c, rng):
    table = room(c, rng, table=(176, 209, 160), horizon=0.78)
    u, cx = c.u, c.cx
    fur = rng.choice([(232, 160, 96), (120, 120, 124), (60, 58, 60), (236, 226, 212)])
    c.shadow(cx, table + 4 * u, 22 * u, 3 * u)
    c.shadow(cx + 30 * u, table + 5 * u, 10 * u, 2 * u)
    c.apply_shadows()
    # Tail curling round.
    c.line(
        ellipse_points(cx + 14 * u, table - 4 * u, 12 * u, 8 * u, start=-30, end=120, steps=40),
        darken(fur, 0.1),
        4 * u,
    )
    c.ellipse(cx, table - 14 * u, 16 * u, 18 * u, fur)
    c.ellipse(cx, table - 8 * u, 9 * u, 11 * u, tint(fur, 0.45))
    head = (cx, table - 38 * u)
    for side in (-1, 1):
        c.polygon(
            [
                (head[0] + side * 11 * u, head[1] - 3 * u),
                (head[0] + side * 10 * u, head[1] - 17 * u),
                (head[0] + side * 2 * u, head[1] - 9 * u),
            ],
            fur,
        )
        c.polygon(
            [
                (head[0] + side * 9.5 * u, head[1] - 5 * u),
                (head[0] + side * 9 * u, head[1] - 13 * u),
                (head[0] + side * 4.5 * u, head[1] - 8.5 * u),
            ],
            PINK,
        )
    c.ellipse(*head, 12.5 * u, 11 * u, fur)
    for side in (-1, 1):
        c.ellipse(head[0] + side * 4.6 * u, head[1] - 0.5 * u, 1.6 * u, 2.2 * u, INK)
        c.circle(head[0] + side * 4.2 * u, head[1] - 1.3 * u, 0.5 * u, WHITE)
        for k in (-1, 1):
            c.line(
                [(head[0] + side * 5 * u, head[1] + 4 * u), (head[0] + side * 15 * u, head[1] + (3 + k * 1.5) * u)],
                darken(fur, 0.35),
                0.3 * u,
            )
    c.polygon(
        [(head[0] - 1.3 * u, head[1] + 2.5 * u), (head[0] + 1.3 * u, head[1] + 2.5 * u), (head[0], head[1] + 3.8 * u)],
        BERRY,
    )
    c.arc(head[0] - 1.3 * u, head[1] + 4 * u, 1.3 * u, 1 * u, 0, 180, INK, 0.35 * u)
    c.arc(head[0] + 1.3 * u, head[1] + 4 * u, 1.3 * u, 1 * u, 0, 180, INK, 0.35 * u)
    for side in (-1, 1):
        c.ellipse(cx + side * 5 * u, table + 1 * u, 4 * u, 2.4 * u, tint(fur, 0.3))
    # A bowl of food and a heart.
    bx = cx + 30 * u
    c.polygon(
        [
            (bx - 9 * u, table - 4 * u),
            (bx + 9 * u, table - 4 * u),
            (bx + 7 * u, table + 3 * u),
            (bx - 7 * u, table + 3 * u),
        ],
        TEAL_500,
    )
    for k in range(5):
        c.circle(bx + (k - 2) * 3 * u, table - 4.5 * u, 1.6 * u, CRUST)
    hx, hy = cx - 24 * u, table - 50 * u
    c.circle(hx - 2.2 * u, hy, 2.6 * u, BERRY)
    c.circle(hx + 2.2 * u, hy, 2.6 * u, BERRY)
    c.polygon([(hx - 4.7 * u, hy + 1 * u), (hx + 4.7 * u, hy + 1 * u), (hx, hy + 6 * u)], BERRY)
