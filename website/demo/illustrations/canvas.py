"""The drawing surface of the demo illustrations: geometry helpers, ``Canvas`` and the shared backgrounds."""

import math

from PIL import Image, ImageDraw, ImageFilter

from .palette import (
    APRICOT_50,
    APRICOT_100,
    CREAM,
    INK,
    SUN,
    TEAL_50,
    TEAL_100,
    TEAL_200,
    TEAL_300,
    WALLS,
    WHITE,
    darken,
    tint,
)


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


def room(c, rng, table=TEAL_200, horizon=0.7):
    """A warm wall, a soft disc behind the subject and a table top; returns the table's top edge."""
    top, bottom = rng.choice(WALLS)
    c.gradient(top, bottom)
    u, y = c.u, c.height * horizon
    c.circle(c.cx, y - 22 * u, 46 * u, tint(APRICOT_100, 0.2), alpha=0.7)
    c.rect(0, y, c.width, c.height, table)
    c.rect(0, y, c.width, y + 2.2 * u, darken(table, 0.08))
    return y


def outdoors(c, rng, sun=True, ground=TEAL_300, horizon=0.68, hills=True, sky=None):
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


def clouds(c, rng, count=2):
    u = c.u
    for _ in range(count):
        x, y = rng.uniform(0.1, 0.9) * c.width, rng.uniform(8, 22) * u
        for dx, dy, r in ((-5, 1, 4), (0, -1.5, 5.5), (5, 1, 4)):
            c.circle(x + dx * u, y + dy * u, r * u, WHITE, alpha=0.85)
