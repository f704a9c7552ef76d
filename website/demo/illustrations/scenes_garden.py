"""Home cards: a group's life as a plant (seedling, sapling, tree)."""

import math

from .canvas import clouds, outdoors
from .palette import APRICOT_50, APRICOT_400, BERRY, LEAF, LEAF_DARK, SUN, WOOD_DARK, darken


def _garden(c, rng):
    ground = outdoors(c, rng, ground=(176, 209, 160), sky=(APRICOT_50, (253, 236, 214)))
    clouds(c, rng, 1)
    u = c.u
    c.shadow(c.cx, ground + 14 * u, 30 * u, 4 * u)
    c.apply_shadows()
    c.ellipse(c.cx, ground + 14 * u, 30 * u, 6 * u, (150, 104, 70))
    c.ellipse(c.cx, ground + 12.5 * u, 26 * u, 3.5 * u, (170, 122, 84))
    return ground + 12 * u


def draw_leaf(c, x, y, length, width, angle, colour, vein=True):
    """A pointed leaf from (x, y) along ``angle`` (degrees, 0 = right, -90 = up)."""
    a = math.radians(angle)
    tip = (x + length * math.cos(a), y + length * math.sin(a))
    mid = (x + length * 0.5 * math.cos(a), y + length * 0.5 * math.sin(a))
    c.ellipse(mid[0], mid[1], length / 2, width / 2, colour, angle=angle)
    if vein:
        c.line([(x, y), (tip[0] - (tip[0] - x) * 0.15, tip[1] - (tip[1] - y) * 0.15)], darken(colour, 0.2), width / 9)


def seedling(c, rng):
    base = _garden(c, rng)
    u = c.u
    stem_top = base - 18 * u
    c.line([(c.cx, base), (c.cx + 0.5 * u, base - 9 * u), (c.cx, stem_top)], LEAF_DARK, 1.6 * u)
    draw_leaf(c, c.cx, stem_top, 14 * u, 8 * u, -160 + rng.uniform(-8, 8), LEAF)
    draw_leaf(c, c.cx, stem_top, 15 * u, 8.5 * u, -20 + rng.uniform(-8, 8), (120, 186, 120))


def sapling(c, rng):
    base = _garden(c, rng)
    u = c.u
    top = base - 44 * u
    c.line([(c.cx, base), (c.cx - 1 * u, base - 20 * u), (c.cx + 1 * u, top)], WOOD_DARK, 2.2 * u)
    for index, (height, side) in enumerate(((0.35, -1), (0.5, 1), (0.68, -1), (0.8, 1), (0.95, -1))):
        y = base - 44 * u * height
        branch_end = (c.cx + side * 7 * u, y - 5 * u)
        c.line([(c.cx, y), branch_end], WOOD_DARK, 1.2 * u)
        colour = LEAF if index % 2 else (120, 186, 120)
        draw_leaf(c, *branch_end, 11 * u, 6.5 * u, (-40 if side > 0 else -140) + rng.uniform(-10, 10), colour)
    draw_leaf(c, c.cx + 1 * u, top, 12 * u, 7 * u, -90 + rng.uniform(-10, 10), LEAF)


def tree(c, rng):
    base = _garden(c, rng)
    u = c.u
    c.polygon(
        [(c.cx - 4 * u, base), (c.cx - 2.5 * u, base - 30 * u), (c.cx + 2.5 * u, base - 30 * u), (c.cx + 4 * u, base)],
        WOOD_DARK,
    )
    c.line([(c.cx, base - 24 * u), (c.cx - 10 * u, base - 36 * u)], WOOD_DARK, 2 * u)
    c.line([(c.cx, base - 26 * u), (c.cx + 11 * u, base - 38 * u)], WOOD_DARK, 2 * u)
    crown = base - 50 * u
    for dx, dy, r, colour in (
        (-16, 6, 16, LEAF_DARK),
        (16, 6, 16, LEAF_DARK),
        (0, -8, 20, LEAF),
        (-12, -2, 14, LEAF),
        (13, -3, 14, LEAF),
        (0, 8, 15, LEAF),
    ):
        c.circle(c.cx + dx * u, crown + dy * u, r * u, colour)
    for _ in range(7):
        c.circle(
            c.cx + rng.uniform(-22, 22) * u,
            crown + rng.uniform(-16, 12) * u,
            1.8 * u,
            rng.choice([BERRY, APRICOT_400, SUN]),
        )
