"""The demo-site registry: each app's ``demo.py`` registers builders that ``load_demo_data`` runs in order.

Builders must be idempotent (get-or-create by a natural key), so the run command can call them on every start.
Each builder receives a ``DemoContext`` to share what it made (members, images) with the builders after it and to
record the logins the command prints.
"""

import colorsys
import io
import random
from dataclasses import dataclass, field

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

_builders = []


def register(order):
    """Register a builder; lower orders run first (core 0-99, accounts 100s, groups 200s, ...)."""

    def decorator(func):
        _builders.append((order, func.__module__, func))
        return func

    return decorator


def builders():
    return [func for _order, _module, func in sorted(_builders, key=lambda item: (item[0], item[1]))]


@dataclass
class DemoContext:
    password: str
    stdout: object = None
    logins: list = field(default_factory=list)
    objects: dict = field(default_factory=dict)

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)


def _palette(seed):
    rng = random.Random(seed)
    hue = rng.random()
    base = colorsys.hls_to_rgb(hue, 0.45, 0.55)
    light = colorsys.hls_to_rgb((hue + 0.08) % 1, 0.75, 0.6)
    accent = colorsys.hls_to_rgb((hue + 0.5) % 1, 0.6, 0.7)
    return [tuple(int(c * 255) for c in colour) for colour in (base, light, accent)], rng


def draw_scene(seed, size=(1200, 800)):
    """A soft abstract illustration (gradient, circles, rounded blocks), drawn in code so the repo ships no photos."""
    (base, light, accent), rng = _palette(seed)
    width, height = size
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        colour = tuple(int(base[i] * (1 - t) + light[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(7):
        radius = rng.randint(height // 10, height // 3)
        cx, cy = rng.randint(0, width), rng.randint(0, height)
        tint = tuple(min(255, c + rng.randint(10, 60)) for c in accent)
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=tint)
    for _ in range(4):
        w, h = rng.randint(width // 8, width // 4), rng.randint(height // 10, height // 5)
        x, y = rng.randint(0, width - w), rng.randint(0, height - h)
        draw.rounded_rectangle([x, y, x + w, y + h], radius=h // 3, fill=(255, 255, 255))
    return image


def draw_avatar(seed, size=256):
    """A round-faced, friendly avatar: coloured disc, two eyes and a smile."""
    (base, light, _accent), rng = _palette(seed)
    image = Image.new("RGB", (size, size), light)
    draw = ImageDraw.Draw(image)
    margin = size // 10
    draw.ellipse([margin, margin, size - margin, size - margin], fill=base)
    eye_y = size * 0.42
    for eye_x in (size * 0.38, size * 0.62):
        r = size * 0.045
        draw.ellipse([eye_x - r, eye_y - r, eye_x + r, eye_y + r], fill=(255, 255, 255))
    mouth = [size * 0.35, size * 0.5, size * 0.65, size * 0.68]
    draw.arc(mouth, start=20 + rng.randint(0, 10), end=160, fill=(255, 255, 255), width=max(2, size // 40))
    return image


def image_file(image, name, fmt="JPEG"):
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, quality=85)
    return ImageFile(buffer, name=name)


def wagtail_image(title, seed, size=(1200, 800)):
    """Get or create a Wagtail image drawn from ``seed``; the title is the natural key."""
    from wagtail.images import get_image_model

    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing is not None:
        return existing
    return Image_.objects.create(title=title, file=image_file(draw_scene(seed, size), f"demo-{seed}.jpg"))
