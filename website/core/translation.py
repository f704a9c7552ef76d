"""Pages in two languages, one set of records.

The Chinese tree is the original. The English tree mirrors it: a page translated with wagtail-localize holds English
text, every other page is an alias that shows the Chinese original (wagtail-localize's synchronised trees). So every
Chinese page has an address under /en/, listings in English walk the English tree without duplicates, and a page
knows which language its text is in, for the ``lang`` attribute.

Enrolments, applications, entries, votes and points stay keyed to the Chinese original (``original_page``):
enrolling on /en/ and on / is the same enrolment.
"""

from functools import lru_cache

from django.conf import settings
from django.http import Http404
from django.urls import translate_url
from django.utils.translation import get_language, get_supported_language_variant, override
from wagtail.models import Locale, Page, Site


@lru_cache(maxsize=1)
def _locale_codes():
    """Locale id -> language code. Locales change about once in a site's life; pages ask on every request."""
    return dict(Locale.objects.values_list("pk", "language_code"))


def forget_locales():
    """Locales were added, removed or (after a flush) emptied: the next lookup reads them again."""
    _locale_codes.cache_clear()


def locale_code(locale_id):
    return _locale_codes().get(locale_id)


def locale_id_for(language_code):
    wanted = get_supported_language_variant(language_code or settings.LANGUAGE_CODE)
    for pk, code in _locale_codes().items():
        if code == wanted:
            return pk
    return None


def default_locale_id():
    return locale_id_for(settings.LANGUAGE_CODE)


def active_locale_id():
    """The locale of the interface language, or the default one when the language has no locale."""
    return locale_id_for(get_language()) or default_locale_id()


def html_lang(language_code):
    """A Django language code as a BCP 47 tag for ``lang``: zh-hans -> zh-Hans."""
    language, _, script = (language_code or "").partition("-")
    if len(script) == 4:
        return f"{language}-{script.title()}"
    return language_code


def content_language(page):
    """The language a page's text is written in: an alias shows its original's text, so it has its language.

    Listings select ``alias_of`` with the pages so this costs no query per card.
    """
    if page.alias_of_id:
        return locale_code(page.alias_of.locale_id)
    return locale_code(page.locale_id)


def original_page(page):
    """The default-locale page that records (enrolments, applications, entries, votes, points) are keyed to.

    The page itself when it is the original, so Chinese pages cost no query.
    """
    default = default_locale_id()
    if page is None or page.locale_id == default:
        return page
    if page.alias_of_id:
        original = type(page).objects.filter(pk=page.alias_of_id, locale_id=default).first()
        if original is not None:
            return original
    return type(page).objects.filter(translation_key=page.translation_key, locale_id=default).first() or page


def localized(page):
    """The page's counterpart in the interface language, or the page itself; no query when it already is in it."""
    active = active_locale_id()
    if page is None or page.locale_id == active:
        return page
    counterpart = type(page).objects.filter(translation_key=page.translation_key, locale_id=active, live=True).first()
    return counterpart or page


def page_url(page, request=None):
    """The page's address for the interface language: its counterpart's, else its own under the language's prefix.

    Until a language's tree is started its visitors read the originals, served under their prefix by ``route``;
    links keep them in their language instead of dropping them on the Chinese site.
    """
    target = localized(page)
    url = target.get_url(request=request)
    if url and target.locale_id != active_locale_id():
        language = get_language()
        # translate_url resolves the path in the language it is written in: the page's.
        with override(locale_code(target.locale_id)):
            url = translate_url(url, language)
    return url


def localized_pages(queryset):
    """Only the pages of the interface language's tree: each page once, in the language the visitor reads."""
    return queryset.filter(locale_id=active_locale_id()).select_related("alias_of")


def route(request, path):
    """Wagtail's page routing through the interface language's tree, falling back to the original tree.

    The same walk as ``Page.route_for_request``, without its locale query on every request. A page published by code
    before its alias was made, or whose translation is unpublished, is still served under /en/: in Chinese, marked
    as such, rather than a 404 for a page that exists.
    """
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    root = site.root_page
    localized_root = localized(root)
    try:
        return localized_root.specific.route(request, components)
    except Http404:
        if localized_root.pk == root.pk:
            return None
    try:
        return root.specific.route(request, components)
    except Http404:
        return None


def translate_page(original, language_code, *, user=None, **fields):
    """Publish ``original``'s translation into ``language_code`` with the given field values; made if missing.

    An alias in that language becomes the translation (as wagtail-localize's "convert to translation" does), so its
    address stays the same. The home page is translated first: that starts the language's tree. Fields not given
    keep the original's values. Editors do the same through the Translate action in the admin.
    """
    locale = Locale.objects.get(language_code=language_code)
    original = original.specific
    page = type(original).objects.filter(translation_key=original.translation_key, locale=locale).first()
    if page is None:
        parent = original.get_parent()
        if (
            original.depth > 2
            and not Page.objects.filter(translation_key=parent.translation_key, locale=locale).exists()
        ):
            parent.specific.copy_for_translation(locale, copy_parents=True, alias=True)
        page = original.copy_for_translation(locale)
    elif page.alias_of_id is not None:
        page.alias_of = None
        page.save(update_fields=["alias_of"], clean=False)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision(user=user).publish(user=user)
    # Publishing saves a copy made from the revision; this object's tree fields (url_path) are out of date.
    return type(page).objects.get(pk=page.pk)


def started_locales():
    """Locales whose tree has been started: an editor translated the home page (right under the root) into them."""
    return set(Page.objects.filter(depth=2).exclude(locale_id=default_locale_id()).values_list("locale_id", flat=True))


def ensure_synchronised(page):
    """Give a published original its alias in every started locale, so it has an address and a listing entry there.

    wagtail-localize makes aliases when a page is created in the admin and its locale is set to "sync from" another;
    this also covers pages published by code (demo builders, imports) and needs no setting: every language of the
    site mirrors the default one as soon as its home page exists.
    """
    for locale_id in started_locales():
        if not Page.objects.filter(translation_key=page.translation_key, locale_id=locale_id).exists():
            page.copy_for_translation(Locale.objects.get(pk=locale_id), copy_parents=True, alias=True)


def synchronise_tree(locale):
    """Aliases for every original not yet in ``locale``; run when its home page is published, idempotent."""
    from wagtail_localize.synctree import synchronize_tree

    synchronize_tree(Locale.objects.get(pk=default_locale_id()), locale)


def keep_trees_in_step(instance):
    """Called when a page is published (signals.py): the other languages get aliases of a new original, and a newly
    published home page of a language gets the whole tree. Aliases are kept up to date by Wagtail itself on every
    publish of their original; only missing ones are made."""
    if instance.alias_of_id is not None:
        return
    if instance.locale_id == default_locale_id():
        ensure_synchronised(instance)
    elif instance.depth == 2:
        synchronise_tree(instance.locale)
