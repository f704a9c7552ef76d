"""Open Graph and Twitter card tags: what a link to the site shows when it is shared in a chat or a feed."""

from django import template
from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.templatetags.static import static
from django.utils.translation import get_language
from wagtail.images.models import AbstractImage
from wagtail.models import Page

from website.core.models import SiteSettings

register = template.Library()

# Large enough for every network's large card, in the 1.91:1 shape they crop to.
SHARE_IMAGE_FILTER = "fill-1200x630"

# og:locale wants territory codes, not the site's language codes.
OG_LOCALES = {"zh-hans": "zh_CN", "en": "en_US"}


def _page_image(page):
    """The page's cover, or the first photo of a featured group's gallery: the picture the page leads with."""
    image = getattr(page, "cover", None)
    if isinstance(image, AbstractImage):
        return image
    for block in getattr(page, "photos", None) or ():
        if isinstance(block.value, AbstractImage):
            return block.value
    return None


def _image_url(request, image):
    if isinstance(image, AbstractImage):
        return request.build_absolute_uri(image.get_rendition(SHARE_IMAGE_FILTER).url)
    if isinstance(image, FieldFile) and image:
        return request.build_absolute_uri(image.url)
    return ""


@register.inclusion_tag("includes/open_graph.html", takes_context=True)
def open_graph(context, title="", description="", image=None, private=False):
    """The share card for the current page.

    Wagtail pages give their SEO title, search description and cover; a view's template passes its own title,
    description and image (a Wagtail image or an uploaded file). Anything missing falls back to the site's name,
    tagline and logo, and every URL is absolute, as crawlers require.

    ``private=True`` is for a page shown in place of one the visitor may not read (the leader guides' gate): it shares
    the site's name only, never the restricted page's title or summary. Restricted pages themselves are only ever
    served to visitors allowed to read them, so they need no check here (and no query).
    """
    request = context.get("request")
    if request is None:
        return {}
    site_settings = SiteSettings.for_request(request)
    site_name, tagline = site_settings.site_name, site_settings.tagline
    page = context.get("page")
    language = get_language() or settings.LANGUAGE_CODE
    if private:
        title = description = image = None
    elif isinstance(page, Page):
        # A site's home page is titled "Home" in the page tree; shared, it should carry the site's name.
        title = title or page.seo_title or (site_name if page.depth == 2 else page.title)
        # The editor's search description first, then the summary or introduction the page already shows.
        description = (
            description or page.search_description or getattr(page, "summary", "") or getattr(page, "intro", "")
        )
        image = image or _page_image(page)
    # The path without its query string: one canonical address however the page was reached.
    url = request.build_absolute_uri(request.path)
    image_url = _image_url(request, image) if image else ""
    return {
        "og_type": "website",
        "og_title": title or site_name,
        "og_description": description or tagline,
        "og_url": url,
        "og_site_name": site_name,
        "og_image": image_url or request.build_absolute_uri(static("img/apple-touch-icon.png")),
        "og_image_is_large": bool(image_url),
        "og_locale": OG_LOCALES.get(language, language.replace("-", "_")),
        "og_locale_alternates": [OG_LOCALES.get(code, code) for code, _name in settings.LANGUAGES if code != language],
    }
