"""Form fields shared by every member-facing upload, built on Wagtail's own image validation."""

import io
import os

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField


def _interpolate(message, values):
    return message % values


# Messages built once at import must still follow each request's language: interpolate when shown.
interpolate_lazy = lazy(_interpolate, str)

# Members never upload SVG: it can carry script. Raster formats only.
MEMBER_IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]


class MemberImageField(WagtailImageField):
    """An image upload from a member: Wagtail's format, size and pixel checks, with limits of its own.

    Wagtail reads its limits from site-wide settings meant for editors; members get tighter ones per field.
    """

    def __init__(self, *args, max_upload_size, max_image_pixels, resize_to=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.resize_to = resize_to
        self.allowed_image_extensions = MEMBER_IMAGE_EXTENSIONS
        self.max_upload_size = max_upload_size
        self.max_image_pixels = max_image_pixels
        self.max_upload_size_text = filesizeformat(max_upload_size)
        self.supported_formats_text = ", ".join(MEMBER_IMAGE_EXTENSIONS).upper()
        self.help_text = interpolate_lazy(
            _("Supported formats: %(formats)s. Maximum size: %(size)s."),
            {"formats": self.supported_formats_text, "size": self.max_upload_size_text},
        )
        self.error_messages["invalid_image_extension"] = interpolate_lazy(
            _("Not a supported image format. Supported formats: %(formats)s."),
            {"formats": self.supported_formats_text},
        )
        self.error_messages["file_too_large_unknown_size"] = interpolate_lazy(
            _("This file is too big. Maximum size: %(size)s."), {"size": self.max_upload_size_text}
        )
        self.widget.attrs.setdefault("accept", ",".join(f".{ext}" for ext in MEMBER_IMAGE_EXTENSIONS))

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if self.resize_to and value and value is not initial and hasattr(value, "image"):
            return reencode(value, self.resize_to)
        return value


def reencode(uploaded, longest_side):
    """Re-encode an accepted upload: upright, at most ``longest_side`` pixels, without EXIF (no GPS leaks).

    Pages show avatars and covers small; serving the member's original multi-megabyte photo would be slow and
    would publish whatever metadata their camera wrote. Animated GIFs keep only their first frame.
    """
    from PIL import Image, ImageOps

    uploaded.seek(0)
    with Image.open(uploaded) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail((longest_side, longest_side))
        keep_alpha = image.mode in ("RGBA", "LA", "P") and original.format in ("PNG", "GIF", "WEBP")
        buffer = io.BytesIO()
        if keep_alpha:
            image.convert("RGBA").save(buffer, format="PNG", optimize=True)
            extension, content_type = "png", "image/png"
        else:
            image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
            extension, content_type = "jpg", "image/jpeg"
    stem = os.path.splitext(os.path.basename(uploaded.name))[0][:60] or "image"
    return SimpleUploadedFile(f"{stem}.{extension}", buffer.getvalue(), content_type=content_type)


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several member images in one input: each is validated like MemberImageField; returns a list."""

    widget = MultipleImageInput

    def __init__(self, *args, max_files, max_upload_size, max_image_pixels, resize_to=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.max_files = max_files
        self.image_field = MemberImageField(
            max_upload_size=max_upload_size, max_image_pixels=max_image_pixels, resize_to=resize_to
        )
        self.widget.attrs.setdefault("accept", ",".join(f".{ext}" for ext in MEMBER_IMAGE_EXTENSIONS))

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > self.max_files:
            raise forms.ValidationError(
                interpolate_lazy(_("At most %(n)d images."), {"n": self.max_files}), code="too_many"
            )
        return [self.image_field.clean(upload) for upload in files]
