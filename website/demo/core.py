"""The demo-site registry and its art: each module of ``website.demo`` registers builders that ``load_demo_data``
runs in order.

Builders must be idempotent (get-or-create by a natural key), so the run command can call them on every start.
Each builder receives a ``DemoContext`` to share what it made (members, images) with the builders after it and to
record the logins the command prints.
"""

import io
from dataclasses import dataclass, field

from django.core.files.images import ImageFile
from PIL import Image

from . import illustrations

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


ART_MARKER = "tonghaoli-demo-art"
AVATAR = "avatar"


@dataclass(frozen=True)
class Artwork:
    """One demo illustration: what it shows, its seed and size, and the signature written into the file.

    The signature (``tonghaoli-demo-art/v3/bread/500/1200x800``) travels in the JPEG comment, so a later run of
    ``load_demo_data`` can tell, from the file alone, whether it still shows the current drawing of the right subject
    and redraw it in place when the subject or ``illustrations.VERSION`` changed.
    """

    subject: str
    seed: int
    size: tuple = (1200, 800)
    topic: str = ""

    @property
    def scene(self):
        if self.subject == AVATAR:
            return AVATAR
        return illustrations.scene_for(self.subject, self.topic)

    @property
    def signature(self):
        width, height = self.size
        return f"{ART_MARKER}/v{illustrations.VERSION}/{self.scene}/{self.seed}/{width}x{height}"

    def render(self):
        if self.scene == AVATAR:
            return illustrations.avatar(self.seed, self.size[0])
        return illustrations.draw(self.scene, self.seed, self.size)

    def file(self, name):
        return image_file(self.render(), name, comment=self.signature)


def avatar_artwork(seed, size=256):
    """A member's portrait: drawn by ``illustrations.avatar`` rather than a scene."""
    return Artwork(AVATAR, seed, (size, size))


def image_file(image, name, fmt="JPEG", comment=""):
    """Encode for the web: progressive, optimised JPEG at quality 82 (PNG only where pixels must stay exact)."""
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(
            buffer, format="JPEG", quality=82, progressive=True, optimize=True, comment=comment.encode()
        )
    else:
        image.save(buffer, format=fmt, optimize=True)
    return ImageFile(buffer, name=name)


def file_signature(field_file):
    """``(signature, size)`` of a stored image (signature ``""`` when it has none); ``None`` without a readable file.

    Only the header is read, so checking every demo image on each start costs next to nothing.
    """
    if not field_file:
        return None
    try:
        with field_file.storage.open(field_file.name, "rb") as handle, Image.open(handle) as image:
            comment = image.info.get("comment", b"")
            return (comment.decode(errors="replace") if isinstance(comment, bytes) else str(comment)), image.size
    except (OSError, ValueError):
        return None


def needs_redraw(field_file, artwork, legacy_format="JPEG"):
    """Whether a demo file should be redrawn as ``artwork``.

    Redraw what is missing, what carries an older demo signature, and the unsigned art of earlier demo versions
    (same size, same format, no signature); leave alone anything else, such as a picture a developer uploaded.
    """
    found = file_signature(field_file)
    if found is None:
        return True
    signature, size = found
    if signature == artwork.signature:
        return False
    if signature.startswith(ART_MARKER):
        return True
    legacy_suffix = ".png" if legacy_format == "PNG" else ".jpg"
    return not signature and tuple(size) == tuple(artwork.size) and field_file.name.lower().endswith(legacy_suffix)


def refresh_file(instance, field_name, artwork, name, legacy_format="JPEG"):
    """Draw ``artwork`` into ``instance.<field_name>`` if it needs it (see ``needs_redraw``); returns whether it did.

    The caller saves the instance. The replaced file is deleted, so reruns leave no orphans in media storage.
    """
    field_file = getattr(instance, field_name)
    if not needs_redraw(field_file, artwork, legacy_format):
        return False
    old_name = field_file.name if field_file else ""
    field_file.save(name, artwork.file(name), save=False)
    if old_name and old_name != field_file.name:
        field_file.storage.delete(old_name)
    return True


def wagtail_image(title, seed, size=(1200, 800), subject=""):
    """Get or create the Wagtail image titled ``title`` (the natural key), drawn for its subject.

    The subject is read from ``subject`` or else the title itself ("课程封面：零基础欧包" shows bread). An image from
    an earlier demo run keeps its id, so every page using it stays linked, and gets the current drawing when the
    subject or the drawings changed.
    """
    from wagtail.images import get_image_model

    artwork = Artwork(subject or title, seed, tuple(size))
    name = f"demo-{artwork.scene}-{seed}.jpg"
    Image_ = get_image_model()
    image = Image_.objects.filter(title=title).first()
    if image is None:
        return Image_.objects.create(title=title, file=artwork.file(name))
    old_name = image.file.name
    if not needs_redraw(image.file, artwork):
        return image
    # What Wagtail's image form does when an editor replaces the file: drop the renditions, refresh the metadata.
    image.renditions.all().delete()
    image.file.save(name, artwork.file(name), save=False)
    image.width, image.height = artwork.size
    image.focal_point_x = image.focal_point_y = image.focal_point_width = image.focal_point_height = None
    image._set_image_file_metadata()
    image.save()
    if old_name and old_name != image.file.name:
        image.file.storage.delete(old_name)
    return image
