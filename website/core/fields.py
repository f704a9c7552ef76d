"""Form fields shared by every member-facing upload, built on Wagtail's own image validation."""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField

# Members never upload SVG: it can carry script. Raster formats only.
MEMBER_IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]


class MemberImageField(WagtailImageField):
    """An image upload from a member: Wagtail's format, size and pixel checks, with limits of its own.

    Wagtail reads its limits from site-wide settings meant for editors; members get tighter ones per field.
    """

    def __init__(self, *args, max_upload_size, max_image_pixels, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed_image_extensions = MEMBER_IMAGE_EXTENSIONS
        self.max_upload_size = max_upload_size
        self.max_image_pixels = max_image_pixels
        self.max_upload_size_text = filesizeformat(max_upload_size)
        self.supported_formats_text = ", ".join(MEMBER_IMAGE_EXTENSIONS).upper()
        self.help_text = _("Supported formats: %(formats)s. Maximum size: %(size)s.") % {
            "formats": self.supported_formats_text,
            "size": self.max_upload_size_text,
        }
        self.error_messages["invalid_image_extension"] = _(
            "Not a supported image format. Supported formats: %(formats)s."
        ) % {"formats": self.supported_formats_text}
        self.error_messages["file_too_large_unknown_size"] = _("This file is too big. Maximum size: %(size)s.") % {
            "size": self.max_upload_size_text
        }
        self.widget.attrs.setdefault("accept", ",".join(f".{ext}" for ext in MEMBER_IMAGE_EXTENSIONS))
