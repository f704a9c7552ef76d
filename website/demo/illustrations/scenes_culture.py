"""Culture scenes: film, reading, picture books, photography, music."""

import math

from .canvas import ellipse_points, room, rotate
from .palette import (
    APRICOT_300,
    APRICOT_400,
    APRICOT_500,
    APRICOT_700,
    BERRY,
    BLUE,
    BORDER,
    CREAM,
    INK,
    LEAF,
    SKY,
    STRONG,
    SUN,
    TEAL_100,
    TEAL_200,
    TEAL_300,
    TEAL_500,
    TEAL_600,
    TEAL_700,
    TEAL_800,
    TEAL_900,
    WHITE,
    WOOD_DARK,
    darken,
    tint,
)


def film(c, rng):
    u, cx = c.u, c.cx
    c.gradient(TEAL_800, TEAL_900)
    floor = c.height * 0.74
    c.rect(0, floor, c.width, c.height, (8, 46, 44))
    # Projector beam from the upper left.
    source = (cx - 48 * u, 14 * u)
    c.polygon([source, (cx + 60 * u, -10 * u), (cx + 60 * u, floor - 10 * u)], (255, 241, 214), alpha=0.18)
    c.polygon([source, (cx + 60 * u, 2 * u), (cx + 60 * u, floor - 24 * u)], (255, 241, 214), alpha=0.14)
    c.circle(*source, 4 * u, (255, 241, 214), alpha=0.6)
    for _ in range(16):
        c.circle(rng.uniform(0, c.width), rng.uniform(0, floor), rng.uniform(0.3, 0.8) * u, WHITE, alpha=0.5)
    c.shadow(cx - 18 * u, floor + 4 * u, 22 * u, 3.5 * u)
    c.shadow(cx + 20 * u, floor + 4 * u, 22 * u, 3.5 * u)
    c.apply_shadows(colour=(0, 0, 0), opacity=0.35)
    # Film reel.
    reel = (cx - 18 * u, floor - 18 * u)
    c.circle(*reel, 21 * u, (148, 160, 158))
    c.circle(*reel, 19 * u, (196, 206, 204))
    for k in range(6):
        a = math.radians(k * 60 + rng.uniform(0, 60))
        c.circle(reel[0] + 10.5 * u * math.cos(a), reel[1] + 10.5 * u * math.sin(a), 4.6 * u, TEAL_800)
    c.circle(*reel, 3 * u, (148, 160, 158))
    c.circle(*reel, 1.2 * u, TEAL_800)
    # A strip of film unwinding from the reel.
    strip = [(reel[0] + 2 * u, reel[1] + 19 * u), (reel[0] + 30 * u, floor + 8 * u), (c.width + 5 * u, floor + 6 * u)]
    c.line(strip, INK, 6 * u)
    for k in range(22):
        t = k / 21
        x = strip[1][0] + (strip[2][0] - strip[1][0]) * t
        y = strip[1][1] + (strip[2][1] - strip[1][1]) * t
        c.rect(x - 0.6 * u, y - 2.4 * u, x + 0.6 * u, y - 1.6 * u, WHITE)
        c.rect(x - 0.6 * u, y + 1.6 * u, x + 0.6 * u, y + 2.4 * u, WHITE)
    # Clapperboard.
    bx0, by0, bx1, by1 = cx + 4 * u, floor - 24 * u, cx + 38 * u, floor + 2 * u
    c.rect(bx0, by0, bx1, by1, INK, radius=1.5 * u)
    for k in range(3):
        c.rect(bx0 + 3 * u, by0 + (5 + k * 6) * u, bx1 - 3 * u - k * 6 * u, by0 + (6.2 + k * 6) * u, (120, 130, 128))
    hinge = (bx0, by0 - 1 * u)
    tilt = -16 - rng.uniform(0, 8)
    for top, offset in ((False, 0), (True, -7)):
        stick = rotate(
            [
                (bx0, by0 + offset * u - 6 * u),
                (bx1, by0 + offset * u - 6 * u),
                (bx1, by0 + offset * u),
                (bx0, by0 + offset * u),
            ],
            tilt if top else 0,
            hinge,
        )
        c.polygon(stick, INK)
        for k in range(5):
            x = bx0 + 2 * u + k * 7 * u
            stripe = [
                (x, by0 + offset * u - 6 * u),
                (x + 3.5 * u, by0 + offset * u - 6 * u),
                (x + 1.5 * u, by0 + offset * u),
                (x - 2 * u, by0 + offset * u),
            ]
            stripe = [(max(bx0, min(bx1, x_)), y_) for x_, y_ in stripe]
            c.polygon(rotate(stripe, tilt if top else 0, hinge), WHITE)


def reading(c, rng):
    table = room(c, rng, table=rng.choice([(233, 211, 181), TEAL_200]))
    u, cx = c.u, c.cx
    c.shadow(cx - 30 * u, table + 6 * u, 17 * u, 3 * u)
    c.shadow(cx + 2 * u, table + 12 * u, 25 * u, 3 * u)
    c.shadow(cx + 32 * u, table + 10 * u, 11 * u, 2.5 * u)
    c.apply_shadows()
    # A stack of books on the left.
    colours = rng.sample([TEAL_500, APRICOT_500, BLUE, BERRY, TEAL_700, APRICOT_400], 4)
    y = table + 6 * u
    for k, colour in enumerate(colours):
        w, h = (30 - k * 2 + rng.uniform(-2, 2)) * u, rng.uniform(5, 7) * u
        x = cx - 30 * u + rng.uniform(-2, 2) * u
        c.rect(x - w / 2, y - h, x + w / 2, y, colour, radius=0.8 * u)
        c.rect(x - w / 2 + 2 * u, y - h + 1 * u, x + w / 2, y - 1 * u, CREAM)
        c.rect(x - w / 2 + 3.5 * u, y - h + 1 * u, x - w / 2 + 4.5 * u, y - 1 * u, tint(colour, 0.4))
        y -= h
    # Open book in the middle.
    spine = (cx + 2 * u, table + 2 * u)
    cover = rng.choice([TEAL_600, APRICOT_700, BLUE])
    c.polygon(
        [
            (spine[0] - 26 * u, spine[1] + 8 * u),
            (spine[0], spine[1] + 11 * u),
            (spine[0] + 26 * u, spine[1] + 8 * u),
            (spine[0] + 26 * u, spine[1] + 5 * u),
            (spine[0] - 26 * u, spine[1] + 5 * u),
        ],
        cover,
    )
    for side in (-1, 1):
        page = [
            (spine[0], spine[1] + 8 * u),
            (spine[0] + side * 24 * u, spine[1] + 6 * u),
            (spine[0] + side * 25 * u, spine[1] - 12 * u),
            (spine[0] + side * 12 * u, spine[1] - 15 * u),
            (spine[0], spine[1] - 11 * u),
        ]
        c.polygon(page, WHITE)
        for k in range(5):
            ly = spine[1] - 8 * u + k * 3 * u
            x0, x1 = spine[0] + side * 4 * u, spine[0] + side * (20 - (k == 4) * 8) * u
            c.line([(x0, ly - (0.6 if side else 0) * u), (x1, ly - 1.2 * u)], BORDER, 0.8 * u)
    # A cup of tea with steam.
    cup = (cx + 32 * u, table + 4 * u)
    c.ellipse(cup[0], cup[1] + 5 * u, 11 * u, 2.5 * u, tint(TEAL_100, 0.3))
    c.arc(cup[0] + 7 * u, cup[1] - 3 * u, 3.5 * u, 3.5 * u, -90, 90, darken(CREAM, 0.05), 1.4 * u)
    c.polygon(
        [
            (cup[0] - 8 * u, cup[1] - 9 * u),
            (cup[0] + 8 * u, cup[1] - 9 * u),
            (cup[0] + 6 * u, cup[1] + 3 * u),
            (cup[0] - 6 * u, cup[1] + 3 * u),
        ],
        CREAM,
    )
    c.rect(cup[0] - 7.4 * u, cup[1] - 5 * u, cup[0] + 7.4 * u, cup[1] - 3.5 * u, APRICOT_400)
    c.ellipse(cup[0], cup[1] - 9 * u, 8 * u, 1.6 * u, (190, 120, 60))
    for k in (-3, 2):
        c.line(
            ellipse_points(cup[0] + k * u, cup[1] - 17 * u, 1.6 * u, 5 * u, start=-90, end=270, steps=30)[::3],
            WHITE,
            0.9 * u,
            alpha=0.9,
        )


def picture_books(c, rng):
    table = room(c, rng, table=(233, 211, 181))
    u, cx = c.u, c.cx
    c.shadow(cx, table + 8 * u, 34 * u, 3 * u)
    c.shadow(cx + 36 * u, table + 6 * u, 8 * u, 2 * u)
    c.shadow(cx - 38 * u, table + 6 * u, 8 * u, 2 * u)
    c.apply_shadows()
    # A big picture book standing open, a little landscape on its pages.
    for side in (-1, 1):
        c.polygon(
            [
                (cx, table + 6 * u),
                (cx + side * 30 * u, table + 3 * u),
                (cx + side * 30 * u, table - 36 * u),
                (cx, table - 32 * u),
            ],
            APRICOT_500 if side < 0 else TEAL_500,
        )
        c.polygon(
            [
                (cx, table + 4 * u),
                (cx + side * 28 * u, table + 1 * u),
                (cx + side * 28 * u, table - 34 * u),
                (cx, table - 30 * u),
            ],
            WHITE,
        )
    c.circle(cx - 14 * u, table - 20 * u, 5 * u, SUN)
    c.polygon(
        [
            (cx - 26 * u, table - 2 * u),
            (cx - 16 * u, table - 12 * u),
            (cx - 8 * u, table - 6 * u),
            (cx - 2 * u, table - 10 * u),
            (cx - 2 * u, table + 2 * u),
            (cx - 26 * u, table),
        ],
        LEAF,
    )
    # Right page: a kite on a string.
    kite = (cx + 14 * u, table - 22 * u)
    c.polygon(
        [
            (kite[0], kite[1] - 6 * u),
            (kite[0] + 5 * u, kite[1]),
            (kite[0], kite[1] + 7 * u),
            (kite[0] - 5 * u, kite[1]),
        ],
        BERRY,
    )
    c.line(
        [(kite[0], kite[1] + 7 * u), (kite[0] + 3 * u, kite[1] + 12 * u), (kite[0] + 8 * u, table - 1 * u)],
        TEAL_700,
        0.5 * u,
    )
    c.line([(cx + 4 * u, table - 8 * u), (cx + 24 * u, table - 9 * u)], BORDER, 0.8 * u)
    c.line([(cx + 4 * u, table - 5 * u), (cx + 18 * u, table - 6 * u)], BORDER, 0.8 * u)
    # Toy blocks.
    for k, (dx, colour) in enumerate(((-38, SUN), (36, BLUE))):
        x0 = cx + dx * u - 6 * u
        c.rect(x0, table - 6 * u, x0 + 12 * u, table + 6 * u, colour, radius=1.2 * u)
        c.circle(x0 + 6 * u, table, 3 * u, WHITE, alpha=0.8)
        if k == 0:
            c.rect(x0 + 2 * u, table - 16 * u, x0 + 12 * u, table - 6 * u, BERRY, radius=1.2 * u)
    # A balloon floating up.
    bx = cx + rng.choice([-1, 1]) * 38 * u
    c.line([(bx, table - 24 * u), (bx - 2 * u, table - 14 * u)], INK, 0.4 * u)
    c.ellipse(bx, table - 32 * u, 5.5 * u, 7 * u, rng.choice([BERRY, APRICOT_400, TEAL_300]))


def photography(c, rng):
    table = room(c, rng, table=rng.choice([TEAL_200, (233, 211, 181)]))
    u, cx = c.u, c.cx
    # Prints fanned out behind the camera.
    for k, angle in enumerate((-14, 9)):
        px = cx + (-24 + k * 48) * u
        pts = rotate(
            [
                (px - 11 * u, table - 30 * u),
                (px + 11 * u, table - 30 * u),
                (px + 11 * u, table - 4 * u),
                (px - 11 * u, table - 4 * u),
            ],
            angle,
            (px, table - 17 * u),
        )
        c.polygon(pts, WHITE)
        inner = rotate(
            [
                (px - 9 * u, table - 28 * u),
                (px + 9 * u, table - 28 * u),
                (px + 9 * u, table - 10 * u),
                (px - 9 * u, table - 10 * u),
            ],
            angle,
            (px, table - 17 * u),
        )
        c.polygon(inner, rng.choice([SKY, APRICOT_300, TEAL_300]))
        hill = rotate(
            [
                (px - 9 * u, table - 10 * u),
                (px - 3 * u, table - 18 * u),
                (px + 3 * u, table - 13 * u),
                (px + 9 * u, table - 20 * u),
                (px + 9 * u, table - 10 * u),
            ],
            angle,
            (px, table - 17 * u),
        )
        c.polygon(hill, LEAF)
    c.shadow(cx, table + 9 * u, 32 * u, 3.5 * u)
    c.apply_shadows()
    body = rng.choice([INK, TEAL_800, (62, 66, 70)])
    x0, y0, x1, y1 = cx - 28 * u, table - 22 * u, cx + 28 * u, table + 8 * u
    c.rect(cx - 12 * u, y0 - 8 * u, cx + 10 * u, y0 + 2 * u, body, radius=2 * u)
    c.rect(x1 - 14 * u, y0 - 4 * u, x1 - 6 * u, y0 + 1 * u, APRICOT_500, radius=1 * u)
    c.rect(x0, y0, x1, y1, body, radius=4 * u)
    c.rect(x0, y0 + 6 * u, x1, y0 + 13 * u, STRONG)
    c.rect(x0 + 3 * u, y0 - 3 * u, x0 + 11 * u, y0 + 1 * u, (120, 124, 128), radius=1 * u)
    c.rect(x1 - 12 * u, y0 + 2 * u, x1 - 4 * u, y0 + 5.5 * u, SKY, radius=0.8 * u)
    lens = (cx - 1 * u, y0 + 15 * u)
    for r, colour in ((15, (70, 76, 80)), (12.5, WHITE), (11, INK), (8, BLUE), (4.5, (20, 52, 78))):
        c.circle(*lens, r * u, colour)
    c.circle(lens[0] - 3 * u, lens[1] - 3 * u, 2 * u, WHITE, alpha=0.75)
    c.circle(lens[0] + 3 * u, lens[1] + 3.5 * u, 0.9 * u, WHITE, alpha=0.5)


def music(c, rng):
    table = room(c, rng, table=(233, 211, 181), horizon=0.8)
    u, cx = c.u, c.cx
    c.shadow(cx - 6 * u, table + 2 * u, 22 * u, 3 * u)
    c.apply_shadows()
    body = rng.choice([(214, 140, 72), (196, 112, 56), APRICOT_400])
    angle = 28 + rng.uniform(-4, 4)
    centre = (cx + 4 * u, table - 1 * u)

    def place(points):
        # Leaning on its bottom edge, shifted left so the tilted neck stays in the frame.
        return [(x - 14 * u, y) for x, y in rotate(points, angle, centre)]

    # Neck and head first, the body over them.
    c.polygon(
        place(
            [
                (cx + 2 * u, table - 70 * u),
                (cx + 6 * u, table - 70 * u),
                (cx + 6 * u, table - 30 * u),
                (cx + 2 * u, table - 30 * u),
            ]
        ),
        WOOD_DARK,
    )
    c.polygon(
        place(
            [
                (cx + 0.5 * u, table - 81 * u),
                (cx + 7.5 * u, table - 81 * u),
                (cx + 7 * u, table - 69 * u),
                (cx + 1 * u, table - 69 * u),
            ]
        ),
        INK,
    )
    for k in range(3):
        for side in (-1, 1):
            peg = place([(cx + 4 * u + side * 5 * u, table - (79 - k * 4) * u)])[0]
            c.circle(*peg, 1.1 * u, STRONG)
    lower, upper = (cx + 4 * u, table - 16 * u), (cx + 4 * u, table - 38 * u)
    c.polygon(place(ellipse_points(*lower, 17 * u, 16 * u)), darken(body, 0.25))
    c.polygon(place(ellipse_points(lower[0], lower[1] - 1 * u, 16 * u, 15 * u)), body)
    c.polygon(place(ellipse_points(*upper, 12 * u, 11 * u)), body)
    c.polygon(
        place(
            [
                (cx - 7 * u, table - 34 * u),
                (cx + 15 * u, table - 34 * u),
                (cx + 15 * u, table - 22 * u),
                (cx - 7 * u, table - 22 * u),
            ]
        ),
        body,
    )
    c.polygon(place(ellipse_points(cx + 4 * u, table - 30 * u, 5 * u, 5 * u)), INK)
    c.polygon(
        place(
            [
                (cx - 3 * u, table - 12 * u),
                (cx + 11 * u, table - 12 * u),
                (cx + 11 * u, table - 9.5 * u),
                (cx - 3 * u, table - 9.5 * u),
            ]
        ),
        INK,
    )
    for k in range(6):
        x = cx + (2.4 + k * 0.65) * u
        c.line(place([(x, table - 79 * u), (x, table - 11 * u)]), (240, 232, 218), 0.22 * u)
    # Notes floating up.
    for k in range(3):
        nx = cx + rng.choice([-1, 1]) * (24 + k * 9) * u
        ny = table - (62 - k * 14) * u
        c.ellipse(nx, ny, 2.6 * u, 2 * u, TEAL_600, angle=-20)
        c.line(
            [(nx + 2.2 * u, ny - 0.5 * u), (nx + 2.2 * u, ny - 11 * u), (nx + 6 * u, ny - 8 * u)], TEAL_600, 0.8 * u
        )
