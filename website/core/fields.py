"""Form fields shared by every member-facing upload: one validation path from raw bytes to a clean re-encoded image.

Members' files are hostile until proven otherwise, and decoding is the expensive, dangerous step. So every upload goes
through the same order: how many files and how many bytes (free), then the header (format and dimensions, without
decoding a pixel), and only then one decode, whose result is re-encoded without EXIF. A decompression bomb, a fake or
truncated file is a form error at whichever step finds it, never a server error.
"""

import io
import mimetypes
import os
import warnings

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps


def _interpolate(message, values):
    return message % values


# Messages built once at import must still follow each request's language: interpolate when shown.
interpolate_lazy = lazy(_interpolate, str)

# Members never upload SVG: it can carry script. Raster formats only, each with the Pillow format it must really be.
MEMBER_IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
MEMBER_IMAGE_EXTENSIONS = list(MEMBER_IMAGE_FORMATS)

# What Pillow raises on a file it cannot read: unknown format, truncated data, a broken header, a bomb.
UNREADABLE = (Image.DecompressionBombError, Image.DecompressionBombWarning, OSError, SyntaxError, ValueError, EOFError)


def _extension(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


class MemberImageField(forms.FileField):
    """An image upload from a member, checked with the field's own limits and returned re-encoded.

    Not Wagtail's image field: that one opens the file with Willow, then Pillow to count pixels and frames, and
    lets Pillow's own errors (a bomb, a fake GIF) escape as server errors. Here the file is decoded once.
    """

    default_error_messages = {
        # Django's own message, so Django's catalogue translates it.
        "invalid_image": forms.ImageField.default_error_messages["invalid_image"],
        "bomb": _("This image is too large to process."),
    }

    def __init__(self, *args, max_upload_size, max_image_pixels, resize_to=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.resize_to = resize_to
        self.max_upload_size = max_upload_size
        self.max_image_pixels = max_image_pixels
        size_text = filesizeformat(max_upload_size)
        formats_text = ", ".join(MEMBER_IMAGE_EXTENSIONS).upper()
        self.help_text = self.help_text or interpolate_lazy(
            _("Supported formats: %(formats)s. Maximum size: %(size)s."), {"formats": formats_text, "size": size_text}
        )
        self.error_messages["invalid_image_extension"] = interpolate_lazy(
            _("Not a supported image format. Supported formats: %(formats)s."), {"formats": formats_text}
        )
        self.error_messages["file_too_large"] = interpolate_lazy(
            _("This file is too big. Maximum size: %(size)s."), {"size": size_text}
        )
        self.widget.attrs.setdefault("accept", ",".join(f".{ext}" for ext in MEMBER_IMAGE_EXTENSIONS))

    # --- The steps, cheapest first ------------------------------------------------------------------------------

    def check_before_decoding(self, upload):
        """Name and byte size: known without reading a byte of the file."""
        if _extension(upload.name) not in MEMBER_IMAGE_FORMATS:
            # An image of a kind we do not take (SVG, HEIC...) is told so; anything else is simply not an image.
            if (mimetypes.guess_type(upload.name)[0] or "").startswith("image/"):
                raise forms.ValidationError(
                    self.error_messages["invalid_image_extension"], code="invalid_image_extension"
                )
            raise forms.ValidationError(self.error_messages["invalid_image"], code="invalid_image")
        if upload.size is None or upload.size > self.max_upload_size:
            raise forms.ValidationError(self.error_messages["file_too_large"], code="file_too_large")

    def open_header(self, upload):
        """Format and dimensions from the header only; Pillow's bomb guard and our pixel limit both refuse."""
        upload.seek(0)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(upload)
                width, height = image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise forms.ValidationError(self.error_messages["bomb"], code="decompression_bomb") from exc
        except UNREADABLE as exc:
            raise forms.ValidationError(self.error_messages["invalid_image"], code="invalid_image") from exc
        extension = _extension(upload.name)
        if image.format != MEMBER_IMAGE_FORMATS[extension]:
            # Wagtail's wording (and its translations): the file is another format than its name says.
            message = _(
                "Not a valid .%(extension)s image. The extension does not match the file format (%(image_format)s)"
            )
            raise forms.ValidationError(
                message,
                code="invalid_image_known_format",
                params={"extension": extension, "image_format": image.format},
            )
        if width * height > self.max_image_pixels:
            message = _("This file has too many pixels (%(num_pixels)s). Maximum pixels %(max_pixels_count)s.")
            raise forms.ValidationError(
                message,
                code="file_too_many_pixels",
                params={"num_pixels": width * height, "max_pixels_count": self.max_image_pixels},
            )
        return image

    def decode(self, image):
        """The one decode: a truncated or corrupt body fails here, as a form error."""
        if self.resize_to and image.format == "JPEG":
            # JPEG can decode straight at a reduced scale that is still at least the target size: far less work.
            image.draft("RGB", (self.resize_to, self.resize_to))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image.load()
        except UNREADABLE as exc:
            raise forms.ValidationError(self.error_messages["invalid_image"], code="invalid_image") from exc
        return image

    def validate_upload(self, upload):
        """Everything but the decode; MultipleImageField runs this for every file before decoding any."""
        self.check_before_decoding(upload)
        return self.open_header(upload)

    def finish(self, upload, image):
        try:
            image = self.decode(image)
            return reencode(image, upload.name, self.resize_to)
        finally:
            image.close()

    # --- Django's field protocol ---------------------------------------------------------------------------------

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if not value or value is initial:
            return value
        return self.finish(value, self.validate_upload(value))


def reencode(image, original_name, longest_side=None):
    """Re-encode a decoded image: upright, at most ``longest_side`` pixels, without EXIF (no GPS leaks).

    Pages show avatars and covers small; serving the member's original multi-megabyte photo would be slow and
    would publish whatever metadata their camera wrote. Animated GIFs keep only their first frame.
    """
    source_format = image.format
    upright = ImageOps.exif_transpose(image)
    if longest_side:
        upright.thumbnail((longest_side, longest_side))
    keep_alpha = upright.mode in ("RGBA", "LA", "P", "PA") and source_format in ("PNG", "GIF", "WEBP")
    buffer = io.BytesIO()
    if keep_alpha:
        upright.convert("RGBA").save(buffer, format="PNG", optimize=True)
        extension, content_type = "png", "image/png"
    else:
        upright.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
        extension, content_type = "jpg", "image/jpeg"
    stem = os.path.splitext(os.path.basename(original_name or ""))[0][:60] or "image"
    return SimpleUploadedFile(f"{stem}.{extension}", buffer.getvalue(), content_type=content_type)


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several member images in one input, validated like MemberImageField; returns a list of re-encoded files.

    The count, then every file's size and header, are checked before any file is decoded: fifty photos over a limit
    of nine cost nothing, and one bad file among nine refuses the lot before work is spent on the others.
    """

    widget = MultipleImageInput

    def __init__(self, *args, max_files, max_upload_size, max_image_pixels, resize_to=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.max_files = max_files
        self.too_many_message = None
        self.image_field = MemberImageField(
            max_upload_size=max_upload_size, max_image_pixels=max_image_pixels, resize_to=resize_to
        )
        self.widget.attrs.setdefault("accept", ",".join(f".{ext}" for ext in MEMBER_IMAGE_EXTENSIONS))

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > self.max_files:
            message = self.too_many_message or interpolate_lazy(_("At most %(n)d images."), {"n": self.max_files})
            raise forms.ValidationError(message, code="too_many")
        headers = []
        try:
            for upload in files:
                headers.append(self.image_field.validate_upload(upload))
        except forms.ValidationError:
            for image in headers:
                image.close()
            raise
        return [self.image_field.finish(upload, image) for upload, image in zip(files, headers, strict=True)]
