"""Share posters: one PNG per share card (website.core.sharing), sized for a phone screen and a WeChat Moments post.

Cover on top, the title in large type (wrapped character by character, which is how Chinese wraps; Latin words are
kept whole where they fit), the card's facts, the site's name and a QR code of the page's address. The font is
``settings.POSTER_FONT`` (Noto Sans CJK by default, Debian's fonts-noto-cjk); without it Pillow's own font draws,
which has no Chinese glyphs, so a deployment without the font still answers instead of failing.
"""

import io
import logging
from functools import lru_cache

import segno
from django.conf import settings
from django.db.models.fields.files import FieldFile
from PIL import Image, ImageDraw, ImageFont, ImageOps
from wagtail.images.models import AbstractImage

logger = logging.getLogger(__name__)

DEFAULT_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
WIDTH, HEIGHT = 750, 1334
COVER_HEIGHT = 560
MARGIN = 56
QR_SIZE = 240
INK = (33, 37, 41)
MUTED = (108, 117, 125)
ACCENT = (13, 110, 253)
PAPER = (255, 255, 255)
COVER_BACKGROUND = (231, 241, 255)
# Below this code point, letters belong to words (Latin, Greek, Cyrillic...); from it on, to CJK text and symbols.
CJK_START = 0x2E80
# An uploaded cover is opened only up to this size (Wagtail and the upload forms limit pixels already).
MAX_COVER_PIXELS = 40_000_000


@lru_cache(maxsize=16)
def font(size):
    path = getattr(settings, "POSTER_FONT", DEFAULT_FONT)
    try:
        return ImageFont.truetype(path, size)
    except OSError:
        logger.warning("Poster font %s not found; Pillow's default font draws (no CJK glyphs)", path)
        return ImageFont.load_default(size=size)


def _read(handle):
    image = Image.open(handle)
    if image.width * image.height > MAX_COVER_PIXELS:
        return None
    return ImageOps.exif_transpose(image).convert("RGB")


def _open_cover(cover):
    """The cover as an RGB image, or None when there is none or it cannot be read."""
    try:
        if isinstance(cover, AbstractImage):
            with cover.open_file() as handle:
                return _read(handle)
        if isinstance(cover, FieldFile) and cover:
            with cover.open("rb") as handle:
                return _read(handle)
    except (OSError, ValueError, Image.DecompressionBombError):
        logger.warning("Poster cover could not be read", exc_info=True)
    return None


def _tokens(text):
    """Words of alphabetic scripts stay whole, every CJK character may break a line."""
    word = ""
    for char in text:
        if ord(char) < CJK_START and not char.isspace():
            word += char
            continue
        if word:
            yield word
            word = ""
        yield char
    if word:
        yield word


def wrap(draw, text, face, width, max_lines):
    """``text`` in lines no wider than ``width``; the last shown line ends with an ellipsis when text is left over."""
    lines, line = [], ""
    for token in _tokens(" ".join((text or "").split())):
        candidate = line + token
        if draw.textlength(candidate, font=face) <= width or not line:
            line = candidate
            continue
        lines.append(line.rstrip())
        line = token.lstrip()
    if line:
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=face) > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines


def qr_image(url, size=QR_SIZE):
    """The QR code of ``url`` as a square RGB image, with its quiet zone."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=10, border=2)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB").resize((size, size), Image.NEAREST)


def render(card, url, site_name, caption):
    """The poster of ``card`` as PNG bytes; ``url`` is what the QR code opens, ``caption`` the line beside it."""
    poster = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(poster)
    cover = _open_cover(card.cover)
    if cover is not None:
        poster.paste(ImageOps.fit(cover, (WIDTH, COVER_HEIGHT), Image.LANCZOS), (0, 0))
    else:
        draw.rectangle((0, 0, WIDTH, COVER_HEIGHT), fill=COVER_BACKGROUND)
        draw.text((MARGIN, COVER_HEIGHT - MARGIN - 40), site_name, font=font(40), fill=ACCENT)
    y = COVER_HEIGHT + 44
    title_face = font(48)
    for line in wrap(draw, card.title, title_face, WIDTH - 2 * MARGIN, 3):
        draw.text((MARGIN, y), line, font=title_face, fill=INK)
        y += 66
    y += 12
    fact_face = font(28)
    for fact in card.facts[:4]:
        for line in wrap(draw, str(fact), fact_face, WIDTH - 2 * MARGIN, 1):
            draw.text((MARGIN, y), line, font=fact_face, fill=MUTED)
            y += 42
    qr_top = HEIGHT - MARGIN - QR_SIZE
    draw.line((MARGIN, qr_top - 32, WIDTH - MARGIN, qr_top - 32), fill=(222, 226, 230), width=2)
    poster.paste(qr_image(url), (WIDTH - MARGIN - QR_SIZE, qr_top))
    text_width = WIDTH - 3 * MARGIN - QR_SIZE
    name_y = qr_top + 40
    for line in wrap(draw, site_name, font(36), text_width, 2):
        draw.text((MARGIN, name_y), line, font=font(36), fill=INK)
        name_y += 50
    for line in wrap(draw, caption, fact_face, text_width, 2):
        draw.text((MARGIN, name_y + 12), line, font=fact_face, fill=MUTED)
        name_y += 40
    output = io.BytesIO()
    poster.save(output, format="PNG", optimize=True)
    return output.getvalue()
