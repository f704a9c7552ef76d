"""Flat illustrations for the demo site, drawn in code so the repository ships no photographs and needs no credits.

Each scene is a function ``scene(canvas, rng)`` that paints one subject (bread, running, film...) in the site's own
palette (the tokens in ``static/css/site.css``): flat shapes, a soft shadow under what stands on the ground or the
table, a warm background. Scenes are composed in units of ``canvas.u`` (a hundredth of the shorter side) around the
centre, so one scene fits a 3:2 cover, a 2:1 group banner, a 4:3 card and a square entry alike, and a centre crop
keeps the subject. The seed only varies colours and arrangement; the subject never changes, so an image can be
redrawn identically (``illustration_for(subject, seed, size)``) and compared with the one on disk.

Drawing happens at two or three times the final size and is downsampled with Lanczos, which anti-aliases every edge
without per-shape smoothing.
"""

import math
import random

from PIL import Image, ImageDraw, ImageFilter

#: Bump when any scene's drawing changes, so ``load_demo_data`` redraws the images of existing demo databases.
VERSION = 3

# The site's tokens (static/css/site.css) plus the few warm supporting colours the subjects need.
TEAL_50 = (238, 248, 246)
TEAL_100 = (211, 236, 231)
TEAL_200 = (167, 216, 207)
TEAL_300 = (116, 191, 178)
TEAL_500 = (31, 138, 127)
TEAL_600 = (22, 114, 106)
TEAL_700 = (15, 94, 89)
TEAL_800 = (12, 74, 70)
TEAL_900 = (9, 56, 53)
APRICOT_50 = (253, 244, 236)
APRICOT_100 = (251, 227, 204)
APRICOT_300 = (245, 191, 140)
APRICOT_400 = (240, 160, 96)
APRICOT_500 = (224, 122, 58)
APRICOT_700 = (156, 74, 31)
CREAM = (250, 248, 244)
MUTED = (244, 241, 234)
BORDER = (228, 222, 210)
STRONG = (201, 193, 177)
INK = (31, 42, 42)
WHITE = (255, 255, 255)
SUN = (246, 196, 83)
CRUST = (200, 128, 63)
CRUST_DARK = (163, 92, 40)
CRUMB = (243, 217, 164)
WOOD = (201, 149, 92)
WOOD_DARK = (166, 112, 62)
LEAF = (90, 164, 105)
LEAF_DARK = (58, 128, 82)
BERRY = (208, 100, 76)
SKY = (169, 203, 230)
BLUE = (29, 90, 132)
PINK = (242, 167, 160)
SKIN = [(247, 214, 186), (234, 188, 150), (205, 150, 110), (160, 108, 74), (118, 78, 52)]
HAIR = [(45, 38, 35), (86, 58, 40), (140, 90, 52), (30, 30, 38), (176, 120, 70), (120, 120, 120)]
CLOTHES = [TEAL_500, APRICOT_500, BLUE, TEAL_700, BERRY, APRICOT_400, LEAF_DARK, TEAL_300]
WALLS = [(APRICOT_50, APRICOT_100), (TEAL_50, TEAL_100), (CREAM, MUTED), ((253, 240, 226), APRICOT_100)]


def _mix(a, b, t):
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def _shade(colour, amount=0.18):
    return _mix(colour, (0, 0, 0), amount)


def _tint(colour, amount=0.3):
    return _mix(colour, WHITE, amount)


def ellipse_points(cx, cy, rx, ry, angle=0, start=0, end=360, steps=72):
    """Points on an (optionally rotated, optionally partial) ellipse; angles in degrees, clockwise as on screen."""
    points = []
    count = max(2, int(steps * abs(end - start) / 360))
    rotation = math.radians(angle)
    for index in range(count + 1):
        t = math.radians(start + (end - start) * index / count)
        x, y = rx * math.cos(t), ry * math.sin(t)
        points.append(
            (
                cx + x * math.cos(rotation) - y * math.sin(rotation),
                cy + x * math.sin(rotation) + y * math.cos(rotation),
            )
        )
    return points


def rotate(points, angle, origin):
    ox, oy = origin
    a = math.radians(angle)
    cos, sin = math.cos(a), math.sin(a)
    return [(ox + (x - ox) * cos - (y - oy) * sin, oy + (x - ox) * sin + (y - oy) * cos) for x, y in points]


def rounded_rect_points(x0, y0, x1, y1, radius):
    radius = min(radius, (x1 - x0) / 2, (y1 - y0) / 2)
    corners = [(x1 - radius, y0 + radius, 270), (x1 - radius, y1 - radius, 0), (x0 + radius, y1 - radius, 90)]
    corners.append((x0 + radius, y0 + radius, 180))
    points = []
    for cx, cy, start in corners:
        points += ellipse_points(cx, cy, radius, radius, start=start, end=start + 90, steps=48)
    return points


class Canvas:
    """A supersampled drawing surface addressed in final-image pixels."""

    def __init__(self, size, scale=None, seed=0):
        self.width, self.height = size
        self.seed = seed
        self.scale = scale or (3 if max(size) <= 1000 else 2)
        self.image = Image.new("RGB", (self.width * self.scale, self.height * self.scale), CREAM)
        self.draw = ImageDraw.Draw(self.image)
        self.shadows = Image.new("L", self.image.size, 0)
        self.u = min(self.width, self.height) / 100
        self.cx = self.width / 2

    def _points(self, points):
        return [(x * self.scale, y * self.scale) for x, y in points]

    def _paint(self, operation, fill, alpha):
        if alpha is None:
            operation(self.draw, fill)
            return
        mask = Image.new("L", self.image.size, 0)
        operation(ImageDraw.Draw(mask), round(255 * alpha))
        self.image.paste(fill, mask=mask)

    def polygon(self, points, fill, alpha=None):
        scaled = self._points(points)
        self._paint(lambda draw, f: draw.polygon(scaled, fill=f), fill, alpha)

    def circle(self, cx, cy, r, fill, alpha=None):
        s = self.scale
        box = [(cx - r) * s, (cy - r) * s, (cx + r) * s, (cy + r) * s]
        self._paint(lambda draw, f: draw.ellipse(box, fill=f), fill, alpha)

    def ellipse(self, cx, cy, rx, ry, fill, angle=0, alpha=None):
        if angle:
            self.polygon(ellipse_points(cx, cy, rx, ry, angle), fill, alpha)
        else:
            s = self.scale
            box = [(cx - rx) * s, (cy - ry) * s, (cx + rx) * s, (cy + ry) * s]
            self._paint(lambda draw, f: draw.ellipse(box, fill=f), fill, alpha)

    def rect(self, x0, y0, x1, y1, fill, radius=0, angle=0, origin=None, alpha=None):
        points = rounded_rect_points(x0, y0, x1, y1, radius) if radius else [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        if angle:
            points = rotate(points, angle, origin or ((x0 + x1) / 2, (y0 + y1) / 2))
        self.polygon(points, fill, alpha)

    def line(self, points, fill, width, alpha=None):
        """A polyline with round caps and joints."""
        scaled = self._points(points)
        w = width * self.scale

        def operation(draw, f):
            draw.line(scaled, fill=f, width=round(w), joint="curve")
            for x, y in scaled:
                draw.ellipse([x - w / 2, y - w / 2, x + w / 2, y + w / 2], fill=f)

        self._paint(operation, fill, alpha)

    def arc(self, cx, cy, rx, ry, start, end, fill, width, angle=0):
        self.line(ellipse_points(cx, cy, rx, ry, angle, start, end, steps=96), fill, width)

    def shadow(self, cx, cy, rx, ry):
        """Queue a soft contact shadow; ``apply_shadows`` blurs them all at once before the objects are drawn."""
        s = self.scale
        ImageDraw.Draw(self.shadows).ellipse([(cx - rx) * s, (cy - ry) * s, (cx + rx) * s, (cy + ry) * s], fill=255)

    def apply_shadows(self, colour=INK, opacity=0.16):
        small = self.shadows.resize((max(1, self.image.width // 8), max(1, self.image.height // 8)))
        small = small.filter(ImageFilter.GaussianBlur(max(1.0, self.u * 1.2 * self.scale / 8)))
        mask = small.resize(self.image.size, Image.Resampling.BILINEAR).point(lambda v: round(v * opacity))
        self.image.paste(colour, mask=mask)
        self.shadows = Image.new("L", self.image.size, 0)

    def gradient(self, top, bottom, y0=0, y1=None):
        y1 = self.height if y1 is None else y1
        box = (0, round(y0 * self.scale), self.image.width, round(y1 * self.scale))
        height = max(1, box[3] - box[1])
        ramp = Image.linear_gradient("L").resize((self.image.width, height))
        band = Image.composite(Image.new("RGB", ramp.size, bottom), Image.new("RGB", ramp.size, top), ramp)
        self.image.paste(band, box[:2])

    def finish(self):
        return self.image.resize((self.width, self.height), Image.Resampling.LANCZOS)


# Backgrounds shared by the scenes -----------------------------------------------------------------------------


def _room(c, rng, table=TEAL_200, horizon=0.7):
    """A warm wall, a soft disc behind the subject and a table top; returns the table's top edge."""
    top, bottom = rng.choice(WALLS)
    c.gradient(top, bottom)
    u, y = c.u, c.height * horizon
    c.circle(c.cx, y - 22 * u, 46 * u, _tint(APRICOT_100, 0.2), alpha=0.7)
    c.rect(0, y, c.width, c.height, table)
    c.rect(0, y, c.width, y + 2.2 * u, _shade(table, 0.08))
    return y


def _outdoors(c, rng, sun=True, ground=TEAL_300, horizon=0.68, hills=True, sky=None):
    """Sky, a sun, two rows of rolling hills and the ground; returns the horizon line."""
    u, y = c.u, c.height * horizon
    top, bottom = sky or rng.choice([(APRICOT_50, APRICOT_100), (TEAL_50, APRICOT_50), ((255, 236, 214), CREAM)])
    c.gradient(top, bottom, 0, y)
    if sun:
        sx = c.cx + rng.choice([-1, 1]) * rng.uniform(20, 34) * u
        c.circle(sx, y - 40 * u, 13 * u, SUN, alpha=0.25)
        c.circle(sx, y - 40 * u, 9 * u, SUN)
    if hills:
        for index, colour in enumerate((TEAL_100, TEAL_200)):
            base = y + index * 3 * u
            for k in range(-2, int(c.width / (40 * u)) + 3):
                hx = k * 40 * u + rng.uniform(-8, 8) * u + index * 20 * u
                c.ellipse(hx, base, rng.uniform(28, 40) * u, rng.uniform(10, 18) * u - index * 3 * u, colour)
    c.rect(0, y, c.width, c.height, ground)
    return y


def _clouds(c, rng, count=2):
    u = c.u
    for _ in range(count):
        x, y = rng.uniform(0.1, 0.9) * c.width, rng.uniform(8, 22) * u
        for dx, dy, r in ((-5, 1, 4), (0, -1.5, 5.5), (5, 1, 4)):
            c.circle(x + dx * u, y + dy * u, r * u, WHITE, alpha=0.85)


# Home cards: a group's life as a plant ------------------------------------------------------------------------


def _garden(c, rng):
    ground = _outdoors(c, rng, ground=(176, 209, 160), sky=(APRICOT_50, (253, 236, 214)))
    _clouds(c, rng, 1)
    u = c.u
    c.shadow(c.cx, ground + 14 * u, 30 * u, 4 * u)
    c.apply_shadows()
    c.ellipse(c.cx, ground + 14 * u, 30 * u, 6 * u, (150, 104, 70))
    c.ellipse(c.cx, ground + 12.5 * u, 26 * u, 3.5 * u, (170, 122, 84))
    return ground + 12 * u


def _leaf(c, x, y, length, width, angle, colour, vein=True):
    """A pointed leaf from (x, y) along ``angle`` (degrees, 0 = right, -90 = up)."""
    a = math.radians(angle)
    tip = (x + length * math.cos(a), y + length * math.sin(a))
    mid = (x + length * 0.5 * math.cos(a), y + length * 0.5 * math.sin(a))
    c.ellipse(mid[0], mid[1], length / 2, width / 2, colour, angle=angle)
    if vein:
        c.line([(x, y), (tip[0] - (tip[0] - x) * 0.15, tip[1] - (tip[1] - y) * 0.15)], _shade(colour, 0.2), width / 9)


def seedling(c, rng):
    base = _garden(c, rng)
    u = c.u
    stem_top = base - 18 * u
    c.line([(c.cx, base), (c.cx + 0.5 * u, base - 9 * u), (c.cx, stem_top)], LEAF_DARK, 1.6 * u)
    _leaf(c, c.cx, stem_top, 14 * u, 8 * u, -160 + rng.uniform(-8, 8), LEAF)
    _leaf(c, c.cx, stem_top, 15 * u, 8.5 * u, -20 + rng.uniform(-8, 8), (120, 186, 120))


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
        _leaf(c, *branch_end, 11 * u, 6.5 * u, (-40 if side > 0 else -140) + rng.uniform(-10, 10), colour)
    _leaf(c, c.cx + 1 * u, top, 12 * u, 7 * u, -90 + rng.uniform(-10, 10), LEAF)


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


# Topics --------------------------------------------------------------------------------------------------------


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
    table = _room(c, rng, table=rng.choice([TEAL_200, (233, 211, 181)]))
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


def running(c, rng):
    horizon = _outdoors(c, rng, ground=(224, 132, 92), sky=((255, 228, 200), APRICOT_50), hills=True)
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
    c.line([hip, (hip[0] - 10 * u, hip[1] + 12 * u), (hip[0] - 20 * u, hip[1] + 20 * u)], _shade(skin, 0.12), limb)
    c.line(
        [neck, (neck[0] + 8 * u, neck[1] + 8 * u), (neck[0] + 15 * u, neck[1] + 2 * u)], _shade(skin, 0.12), 3.4 * u
    )
    c.line([hip, (hip[0] + 12 * u, hip[1] + 8 * u), (hip[0] + 9 * u, ground - 3 * u)], skin, limb)
    c.ellipse(hip[0] - 21 * u, hip[1] + 22 * u, 4 * u, 2 * u, _shade(shirt, 0.1), angle=40)
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
    horizon = _outdoors(c, rng, ground=(176, 209, 160))
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
    c.circle(*pedal, 2.6 * u, _shade(frame))
    c.line([pedal, (pedal[0] + 3 * u, pedal[1] + 4 * u)], INK, 1 * u)
    # A basket of flowers on the handlebar.
    c.rect(head[0] + 1 * u, head[1] - 1 * u, head[0] + 11 * u, head[1] + 6 * u, WOOD, radius=1.2 * u)
    for k, colour in enumerate((BERRY, SUN, PINK)):
        c.circle(head[0] + (3 + k * 3) * u, head[1] - 2 * u, 2 * u, colour)


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
    table = _room(c, rng, table=rng.choice([(233, 211, 181), TEAL_200]))
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
        c.rect(x - w / 2 + 3.5 * u, y - h + 1 * u, x - w / 2 + 4.5 * u, y - 1 * u, _tint(colour, 0.4))
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
    c.ellipse(cup[0], cup[1] + 5 * u, 11 * u, 2.5 * u, _tint(TEAL_100, 0.3))
    c.arc(cup[0] + 7 * u, cup[1] - 3 * u, 3.5 * u, 3.5 * u, -90, 90, _shade(CREAM, 0.05), 1.4 * u)
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
    table = _room(c, rng, table=(233, 211, 181))
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
    table = _room(c, rng, table=rng.choice([TEAL_200, (233, 211, 181)]))
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


def outdoor(c, rng):
    u, cx = c.u, c.cx
    horizon = _outdoors(c, rng, ground=(176, 209, 160), hills=False)
    _clouds(c, rng, 2)
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


def boardgames(c, rng):
    table = _room(c, rng, table=TEAL_200, horizon=0.62)
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


def music(c, rng):
    table = _room(c, rng, table=(233, 211, 181), horizon=0.8)
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
    c.polygon(place(ellipse_points(*lower, 17 * u, 16 * u)), _shade(body, 0.25))
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


def plants(c, rng):
    table = _room(c, rng, table=(233, 211, 181), horizon=0.76)
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
                _leaf(c, x, top, rng.uniform(14, 19) * u, 7 * u, angle, LEAF if k % 2 else LEAF_DARK)
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
                _leaf(c, x, top, 9 * u, 6 * u, angle, (120, 186, 150) if k % 2 else (98, 170, 136), vein=False)
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
            x - width * 1.08 * u, top - 1 * u, x + width * 1.08 * u, top + 3.5 * u, _shade(colour, 0.1), radius=1 * u
        )
    # A watering can's spout peeking in.
    c.circle(cx + 47 * u, table - 30 * u, 1.2 * u, SKY)
    c.circle(cx + 44 * u, table - 26 * u, 1 * u, SKY)


def coffee(c, rng):
    table = _room(c, rng, table=rng.choice([(233, 211, 181), TEAL_200]))
    u, cx = c.u, c.cx
    c.shadow(cx, table + 12 * u, 30 * u, 4 * u)
    c.apply_shadows()
    cup_colour = rng.choice([WHITE, TEAL_500, APRICOT_400])
    c.ellipse(cx, table + 10 * u, 30 * u, 6 * u, _shade(CREAM, 0.06))
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
    c.ellipse(cx, table - 24 * u, 22 * u, 5 * u, _shade(cup_colour, 0.05))
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


def language(c, rng):
    _room(c, rng, table=TEAL_100, horizon=0.9)
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


def _bust(c, x, y, scale, rng, clothes=None):
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
    c.rect(x - 3 * s, head[1] + 5 * s, x + 3 * s, y - 12 * s, _shade(skin, 0.08))
    c.ellipse(x, y - 13 * s, 5 * s, 2.5 * s, _shade(skin, 0.08))
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
    c.arc(head[0], head[1] + 3.5 * s, 2.6 * s, 1.8 * s, 20, 160, _shade(skin, 0.35), 0.7 * s)
    c.circle(head[0] - 5 * s, head[1] + 4 * s, 1.4 * s, PINK, alpha=0.5)
    c.circle(head[0] + 5 * s, head[1] + 4 * s, 1.4 * s, PINK, alpha=0.5)


def community(c, rng):
    top, bottom = rng.choice(WALLS)
    c.gradient(top, bottom)
    u, cx = c.u, c.cx
    table = c.height * 0.66
    c.circle(cx, table - 20 * u, 44 * u, _tint(APRICOT_100, 0.2), alpha=0.7)
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
        _bust(c, x, table + 2 * u, u * 1.05, rng, clothes=order[k])
    c.rect(0, table, c.width, c.height, TEAL_200)
    c.rect(-2 * u, table, c.width + 2 * u, table + 3 * u, _shade(TEAL_200, 0.08))
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


def _market_shelf(c, rng, x0, x1, shelf, goods):
    u = c.u
    c.rect(x0 + 3 * u, shelf, x1 - 3 * u, shelf + 1.2 * u, WOOD)
    x = x0 + 6 * u
    while x < x1 - 6 * u:
        colour = rng.choice(goods)
        kind = rng.random()
        if kind < 0.4:
            c.rect(x - 2.5 * u, shelf - 7 * u, x + 2.5 * u, shelf, colour, radius=1 * u)
            c.rect(x - 2.8 * u, shelf - 8.5 * u, x + 2.8 * u, shelf - 7 * u, _shade(colour, 0.2), radius=0.5 * u)
        elif kind < 0.75:
            c.ellipse(x, shelf - 4 * u, 3.2 * u, 4 * u, colour)
            c.rect(x - 1.2 * u, shelf - 9.5 * u, x + 1.2 * u, shelf - 7 * u, colour)
        else:
            c.circle(x, shelf - 3.2 * u, 3.2 * u, colour)
            c.arc(x, shelf - 3.2 * u, 2 * u, 3.2 * u, 0, 360, _shade(colour, 0.2), 0.4 * u)
        x += 7.5 * u


def market(c, rng):
    u = c.u
    horizon = _outdoors(c, rng, sun=True, ground=(238, 226, 204), horizon=0.72, sky=(TEAL_50, APRICOT_50))
    _clouds(c, rng, 2)
    # Trees behind the stalls.
    for k in range(-1, int(c.width / (30 * u)) + 2):
        tx = k * 30 * u + rng.uniform(-4, 4) * u
        c.rect(tx - 1 * u, horizon - 20 * u, tx + 1 * u, horizon, WOOD_DARK)
        c.circle(tx, horizon - 24 * u, rng.uniform(8, 11) * u, LEAF if k % 2 else (120, 186, 120))
    stall_count = max(3, round(c.width / (46 * u)))
    width = c.width / stall_count
    awnings = [(colour, _tint(colour, 0.72)) for colour in (APRICOT_500, TEAL_500, BERRY, SUN, BLUE)]
    rng.shuffle(awnings)
    goods = [APRICOT_400, TEAL_300, PINK, SUN, SKY, LEAF, BERRY, CRUST]
    for k in range(stall_count):
        x0, x1 = k * width + 3 * u, (k + 1) * width - 3 * u
        top = horizon - 44 * u + (k % 2) * 3 * u
        main, stripe = awnings[k % len(awnings)]
        c.shadow((x0 + x1) / 2, horizon + 16 * u, (x1 - x0) / 2, 2.5 * u)
        c.apply_shadows()
        c.rect(x0 + 2 * u, top, x1 - 2 * u, horizon + 2 * u, _tint(main, 0.82))
        for x in (x0 + 2 * u, x1 - 2 * u):
            c.rect(x - 0.9 * u, top, x + 0.9 * u, horizon + 15 * u, WOOD_DARK)
        # Goods on shelves behind the counter.
        for shelf in (top + 20 * u, top + 34 * u):
            _market_shelf(c, rng, x0, x1, shelf, goods)
        # Counter with a cloth and a row of goods on top.
        c.rect(x0, horizon + 2 * u, x1, horizon + 16 * u, _tint(main, 0.55), radius=1 * u)
        c.rect(x0, horizon + 2 * u, x1, horizon + 5 * u, _tint(main, 0.35))
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
        c.rect(x0 - 2 * u, top - 10 * u, x1 + 2 * u, top - 8.6 * u, _shade(main, 0.15), radius=0.6 * u)
    # Bunting strung between the stalls.
    points = [(x * c.width / 40, horizon - 66 * u + math.sin(x / 39 * math.pi * 2) * 2 * u + 3 * u) for x in range(41)]
    c.line(points, STRONG, 0.3 * u)
    for k in range(1, 40, 2):
        x, y = points[k]
        c.polygon([(x - 2 * u, y), (x + 2 * u, y), (x, y + 4 * u)], [APRICOT_400, TEAL_300, SUN, BERRY][k // 2 % 4])
    # A few visitors in front.
    for k in range(3 if c.width / c.height > 1.2 else 2):
        x = c.width * (0.2 + k * 0.3) + rng.uniform(-5, 5) * u
        _bust(c, x, c.height + 2 * u, u * 0.62, rng)


def handmade(c, rng):
    table = _room(c, rng, table=(233, 211, 181))
    u, cx = c.u, c.cx
    c.shadow(cx - 16 * u, table + 12 * u, 16 * u, 3 * u)
    c.shadow(cx + 24 * u, table + 8 * u, 12 * u, 2.5 * u)
    c.apply_shadows()
    # A vase with a glaze band.
    vx = cx + 24 * u
    glaze = rng.choice([TEAL_500, BLUE, APRICOT_500])
    c.ellipse(vx, table - 8 * u, 12 * u, 14 * u, _tint(glaze, 0.35))
    c.rect(vx - 4 * u, table - 32 * u, vx + 4 * u, table - 18 * u, _tint(glaze, 0.35))
    c.rect(vx - 6 * u, table - 33 * u, vx + 6 * u, table - 30 * u, glaze, radius=1 * u)
    c.rect(vx - 12 * u, table - 10 * u, vx + 12 * u, table - 6 * u, glaze)
    for k in range(3):
        _leaf(c, vx + (k - 1) * 2 * u, table - 33 * u, 14 * u, 5 * u, -90 + (k - 1) * 25, LEAF)
    # A ball of yarn with two knitting needles.
    yx, yy = cx - 16 * u, table - 2 * u
    yarn = rng.choice([APRICOT_400, BERRY, TEAL_300])
    c.line([(yx + 12 * u, yy + 10 * u), (yx + 26 * u, table + 14 * u), (c.width, table + 13 * u)], yarn, 1 * u)
    c.circle(yx, yy, 14 * u, yarn)
    for k in range(5):
        c.arc(yx, yy, 14 * u * (0.4 + 0.12 * k), 14 * u, 200, 340, _shade(yarn, 0.15), 0.6 * u, angle=35)
        c.arc(yx, yy, 14 * u, 14 * u * (0.3 + 0.14 * k), 200, 340, _tint(yarn, 0.2), 0.6 * u, angle=-20)
    for k, angle in enumerate((-60, -38)):
        start = (yx - 4 * u + k * 6 * u, yy + 6 * u)
        end = rotate([(start[0] + 32 * u, start[1])], angle, start)[0]
        c.line([start, end], WOOD_DARK, 1.1 * u)
        c.circle(*end, 1.6 * u, SUN)


def calligraphy(c, rng):
    """A hanging scroll of brushwork on the wall; on the table a brush on its rest, an ink stone, tea."""
    table = _room(c, rng, table=(233, 211, 181), horizon=0.72)
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
    c.ellipse(tx, ty - 14 * u, 7 * u, 2 * u, _shade(pot, 0.2))
    c.circle(tx, ty - 16.5 * u, 1.8 * u, _shade(pot, 0.2))
    c.ellipse(tx - 4 * u, ty - 8 * u, 3 * u, 2 * u, WHITE, alpha=0.3)
    c.rect(tx + 10 * u, table + 6 * u, tx + 18 * u, table + 12 * u, CREAM, radius=1.5 * u)
    c.ellipse(tx + 14 * u, table + 6 * u, 4 * u, 1 * u, (190, 150, 80))


def cat(c, rng):
    table = _room(c, rng, table=(176, 209, 160), horizon=0.78)
    u, cx = c.u, c.cx
    fur = rng.choice([(232, 160, 96), (120, 120, 124), (60, 58, 60), (236, 226, 212)])
    c.shadow(cx, table + 4 * u, 22 * u, 3 * u)
    c.shadow(cx + 30 * u, table + 5 * u, 10 * u, 2 * u)
    c.apply_shadows()
    # Tail curling round.
    c.line(
        ellipse_points(cx + 14 * u, table - 4 * u, 12 * u, 8 * u, start=-30, end=120, steps=40),
        _shade(fur, 0.1),
        4 * u,
    )
    c.ellipse(cx, table - 14 * u, 16 * u, 18 * u, fur)
    c.ellipse(cx, table - 8 * u, 9 * u, 11 * u, _tint(fur, 0.45))
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
                _shade(fur, 0.35),
                0.3 * u,
            )
    c.polygon(
        [(head[0] - 1.3 * u, head[1] + 2.5 * u), (head[0] + 1.3 * u, head[1] + 2.5 * u), (head[0], head[1] + 3.8 * u)],
        BERRY,
    )
    c.arc(head[0] - 1.3 * u, head[1] + 4 * u, 1.3 * u, 1 * u, 0, 180, INK, 0.35 * u)
    c.arc(head[0] + 1.3 * u, head[1] + 4 * u, 1.3 * u, 1 * u, 0, 180, INK, 0.35 * u)
    for side in (-1, 1):
        c.ellipse(cx + side * 5 * u, table + 1 * u, 4 * u, 2.4 * u, _tint(fur, 0.3))
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


def neighbourhood(c, rng):
    dusk = rng.random() < 0.5
    sky = ((250, 200, 160), (253, 236, 214)) if dusk else (TEAL_50, APRICOT_50)
    horizon = _outdoors(c, rng, sun=dusk, ground=STRONG, hills=False, horizon=0.78, sky=sky)
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
    horizon = _outdoors(c, rng, ground=(176, 209, 160), hills=False, horizon=0.9)
    _clouds(c, rng, 2)
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


# The catalogue and its lookups -----------------------------------------------------------------------------------

SCENES = {
    "bread": bread,
    "running": running,
    "cycling": cycling,
    "film": film,
    "reading": reading,
    "picture-books": picture_books,
    "photography": photography,
    "outdoor": outdoor,
    "board-games": boardgames,
    "music": music,
    "plants": plants,
    "coffee": coffee,
    "language": language,
    "community": community,
    "market": market,
    "handmade": handmade,
    "calligraphy": calligraphy,
    "cat": cat,
    "neighbourhood": neighbourhood,
    "seedling": seedling,
    "sapling": sapling,
    "tree": tree,
    "leader": leader,
}

#: Topic slugs (portal.groups Topic) to scenes.
TOPIC_SCENES = {
    "baking": "bread",
    "film": "film",
    "sports": "running",
    "reading": "reading",
    "parenting": "picture-books",
    "outdoor": "outdoor",
    "crafts": "handmade",
    "music": "music",
    "photography": "photography",
    "career": "reading",
    "pets": "cat",
    "local": "neighbourhood",
    "gardening": "plants",
    "coffee": "coffee",
    "language": "language",
    "volunteering": "community",
    "boardgames": "board-games",
}

#: Words in a title that name a subject, checked in order (more specific first) before the topic.
KEYWORDS = [
    (("手作市集", "市集", "集市", "market", "craft fair"), "market"),
    (("新社群", "起步", "seedling", "new group"), "seedling"),
    (("成长", "growing", "sapling"), "sapling"),
    (("核心社群", "core group", "mature"), "tree"),
    (("群主", "领袖", "讲师", "达人", "徽章", "leader", "guide", "mentor", "lecturer", "badge"), "leader"),
    (("书法", "临帖", "茶", "calligraphy", "tea"), "calligraphy"),
    (("骑行", "单车", "自行车", "cycling", "bike", "bicycle"), "cycling"),
    (("欧包", "面包", "吐司", "可颂", "馒头", "烘焙", "酵种", "bread", "baking", "croissant", "sourdough"), "bread"),
    (("跑", "马拉松", "running", "marathon", "jog"), "running"),
    (("电影", "影评", "放映", "film", "movie", "cinema"), "film"),
    (("绘本", "亲子", "picture book", "parent"), "picture-books"),
    (("摄影", "拍", "胶片", "构图", "photo", "camera"), "photography"),
    (("街角", "巷口", "路灯", "老街", "街坊", "邻里", "早市", "光斑", "street", "neighbour"), "neighbourhood"),
    (("读书", "共读", "夜读", "书", "reading", "book"), "reading"),
    (("徒步", "登山", "露营", "城墙", "hiking", "outdoor", "trail"), "outdoor"),
    (("桌游", "board game", "dice"), "board-games"),
    (("吉他", "弹唱", "音乐", "合唱", "guitar", "music", "song"), "music"),
    (("植物", "园艺", "花园", "多肉", "plant", "garden"), "plants"),
    (("咖啡", "coffee", "latte"), "coffee"),
    (("语言", "外语", "英语", "口语", "language", "conversation"), "language"),
    (("猫", "狗", "宠物", "cat", "dog", "pet"), "cat"),
    (("手工", "编织", "陶艺", "手作", "帆布袋", "craft", "handmade", "knit", "tote"), "handmade"),
    (("志愿", "公益", "见面会", "volunteer", "community", "meetup"), "community"),
]

GENERIC = "community"


def scene_for(subject="", topic=""):
    """The scene name for a subject: a scene name, then words in the text, then the topic slug, else the generic one.

    ``subject`` is usually a title (``"零基础欧包：从养酵种开始"``) or a scene name; ``topic`` a Topic slug.
    """
    text = (subject or "").strip().lower()
    if text in SCENES:
        return text
    for words, scene in KEYWORDS:
        if any(word in text for word in words):
            return scene
    if topic in TOPIC_SCENES:
        return TOPIC_SCENES[topic]
    if topic in SCENES:
        return topic
    return GENERIC


def draw(scene, seed, size):
    """Draw scene ``scene`` (a key of ``SCENES``) at ``size``; the same arguments always give the same pixels."""
    canvas = Canvas(size, seed=seed)
    SCENES[scene](canvas, random.Random(f"{scene}:{seed}"))
    return canvas.finish()


def illustration_for(subject="", seed=0, size=(1200, 800), topic=""):
    """The illustration for a title or scene name (and optionally a topic slug): a PIL image, deterministic for
    ``seed``."""
    return draw(scene_for(subject, topic), seed, size)


def avatar(seed, size=256):
    """A flat head-and-shoulders portrait on a coloured disc; no initials, so it reads as a picture, not a name."""
    rng = random.Random(f"avatar:{seed}")
    canvas = Canvas((size, size), scale=3)
    backdrop = rng.choice([TEAL_100, APRICOT_100, TEAL_200, APRICOT_300, SKY, (232, 226, 246)])
    canvas.image.paste(backdrop, (0, 0, *canvas.image.size))
    u = canvas.u
    _bust(canvas, 50 * u, 104 * u, 2.2 * u, rng)
    return canvas.finish()
