"""Admin registrations for the site core: the admin wears the product's colours."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_palette_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_global_admin_js")
def admin_accessibility_js():
    """Names Draftail's editable areas after their field labels (see static/js/admin.js)."""
    return format_html('<script src="{}" defer></script>', static("js/admin.js"))
