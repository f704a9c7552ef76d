"""Food scenes: bread, coffee and a market stall."""

import math

from .canvas import clouds, ellipse_points, outdoors, room, rotate
from .palette import (
    APRICOT_50,
    APRICOT_400,
    APRICOT_500,
    BERRY,
    BLUE,
    CREAM,
    CRUMB,
    CRUST,
    CRUST_DARK,
    LEAF,
    PINK,
    SKY,
    STRONG,
    SUN,
    TEAL_50,
    TEAL_200,
    TEAL_300,
    TEAL_500,
    WHITE,
    WOOD,
    WOOD_DARK,
    darken,
    tint,
)
from .scenes_people import bust


def _wheat(c, x, ground, height, lean):
    u = c.u
    top = (x + lean * u * 0.6, ground - height)
    c.line([(x, ground), top], (214, 170, 90), 0.9 * u)
    for k in range(7):
        t = 0.12 + k * 0.11
        gx, gy = top[0] + (x - top[0]) * t * 0.5, top[1] + (ground - top[1]) * t * 0.5
        for side in (-1, 1):
            c.ellipse(gx + side * 1.6 * u, gy, 1.1 * u, 2.4 * u, (226, 177, 91), angle=side * 30 + lean)
    c.ellipse(top[0], top[1] - 1.5 * u, 1 * u, 2.4 * u, (226, 177, 91), angle=lean)


def _croissant(c, x, y, scale=1.0):
    """Overlapping lobes along an arc, the middle ones fattest."""
    u = c.u * scale
    lobes = ((200, 3.4), (222, 5), (245, 6.4), (270, 7), (295, 6.4), (318, 5), (340, 3.4))
    for k, (angle, size) in enumerate(lobes):
        a = math.radians(angle)
        px, py = x + 10 * u * math.cos(a), y + 8 * u * math.sin(a) + 6 * u
        colour = (232, 160, 84) if k % 2 else (221, 140, 66)
        c.ellipse(px, py, size * u * 0.75, size * u, colour, angle=angle + 90)


def _batard(c, x, y):
    u = c.u
    c.ellipse(x, y + 2 * u, 31 * u, 13 * u, CRUST_DARK)
    c.ellipse(x, y, 30 * u, 12.5 * u, CRUST)
    c.ellipse(x - 2 * u, y - 4 * u, 22 * u, 6 * u, (216, 150, 84))
    for k in range(4):
        c.ellipse(x - 16 * u + k * 11 * u, y - 2 * u, 5.5 * u, 1.4 * u, CRUMB, angle=-28)


def _boule(c, x, y, rng):
    u = c.u
    c.ellipse(x, y + 1 * u, 23 * u, 16 * u, CRUST_DARK)
    c.ellipse(x, y - 1 * u, 22 * u, 15.5 * u, (190, 116, 54))
    c.ellipse(x - 3 * u, y - 6 * u, 14 * u, 7 * u, (210, 140, 72))
    # A floured cross, opened up by the oven.
    for angle in (-35, 35):
        c.ellipse(x, y - 3 * u, 13 * u, 1.8 * u, CRUMB, angle=angle)
    for _ in range(14):
        c.circle(x + rng.uniform(-16, 16) * u, y + rng.uniform(-12, 6) * u, 0.5 * u, WHITE, alpha=0.7)


def _tin_loaf(c, x, y):
    """A "mountain" tin loaf: three domes rising from the tin's straight sides."""
    u = c.u
    c.rect(x - 20 * u, y - 8 * u, x + 20 * u, y + 12 * u, (214, 150, 82), radius=1.5 * u)
    for k in (-1, 0, 1):
        c.circle(x + k * 13 * u, y - 8 * u, 8 * u, CRUST)
        c.circle(x + k * 13 * u - 2 * u, y - 10 * u, 4 * u, (216, 150, 84))
    c.rect(x - 20 * u, y + 8 * u, x + 20 * u, y + 12 * u, (196, 132, 68), radius=1 * u)


def _baguettes(c, x, y):
    u = c.u
    for offset, angle in ((-4, -8), (4, 6)):
        bx, by = x + offset * u, y + offset * 0.6 * u
        c.ellipse(bx, by + 1.5 * u, 29 * u, 5 * u, CRUST_DARK, angle=angle)
        c.ellipse(bx, by, 29 * u, 4.6 * u, (214, 148, 78), angle=angle)
        for k in range(5):
            sx = bx - 19 * u + k * 9.5 * u
            sy = by + math.tan(math.radians(angle)) * (sx - bx)
            c.ellipse(sx, sy - 0.8 * u, 4.5 * u, 1 * u, CRUMB, angle=angle - 25)


def _starter_jar(c, x, y):
    u = c.u
    c.rect(x - 7 * u, y - 20 * u, x + 7 * u, y, (220, 236, 232), radius=2 * u)
    c.rect(x - 6 * u, y - 12 * u, x + 6 * u, y - 1 * u, (244, 230, 200), radius=1.5 * u)
    for bx, by, r in ((-3, -6, 1), (2, -4, 0.8), (0, -9, 0.7), (3, -8, 0.5)):
        c.circle(x + bx * u, y + by * u, r * u, (222, 200, 160))
    c.rect(x - 8 * u, y - 24 * u, x + 8 * u, y - 19 * u, BERRY, radius=1 * u)
    c.rect(x - 8 * u, y - 22 * u, x + 8 * u, y - 21 * u, WHITE)


def bread(c, rng):
    """A loaf on a board (a scored bâtard, a floured boule, a tin loaf or two baguettes), a croissant, and wheat
    or a jar of sourdough starter."""
    table = room(c, rng, table=rng.choice([TEAL_200, (233, 211, 181)]))
    u, cx = c.u, c.cx
    flip = rng.choice([-1, 1])
    behind = rng.choice(["wheat", "jar"])
    if behind == "wheat":
        for index, lean in enumerate((-12, -4, 5)):
            _wheat(c, cx - flip * (34 - index * 4) * u, table + 2 * u, 46 * u, lean * flip)
    c.shadow(cx, table + 10 * u, 40 * u, 4 * u)
    if behind == "jar":
        c.shadow(cx - flip * 36 * u, table + 1 * u, 9 * u, 2 * u)
    c.apply_shadows()
    if behind == "jar":
        _starter_jar(c, cx - flip * 36 * u, table + 1 * u)
    c.rect(cx - 34 * u, table + 3 * u, cx + 34 * u, table + 10 * u, WOOD, radius=3 * u)
    c.rect(cx + flip * 32 * u - 7 * u, table + 5 * u, cx + flip * 32 * u + 7 * u, table + 8 * u, WOOD, radius=1.5 * u)
    c.circle(cx + flip * 37 * u, table + 6.5 * u, 0.9 * u, WOOD_DARK)
    loaf = ["batard", "boule", "tin", "baguettes"][c.seed % 4]  # Consecutive seeds, e.g. a showcase's entries, vary.
    x = cx - flip * 4 * u
    if loaf == "batard":
        _batard(c, x, table - 7 * u)
    elif loaf == "boule":
        _boule(c, x, table - 10 * u, rng)
    elif loaf == "tin":
        _tin_loaf(c, x, table - 9 * u)
    else:
        _baguettes(c, x, table - 1 * u)
    _croissant(c, cx + flip * 24 * u, table - 6 * u, scale=0.9)


def coffee(c, rng):
    table = room(c, rng, table=rng.choice([(233, 211, 181), TEAL_200]))
    u, cx = c.u, c.cx
    c.shadow(cx, table + 12 * u, 30 * u, 4 * u)
    c.apply_shadows()
    cup_colour = rng.choice([WHITE, TEAL_500, APRICOT_400])
    c.ellipse(cx, table + 10 * u, 30 * u, 6 * u, darken(CREAM, 0.06))
    c.ellipse(cx, table + 9 * u, 27 * u, 4.5 * u, WHITE)
    c.arc(cx + 19 * u, table - 10 * u, 7 * u, 8 * u, -80, 80, cup_colour, 3 * u)
    c.polygon(
        [
            (cx - 22 * u, table - 24 * u),
            (cx + 22 * u, table - 24 * u),
            (cx + 18 * u, table + 2 * u),
            (cx + 10 * u, table + 8 * u),
            (cx - 10 * u, table + 8 * u),
            (cx - 18 * u, table + 2 * u),
        ],
        cup_colour,
    )
    c.ellipse(cx, table - 24 * u, 22 * u, 5 * u, darken(cup_colour, 0.05))
    c.ellipse(cx, table - 24 * u, 20 * u, 4 * u, (140, 84, 48))
    # Latte art: a heart.
    c.circle(cx - 2.2 * u, table - 25 * u, 2.6 * u, CREAM)
    c.circle(cx + 2.2 * u, table - 25 * u, 2.6 * u, CREAM)
    c.polygon([(cx - 4.7 * u, table - 24.3 * u), (cx + 4.7 * u, table - 24.3 * u), (cx, table - 21 * u)], CREAM)
    for k in (-8, 0, 8):
        c.line(
            ellipse_points(cx + k * u, table - 38 * u, 2 * u, 6 * u, start=-90, end=270, steps=30)[::3],
            WHITE,
            1.2 * u,
            alpha=0.9,
        )
    for _ in range(6):
        bx = cx + rng.choice([-1, 1]) * rng.uniform(32, 44) * u
        by = table + rng.uniform(2, 14) * u
        a = rng.uniform(0, 180)
        c.ellipse(bx, by, 3 * u, 2 * u, (110, 62, 34), angle=a)
        c.line(rotate([(bx - 2.2 * u, by), (bx + 2.2 * u, by)], a, (bx, by)), (70, 38, 20), 0.5 * u)


def _market_shelf(c, rng, x0, x1, shelf, goods):
    u = c.u
    c.rect(x0 + 3 * u, shelf, x1 - 3 * u, shelf + 1.2 * u, WOOD)
    x = x0 + 6 * u
    while x < x1 - 6 * u:
        colour = rng.choice(goods)
        kind = rng.random()
        if kind < 0.4:
            c.rect(x - 2.5 * u, shelf - 7 * u, x + 2.5 * u, shelf, colour, radius=1 * u)
            c.rect(x - 2.8 * u, shelf - 8.5 * u, x + 2.8 * u, shelf - 7 * u, darken(colour, 0.2), radius=0.5 * u)
        elif kind < 0.75:
            c.ellipse(x, shelf - 4 * u, 3.2 * u, 4 * u, colour)
            c.rect(x - 1.2 * u, shelf - 9.5 * u, x + 1.2 * u, shelf - 7 * u, colour)
        else:
            c.circle(x, shelf - 3.2 * u, 3.2 * u, colour)
            c.arc(x, shelf - 3.2 * u, 2 * u, 3.2 * u, 0, 360, darken(colour, 0.2), 0.4 * u)
        x += 7.5 * u


def market(c, rng):
    u = c.u
    horizon = outdoors(c, rng, sun=True, ground=(238, 226, 204), horizon=0.72, sky=(TEAL_50, APRICOT_50))
    clouds(c, rng, 2)
    # Trees behind the stalls.
    for k in range(-1, int(c.width / (30 * u)) + 2):
        tx = k * 30 * u + rng.uniform(-4, 4) * u
        c.rect(tx - 1 * u, horizon - 20 * u, tx + 1 * u, horizon, WOOD_DARK)
        c.circle(tx, horizon - 24 * u, rng.uniform(8, 11) * u, LEAF if k % 2 else (120, 186, 120))
    stall_count = max(3, round(c.width / (46 * u)))
    width = c.width / stall_count
    awnings = [(colour, tint(colour, 0.72)) for colour in (APRICOT_500, TEAL_500, BERRY, SUN, BLUE)]
    rng.shuffle(awnings)
    goods = [APRICOT_400, TEAL_300, PINK, SUN, SKY, LEAF, BERRY, CRUST]
    for k in range(stall_count):
        x0, x1 = k * width + 3 * u, (k + 1) * width - 3 * u
        top = horizon - 44 * u + (k % 2) * 3 * u
        main, stripe = awnings[k % len(awnings)]
        c.shadow((x0 + x1) / 2, horizon + 16 * u, (x1 - x0) / 2, 2.5 * u)
        c.apply_shadows()
        c.rect(x0 + 2 * u, top, x1 - 2 * u, horizon + 2 * u, tint(main, 0.82))
        for x in (x0 + 2 * u, x1 - 2 * u):
            c.rect(x - 0.9 * u, top, x + 0.9 * u, horizon + 15 * u, WOOD_DARK)
        # Goods on shelves behind the counter.
        for shelf in (top + 20 * u, top + 34 * u):
            _market_shelf(c, rng, x0, x1, shelf, goods)
        # Counter with a cloth and a row of goods on top.
        c.rect(x0, horizon + 2 * u, x1, horizon + 16 * u, tint(main, 0.55), radius=1 * u)
        c.rect(x0, horizon + 2 * u, x1, horizon + 5 * u, tint(main, 0.35))
        x = x0 + 5 * u
        while x < x1 - 4 * u:
            colour = rng.choice(goods)
            c.ellipse(x, horizon + 0.5 * u, 3.4 * u, 2.4 * u, colour)
            x += 7 * u
        # Striped awning with a scalloped edge.
        stripes = 6
        sw = (x1 - x0 + 4 * u) / stripes
        c.polygon(
            [
                (x0 + 1 * u, top - 9 * u),
                (x1 - 1 * u, top - 9 * u),
                (x1 + 2 * u, top + 2 * u),
                (x0 - 2 * u, top + 2 * u),
            ],
            stripe,
        )
        for s in range(0, stripes, 2):
            sx = x0 - 2 * u + s * sw
            lx, rx = (
                x0 + 1 * u + (s / stripes) * (x1 - x0 - 2 * u),
                x0 + 1 * u + ((s + 1) / stripes) * (x1 - x0 - 2 * u),
            )
            c.polygon([(lx, top - 9 * u), (rx, top - 9 * u), (sx + sw, top + 2 * u), (sx, top + 2 * u)], main)
        for s in range(stripes):
            sx = x0 - 2 * u + s * sw
            c.ellipse(sx + sw / 2, top + 2 * u, sw / 2, 2.6 * u, main if s % 2 == 0 else stripe)
        c.rect(x0 - 2 * u, top - 10 * u, x1 + 2 * u, top - 8.6 * u, darken(main, 0.15), radius=0.6 * u)
    # Bunting strung between the stalls.
    points = [(x * c.width / 40, horizon - 66 * u + math.sin(x / 39 * math.pi * 2) * 2 * u + 3 * u) for x in range(41)]
    c.line(points, STRONG, 0.3 * u)
    for k in range(1, 40, 2):
        x, y = points[k]
        c.polygon([(x - 2 * u, y), (x + 2 * u, y), (x, y + 4 * u)], [APRICOT_400, TEAL_300, SUN, BERRY][k // 2 % 4])
    # A few visitors in front.
    for k in range(3 if c.width / c.height > 1.2 else 2):
        x = c.width * (0.2 + k * 0.3) + rng.uniform(-5, 5) * u
        bust(c, x, c.height + 2 * u, u * 0.62, rng)
