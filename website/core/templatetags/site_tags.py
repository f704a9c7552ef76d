"""Template tags for the site chrome: main menu, language links and small helpers."""

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from wagtail.models import Page, Site

from website.core import translation
from website.core.cache import fragment_version
from website.core.memo import memoised
from website.core.page_cache import path_generation
from website.core.urls_safe import safe_path

register = template.Library()


# The upcoming-activities listing is a view, not a page, so editors cannot place it in the menu. Activities belong to
# groups, so the link follows the groups index (named by its content type, since the site chrome sits below the
# portal apps), or ends the menu when the groups index is not in it.
ACTIVITIES_FOLLOW = ("groups", "groupindexpage")


def _with_activities(items, root, request):
    groups_url = None
    try:
        groups_index_type = ContentType.objects.get_by_natural_key(*ACTIVITIES_FOLLOW)
    except ContentType.DoesNotExist:
        groups_index_type = None
    if groups_index_type is not None:
        groups_index = root.get_children().live().filter(content_type=groups_index_type).first()
        groups_url = translation.page_url(groups_index, request) if groups_index else None
    position = next((i + 1 for i, item in enumerate(items) if groups_url and item["url"] == groups_url), len(items))
    # An interface string, so always in the interface language.
    activities = {"title": gettext("Activities"), "url": reverse("activities"), "lang": get_language()}
    return [*items[:position], activities, *items[position:]]


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live pages under the site root marked "show in menus", in the interface language's tree, cached until the next
    publish. An item not translated yet shows its Chinese title, marked with its language."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    key = f"site-fragments:menu:{site.pk}:{get_language()}:{fragment_version()}"
    # The header and the footer both show it: read once per request.
    return memoised(key, lambda: _menu_items(key, site, request))


def _menu_items(key, site, request):
    items = cache.get(key)
    if items is None:
        root = translation.localized(site.root_page)
        items = [
            {
                "title": page.title,
                "url": translation.page_url(page, request),
                "lang": translation.content_language(page),
            }
            for page in root.get_children().live().public().in_menu().select_related("alias_of").specific(defer=True)
        ]
        items = _with_activities(items, root, request)
        cache.set(key, items, settings.FRAGMENT_CACHE_SECONDS)
    return items


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every language, for the switcher; links, so they work without JavaScript.

    On a Wagtail page itself the link goes to its counterpart in the other locale, whose slug a translator may have
    changed; elsewhere (portal views, a page's sub-routes) the same path under the other language prefix.
    """
    request = context.get("request")
    # A 404 for //evil.example/ must not turn into links to evil.example: an unsafe path falls back to the home page.
    path = safe_path(request) if request else "/"
    current = get_language()
    page = context.get("page")
    counterparts = {}
    if isinstance(page, Page) and page.pk and request is not None and request.path == page.get_url(request=request):
        counterparts = _counterpart_urls(page, request)
    return [
        {
            "code": code,
            "name": name,
            "url": path if code == current else counterparts.get(code) or translate_url(path, code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


def _counterpart_urls(page, request):
    """Language code -> URL of the page in each language it is live in, cached like the menu until the next publish or
    move; shared by all of them."""
    key = f"site-fragments:counterparts:{page.translation_key}:{fragment_version()}"
    urls = cache.get(key)
    if urls is None:
        urls = {}
        for counterpart in Page.objects.filter(translation_key=page.translation_key, live=True):
            url = counterpart.get_url(request=request)
            if url:
                urls[translation.locale_code(counterpart.locale_id)] = url
        cache.set(key, urls, settings.FRAGMENT_CACHE_SECONDS)
    return urls


@register.filter
def html_lang(language_code):
    """A Django language code as an HTML ``lang`` value: zh-hans -> zh-Hans."""
    return translation.html_lang(language_code)


@register.filter
def lang_attr(page):
    """` lang="zh-Hans"` on the element holding a page's text when it is not in the interface language, else nothing.

    Under /en/ a page not translated yet shows its Chinese original; screen readers and browsers need to know.
    """
    if page is None or not isinstance(page, Page):
        return ""
    return lang_attr_for(translation.content_language(page))


@register.filter
def lang_attr_for(language_code):
    """The same for text whose language is known directly, such as a menu item or a member's writing."""
    if not language_code or language_code == get_language():
        return ""
    return format_html(' lang="{}"', translation.html_lang(language_code))


@register.simple_tag
def member_lang():
    """` lang="zh-Hans"` for what members wrote (group names, descriptions, activities, entries) on an English page.

    The site's members write in the default language; their words are shown as written, never translated.
    """
    return lang_attr_for(settings.LANGUAGE_CODE)


@register.filter
def member_text(value):
    """A member's words inside a translated sentence, wrapped in a span with their language when it differs."""
    marker = lang_attr_for(settings.LANGUAGE_CODE)
    return format_html("<span{}>{}</span>", marker, value) if marker else value


@register.simple_tag
def cache_version():
    return fragment_version()


@register.simple_tag(takes_context=True)
def page_generation(context):
    """The current page's generation in the full-page cache: a fragment keyed on it is cleared by the page's purges."""
    request = context.get("request")
    return path_generation(request.path_info) if request is not None else 0


@register.filter
def is_active_path(url, request):
    """True when the request is at url or below it (the home page only matches itself)."""
    if not url or request is None:
        return False
    path = request.path
    if url in ("/", "/en/"):
        return path == url
    return path.startswith(url)


@register.simple_tag
def elided_pages(page_obj, on_each_side=2, on_ends=1):
    """Page numbers around the current one, with the paginator's ellipsis marker where pages are left out."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends))
