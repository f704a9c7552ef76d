"""Sport and outdoor scenes: running, cycling, hiking."""

import math

from .canvas import clouds, outdoors
from .palette import (
    APRICOT_50,
    APRICOT_500,
    APRICOT_700,
    BERRY,
    BLUE,
    HAIR,
    INK,
    LEAF_DARK,
    PINK,
    SKIN,
    STRONG,
    SUN,
    TEAL_500,
    TEAL_600,
    TEAL_700,
    TEAL_800,
    WHITE,
    WOOD,
    WOOD_DARK,
    darken,
)


def running(c, rng):
    horizon = outdoors(c, rng, ground=(224, 132, 92), sky=((255, 228, 200), APRICOT_50), hills=True)
    u, cx = c.u, c.cx
    # Track lanes.
    for k in range(1, 4):
        y = horizon + k * (c.height - horizon) / 4
        c.rect(0, y - 0.5 * u, c.width, y + 0.5 * u, WHITE, alpha=0.8)
    c.rect(0, horizon, c.width, horizon + 2 * u, (206, 112, 74))
    # Runner: mid-stride, leaning forward.
    ground = horizon + (c.height - horizon) * 0.62
    hip = (cx - 2 * u, ground - 30 * u)
    neck = (hip[0] + 6 * u, hip[1] - 22 * u)
    c.shadow(cx, ground + 1 * u, 18 * u, 2.5 * u)
    c.apply_shadows()
    skin = rng.choice(SKIN[:4])
    shirt, shorts = rng.choice([(APRICOT_500, TEAL_800), (TEAL_500, INK), (BLUE, APRICOT_700)])
    limb = 4.2 * u
    # Far limbs first, a shade darker.
    c.line([hip, (hip[0] - 10 * u, hip[1] + 12 * u), (hip[0] - 20 * u, hip[1] + 20 * u)], darken(skin, 0.12), limb)
    c.line(
        [neck, (neck[0] + 8 * u, neck[1] + 8 * u), (neck[0] + 15 * u, neck[1] + 2 * u)], darken(skin, 0.12), 3.4 * u
    )
    c.line([hip, (hip[0] + 12 * u, hip[1] + 8 * u), (hip[0] + 9 * u, ground - 3 * u)], skin, limb)
    c.ellipse(hip[0] - 21 * u, hip[1] + 22 * u, 4 * u, 2 * u, darken(shirt, 0.1), angle=40)
    c.ellipse(hip[0] + 11.5 * u, ground - 2 * u, 4.5 * u, 2 * u, shirt)
    c.line([hip, neck], shirt, 9 * u)
    c.polygon(
        [
            (hip[0] - 5 * u, hip[1] - 2 * u),
            (hip[0] + 5 * u, hip[1] - 2 * u),
            (hip[0] + 7 * u, hip[1] + 6 * u),
            (hip[0] - 6 * u, hip[1] + 6 * u),
        ],
        shorts,
    )
    c.line(
        [(neck[0] - 1 * u, neck[1] + 3 * u), (neck[0] - 9 * u, neck[1] + 11 * u), (neck[0] - 3 * u, neck[1] + 17 * u)],
        skin,
        3.4 * u,
    )
    head = (neck[0] + 3 * u, neck[1] - 7 * u)
    c.circle(*head, 6 * u, skin)
    c.ellipse(head[0] - 1.5 * u, head[1] - 3 * u, 6 * u, 4 * u, rng.choice(HAIR))
    c.circle(head[0] + 3 * u, head[1] + 0.3 * u, 0.7 * u, INK)
    # Speed lines.
    for k in range(3):
        y = neck[1] + k * 9 * u
        c.line([(hip[0] - 34 * u + k * 3 * u, y), (hip[0] - 22 * u + k * 3 * u, y)], WHITE, 1.2 * u, alpha=0.9)


def cycling(c, rng):
    horizon = outdoors(c, rng, ground=(176, 209, 160))
    u, cx = c.u, c.cx
    c.rect(0, horizon + 18 * u, c.width, horizon + 30 * u, STRONG)
    c.rect(0, horizon + 23.5 * u, c.width, horizon + 24.5 * u, WHITE)
    ground = horizon + 27 * u
    frame = rng.choice([TEAL_500, APRICOT_500, BLUE])
    back, front = (cx - 19 * u, ground - 14 * u), (cx + 19 * u, ground - 14 * u)
    c.shadow(cx, ground + 1 * u, 34 * u, 2.5 * u)
    c.apply_shadows()
    for wheel in (back, front):
        c.arc(*wheel, 14 * u, 14 * u, 0, 360, INK, 2.4 * u)
        for k in range(8):
            a = math.radians(k * 22.5)
            c.line(
                [
                    (wheel[0] - 12.5 * u * math.cos(a), wheel[1] - 12.5 * u * math.sin(a)),
                    (wheel[0] + 12.5 * u * math.cos(a), wheel[1] + 12.5 * u * math.sin(a)),
                ],
                STRONG,
                0.35 * u,
            )
        c.circle(*wheel, 1.6 * u, INK)
    pedal = (cx - 2 * u, ground - 14 * u)
    seat = (cx - 8 * u, ground - 34 * u)
    head = (cx + 13 * u, ground - 36 * u)
    c.line([back, pedal, (seat[0] + 1 * u, seat[1] + 3 * u), back], frame, 2 * u)
    c.line([pedal, (head[0] - 1 * u, head[1] + 4 * u), (seat[0] + 2 * u, seat[1] + 4 * u)], frame, 2 * u)
    c.line([(head[0] - 1 * u, head[1] + 2 * u), front], frame, 2 * u)
    c.line([(seat[0] + 1 * u, seat[1] + 3 * u), (seat[0] + 0.5 * u, seat[1])], INK, 1.4 * u)
    c.rect(seat[0] - 5 * u, seat[1] - 1.5 * u, seat[0] + 4 * u, seat[1] + 1 * u, INK, radius=1 * u)
    c.line(
        [(head[0] - 1 * u, head[1] + 2 * u), (head[0] - 2 * u, head[1] - 2 * u), (head[0] + 3 * u, head[1] - 3 * u)],
        INK,
        1.4 * u,
    )
    c.circle(*pedal, 2.6 * u, darken(frame))
    c.line([pedal, (pedal[0] + 3 * u, pedal[1] + 4 * u)], INK, 1 * u)
    # A basket of flowers on the handlebar.
    c.rect(head[0] + 1 * u, head[1] - 1 * u, head[0] + 11 * u, head[1] + 6 * u, WOOD, radius=1.2 * u)
    for k, colour in enumerate((BERRY, SUN, PINK)):
        c.circle(head[0] + (3 + k * 3) * u, head[1] - 2 * u, 2 * u, colour)


def outdoor(c, rng):
    u, cx = c.u, c.cx
    horizon = outdoors(c, rng, ground=(176, 209, 160), hills=False)
    clouds(c, rng, 2)
    peaks = [(-32, 42, 30, TEAL_500), (30, 38, 28, TEAL_600), (0, 54, 34, TEAL_700)]
    for dx, height, half, colour in peaks:
        px = cx + dx * u + rng.uniform(-3, 3) * u
        c.polygon(
            [
                (px - half * u * 1.4, horizon + 2 * u),
                (px, horizon - height * u),
                (px + half * u * 1.4, horizon + 2 * u),
            ],
            colour,
        )
        c.polygon(
            [
                (px, horizon - height * u),
                (px + half * u * 0.33, horizon - height * u * 0.75),
                (px + half * u * 0.1, horizon - height * u * 0.7),
                (px - half * u * 0.1, horizon - height * u * 0.76),
                (px - half * u * 0.33, horizon - height * u * 0.75),
            ],
            WHITE,
        )
    c.rect(0, horizon, c.width, c.height, (176, 209, 160))
    # A trail winding from the foreground to the foot of the mountains.
    left, right = [], []
    for k in range(13):
        t = k / 12
        x = cx + math.sin(t * 5.2) * (1 - t) * 20 * u + 6 * u
        y = c.height + 2 * u - t * (c.height + 2 * u - horizon)
        half = (1 - t) * 9 * u + 0.6 * u
        left.append((x - half, y))
        right.append((x + half, y))
    c.polygon(left + right[::-1], (238, 220, 188))
    # Pine trees on both sides.
    for side in (-1, 1):
        for k in range(3):
            tx = cx + side * (38 + k * 10 + rng.uniform(-2, 2)) * u
            ty = horizon + (8 + k * 7) * u
            size = 1 + k * 0.25
            c.rect(tx - 1 * u, ty - 2 * u, tx + 1 * u, ty + 3 * u, WOOD_DARK)
            for layer in range(3):
                w, top = (8 - layer * 2) * u * size, ty - (4 + layer * 5) * u * size
                c.polygon(
                    [
                        (tx - w, ty - layer * 5 * u * size),
                        (tx, top - 6 * u * size),
                        (tx + w, ty - layer * 5 * u * size),
                    ],
                    LEAF_DARK if layer % 2 else (72, 140, 92),
                )
    # A little flag at the trailhead.
    fx, fy = cx + 14 * u, c.height - 18 * u
    c.line([(fx, fy), (fx, fy - 14 * u)], WOOD_DARK, 0.8 * u)
    c.polygon([(fx, fy - 14 * u), (fx + 8 * u, fy - 11.5 * u), (fx, fy - 9 * u)], APRICOT_500)
