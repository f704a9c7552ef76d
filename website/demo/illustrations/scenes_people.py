"""People scenes: language exchange, community, the neighbourhood, a leader; ``bust`` draws a person."""

import math

from .canvas import clouds, ellipse_points, outdoors, room
from .palette import (
    APRICOT_50,
    APRICOT_100,
    APRICOT_300,
    APRICOT_400,
    APRICOT_500,
    BERRY,
    BLUE,
    CLOTHES,
    CREAM,
    CRUST,
    HAIR,
    INK,
    LEAF,
    PINK,
    SKIN,
    SKY,
    STRONG,
    SUN,
    TEAL_50,
    TEAL_100,
    TEAL_200,
    TEAL_300,
    TEAL_500,
    WALLS,
    WHITE,
    WOOD_DARK,
    darken,
    tint,
)


def language(c, rng):
    room(c, rng, table=TEAL_100, horizon=0.9)
    u, cx = c.u, c.cx
    # A globe.
    globe = (cx, c.height * 0.9 - 20 * u)
    c.shadow(globe[0], c.height * 0.9 + 2 * u, 14 * u, 2 * u)
    c.apply_shadows()
    c.rect(globe[0] - 8 * u, c.height * 0.9 - 2 * u, globe[0] + 8 * u, c.height * 0.9 + 1 * u, WOOD_DARK, radius=1 * u)
    c.line([(globe[0], globe[1] + 14 * u), (globe[0], c.height * 0.9 - 1 * u)], WOOD_DARK, 1.4 * u)
    c.circle(*globe, 15 * u, SKY)
    for blob in ((-5, -6, 6, 4), (6, 4, 7, 5), (-7, 7, 4, 3)):
        c.ellipse(globe[0] + blob[0] * u, globe[1] + blob[1] * u, blob[2] * u, blob[3] * u, LEAF, angle=20)
    c.arc(*globe, 6 * u, 15 * u, 0, 360, WHITE, 0.5 * u)
    c.arc(*globe, 15 * u, 5 * u, 0, 360, WHITE, 0.5 * u)
    # Three speech bubbles around it, each with a different "script".
    bubbles = [(-30, -42, TEAL_500, -1), (28, -50, APRICOT_500, 1), (-2, -72, BLUE, 1)]
    for index, (dx, dy, colour, tail) in enumerate(bubbles):
        x, y = cx + dx * u, c.height * 0.9 + dy * u
        w, h = 17 * u, 9 * u
        c.rect(x - w, y - h, x + w, y + h, colour, radius=4 * u)
        c.polygon(
            [
                (x + tail * 4 * u, y + h - 1 * u),
                (x + tail * 12 * u, y + h + 6 * u),
                (x + tail * 10 * u, y + h - 1 * u),
            ],
            colour,
        )
        if index == 0:  # Latin letters: a row of round-and-stick shapes.
            for k in range(4):
                lx = x - 10 * u + k * 6.5 * u
                c.arc(lx, y + 1 * u, 2.2 * u, 2.6 * u, 0, 360, WHITE, 1 * u)
                c.line([(lx + 2.2 * u, y - 2 * u), (lx + 2.2 * u, y + 4 * u)], WHITE, 1 * u)
        elif index == 1:  # Square characters.
            for k in range(3):
                lx = x - 10 * u + k * 8 * u
                c.rect(lx - 2.8 * u, y - 3 * u, lx + 2.8 * u, y + 3 * u, WHITE, radius=0.5 * u)
                c.rect(lx - 1.6 * u, y - 1.8 * u, lx + 1.6 * u, y + 1.8 * u, colour)
                c.line([(lx, y - 3 * u), (lx, y + 3 * u)], WHITE, 0.8 * u)
        else:  # "Hello" as three dots.
            for k in range(3):
                c.circle(x + (k - 1) * 7 * u, y, 2 * u, WHITE)


def bust(c, x, y, scale, rng, clothes=None):
    """Head and shoulders of a person seen from the front, bottom edge at ``y``."""
    s = scale
    skin, hair = rng.choice(SKIN), rng.choice(HAIR)
    if sum(abs(a - b) for a, b in zip(skin, hair, strict=True)) < 150:
        hair = HAIR[3]  # Hair close to the skin tone would read as a hood.
    clothes = clothes or rng.choice(CLOTHES)
    style = rng.choice(["short", "long", "bun", "bob", "curly"])
    head = (x, y - 27 * s)
    if style in ("long", "bob"):
        length = 13 if style == "long" else 6
        c.rect(head[0] - 9.6 * s, head[1] - 6 * s, head[0] + 9.6 * s, head[1] + length * s, hair, radius=6 * s)
    c.polygon(ellipse_points(x, y, 19 * s, 15 * s, start=180, end=360), clothes)
    c.rect(x - 3 * s, head[1] + 5 * s, x + 3 * s, y - 12 * s, darken(skin, 0.08))
    c.ellipse(x, y - 13 * s, 5 * s, 2.5 * s, darken(skin, 0.08))
    c.ellipse(head[0], head[1], 8 * s, 9 * s, skin)
    if style == "curly":
        for k in range(7):
            a = math.radians(180 + k * 30)
            c.circle(head[0] + 7.5 * s * math.cos(a), head[1] - 2 * s + 7.5 * s * math.sin(a), 3.6 * s, hair)
    else:
        c.polygon(ellipse_points(head[0], head[1] - 1 * s, 8.6 * s, 9 * s, start=180, end=360), hair)
        c.polygon(
            [
                (head[0] - 8.6 * s, head[1] - 1 * s),
                (head[0] + 8.6 * s, head[1] - 1 * s),
                (head[0] + 2 * s, head[1] - 4 * s),
            ],
            hair,
        )
    if style == "bun":
        c.circle(head[0], head[1] - 11 * s, 4 * s, hair)
    for side in (-1, 1):
        c.circle(head[0] + side * 3.2 * s, head[1] + 1.5 * s, 0.9 * s, INK)
    c.arc(head[0], head[1] + 3.5 * s, 2.6 * s, 1.8 * s, 20, 160, darken(skin, 0.35), 0.7 * s)
    c.circle(head[0] - 5 * s, head[1] + 4 * s, 1.4 * s, PINK, alpha=0.5)
    c.circle(head[0] + 5 * s, head[1] + 4 * s, 1.4 * s, PINK, alpha=0.5)


def community(c, rng):
    top, bottom = rng.choice(WALLS)
    c.gradient(top, bottom)
    u, cx = c.u, c.cx
    table = c.height * 0.66
    c.circle(cx, table - 20 * u, 44 * u, tint(APRICOT_100, 0.2), alpha=0.7)
    # Bunting across the top.
    points = [(x * c.width / 20, 8 * u + math.sin(x / 19 * math.pi) * 8 * u) for x in range(21)]
    c.line(points, STRONG, 0.4 * u)
    for k in range(1, 20, 2):
        x, y = points[k]
        c.polygon([(x - 3 * u, y), (x + 3 * u, y), (x, y + 6 * u)], [APRICOT_400, TEAL_300, SUN, BERRY][k // 2 % 4])
    people = 5 if c.width / c.height > 1.2 else 4
    spread = min(c.width * 0.8, 92 * u * (people / 4))
    order = rng.sample(CLOTHES, people)
    for k in range(people):
        x = cx - spread / 2 + spread * (k + 0.5) / people
        bust(c, x, table + 2 * u, u * 1.05, rng, clothes=order[k])
    c.rect(0, table, c.width, c.height, TEAL_200)
    c.rect(-2 * u, table, c.width + 2 * u, table + 3 * u, darken(TEAL_200, 0.08))
    # Cups and a plate of snacks on the table; a heart above the group.
    for k in range(people):
        x = cx - spread / 2 + spread * (k + 0.5) / people + (5 if k % 2 else -5) * u
        c.shadow(x, table + 12 * u, 4 * u, 1 * u)
    c.shadow(cx, table + 16 * u, 12 * u, 2 * u)
    c.apply_shadows()
    for k in range(people):
        x = cx - spread / 2 + spread * (k + 0.5) / people + (5 if k % 2 else -5) * u
        colour = [WHITE, APRICOT_300, TEAL_500][k % 3]
        c.rect(x - 3 * u, table + 5 * u, x + 3 * u, table + 12 * u, colour, radius=1 * u)
    c.ellipse(cx, table + 15 * u, 12 * u, 3 * u, WHITE)
    for k in range(5):
        c.circle(cx + (k - 2) * 4 * u, table + 13 * u, 2 * u, [CRUST, SUN, BERRY][k % 3])
    hx, hy = cx, table - 52 * u
    c.circle(hx - 2.6 * u, hy, 3 * u, BERRY)
    c.circle(hx + 2.6 * u, hy, 3 * u, BERRY)
    c.polygon([(hx - 5.4 * u, hy + 1 * u), (hx + 5.4 * u, hy + 1 * u), (hx, hy + 7 * u)], BERRY)


def neighbourhood(c, rng):
    dusk = rng.random() < 0.5
    sky = ((250, 200, 160), (253, 236, 214)) if dusk else (TEAL_50, APRICOT_50)
    horizon = outdoors(c, rng, sun=dusk, ground=STRONG, hills=False, horizon=0.78, sky=sky)
    u = c.u
    # A row of white-walled houses with dark tiled roofs, Jiangnan style.
    count = max(3, round(c.width / (34 * u)))
    width = c.width / count
    for k in range(count):
        x0, x1 = k * width + 1 * u, (k + 1) * width - 1 * u
        top = horizon - rng.uniform(30, 42) * u
        c.rect(x0, top, x1, horizon, WHITE if k % 2 else CREAM)
        c.polygon(
            [
                (x0 - 4 * u, top + 1 * u),
                (x0 + 4 * u, top - 10 * u),
                (x1 - 4 * u, top - 10 * u),
                (x1 + 4 * u, top + 1 * u),
                (x1 + 5 * u, top - 1 * u),
                (x0 - 5 * u, top - 1 * u),
            ],
            (74, 84, 90),
        )
        c.rect(x0 - 4 * u, top - 0.5 * u, x1 + 4 * u, top + 1.5 * u, (60, 68, 74))
        window = SUN if dusk else TEAL_300
        c.rect(x0 + 5 * u, top + 8 * u, x0 + 13 * u, top + 16 * u, window, radius=0.6 * u)
        c.rect(x1 - 12 * u, horizon - 16 * u, x1 - 4 * u, horizon, WOOD_DARK, radius=0.6 * u)
        if k % 2 == 0:  # A red lantern under the eaves.
            lx = x0 + (x1 - x0) / 2
            c.line([(lx, top + 1 * u), (lx, top + 5 * u)], INK, 0.3 * u)
            c.ellipse(lx, top + 8.5 * u, 3 * u, 3.6 * u, BERRY)
            c.rect(lx - 1.5 * u, top + 4.5 * u, lx + 1.5 * u, top + 5.5 * u, SUN)
    # A street lamp with a warm glow.
    lx = c.cx + rng.choice([-1, 1]) * 18 * u
    c.circle(lx, horizon - 46 * u, 12 * u, SUN, alpha=0.35 if dusk else 0.15)
    c.rect(lx - 0.8 * u, horizon - 44 * u, lx + 0.8 * u, horizon + 10 * u, INK)
    c.polygon(
        [
            (lx - 4 * u, horizon - 44 * u),
            (lx + 4 * u, horizon - 44 * u),
            (lx + 2.4 * u, horizon - 50 * u),
            (lx - 2.4 * u, horizon - 50 * u),
        ],
        SUN,
    )
    c.polygon([(lx - 5 * u, horizon - 50 * u), (lx + 5 * u, horizon - 50 * u), (lx, horizon - 54 * u)], INK)
    c.rect(0, horizon + 10 * u, c.width, c.height, (214, 204, 186))
    for k in range(int(c.width / (8 * u)) + 1):
        c.rect(k * 8 * u + 0.3 * u, horizon + 10 * u, (k + 1) * 8 * u - 0.3 * u, horizon + 12 * u, STRONG)


def leader(c, rng):
    u, cx = c.u, c.cx
    horizon = outdoors(c, rng, ground=(176, 209, 160), hills=False, horizon=0.9)
    clouds(c, rng, 2)
    # A hill with a path winding to a flag on the summit.
    summit = (cx + 6 * u, horizon - 52 * u)
    c.polygon(ellipse_points(cx + 6 * u, horizon + 4 * u, 62 * u, 56 * u, start=180, end=360), (150, 196, 140))
    c.polygon(ellipse_points(cx - 40 * u, horizon + 6 * u, 40 * u, 26 * u, start=180, end=360), (176, 209, 160))
    path = [
        (cx - 10 * u, horizon + 8 * u),
        (cx + 20 * u, horizon - 8 * u),
        (cx - 12 * u, horizon - 24 * u),
        (cx + 16 * u, horizon - 38 * u),
        (summit[0], summit[1] + 3 * u),
    ]
    c.line(path, (238, 220, 188), 2.6 * u)
    c.line([summit, (summit[0], summit[1] - 24 * u)], WOOD_DARK, 1 * u)
    flag = rng.choice([APRICOT_500, BERRY, TEAL_500])
    c.polygon(
        [
            (summit[0], summit[1] - 24 * u),
            (summit[0] + 16 * u, summit[1] - 21 * u),
            (summit[0] + 13 * u, summit[1] - 17 * u),
            (summit[0] + 16 * u, summit[1] - 13 * u),
            (summit[0], summit[1] - 13 * u),
        ],
        flag,
    )
    c.circle(summit[0] + 6 * u, summit[1] - 18.5 * u, 2 * u, WHITE)
    # A signpost at the foot of the hill.
    px, py = cx - 30 * u, horizon + 4 * u
    c.shadow(px, py + 1 * u, 8 * u, 1.5 * u)
    c.apply_shadows()
    c.rect(px - 1.2 * u, py - 30 * u, px + 1.2 * u, py, WOOD_DARK)
    c.polygon(
        [
            (px - 2 * u, py - 28 * u),
            (px + 14 * u, py - 28 * u),
            (px + 18 * u, py - 24.5 * u),
            (px + 14 * u, py - 21 * u),
            (px - 2 * u, py - 21 * u),
        ],
        TEAL_500,
    )
    c.polygon(
        [
            (px + 2 * u, py - 18 * u),
            (px - 14 * u, py - 18 * u),
            (px - 18 * u, py - 14.5 * u),
            (px - 14 * u, py - 11 * u),
            (px + 2 * u, py - 11 * u),
        ],
        APRICOT_500,
    )
    # A star badge for those who lead the way.
    sx, sy = cx + 34 * u, horizon - 44 * u
    c.polygon([(sx - 3 * u, sy), (sx - 7 * u, sy + 14 * u), (sx - 2 * u, sy + 11 * u), (sx, sy + 16 * u)], BERRY)
    c.polygon([(sx + 3 * u, sy), (sx + 7 * u, sy + 14 * u), (sx + 2 * u, sy + 11 * u), (sx, sy + 16 * u)], BLUE)
    c.circle(sx, sy, 8 * u, SUN)
    star = []
    for k in range(10):
        r = (5.5 if k % 2 == 0 else 2.4) * u
        a = math.radians(-90 + k * 36)
        star.append((sx + r * math.cos(a), sy + r * math.sin(a)))
    c.polygon(star, WHITE)
