"""Full-page cache for anonymous visitors, with exact invalidation by generations.

Why Django's cache framework and not wagtail-cache: wagtail-cache 3.0 purges single URLs through a "keyring", one dict
of every URL's keys kept in one cache key and read-modify-written without a lock on every cache write. Two workers
writing at once lose entries, and a later purge misses them: a stale page, which must never happen here. So this
module builds on ``django.middleware.cache`` (subclasses of UpdateCacheMiddleware / FetchFromCacheMiddleware, with
django.utils.cache's get_cache_key / learn_cache_key / patch_response_headers) and invalidates by generation:

- The key prefix of a cached page holds (a) the site-wide generation, the fragment version of ``website.core.cache``,
  bumped by every page publish, unpublish, move, delete or slug change and every SiteSettings change (menus,
  counterparts and listings on many pages change then; these are rare editor actions), and (b) a generation of the
  page's path, language prefix removed (``/en/groups/x/`` and ``/groups/x/`` share one), bumped by a purge of that
  path. Both are read with one ``get_many`` when the request comes in; the response is stored under the generations
  read then, so a purge that lands while a page renders leaves that page unreachable instead of stale.
- A bump is an atomic ``incr`` (a ``set`` when the key is missing), never a read-modify-write. A generation that was
  evicted starts again from the clock in microseconds, never from a small number an old entry may still carry.
- Purges go through Wagtail's frontend-cache app: ``PageCacheBackend`` is a WAGTAILFRONTENDCACHE backend whose
  ``purge(url)`` bumps the path's generation, so Wagtail's publish handlers purge page URLs and a CDN can be added as a
  second backend later with the same purges. Data changes call ``purge_paths``: it bumps this cache at once and again
  after commit (the frontend-cache task may run later on a queue) and hands the URLs to any other configured backend.
- Each app registers its own purges (its ``signals.py`` / services) with ``purge_paths``; this module knows no app.

A page is served from and stored in the cache only for an anonymous GET/HEAD without a session or messages cookie,
outside /admin/, /accounts/, /portal/, /search/, documents, media and private media, and only when the response is a
200 without cookies, without ``Cache-Control`` private/no-store/no-cache, not a preview, and rendered without a CSRF
token (a page with a form is never cached). Wagtail's view restrictions answer an anonymous visitor with a redirect or
a password form (which carries a CSRF token), so a restricted page can never be stored. The internal key ignores the
Cookie header (only cookie-less-session requests are served) and takes the language from the path, so ``Vary: Cookie``
and ``Vary: Accept-Language`` stay on the response for proxies without splitting the cache.

The cached copy is stored uncompressed; ``PageCacheGZipMiddleware`` compresses anonymous cacheable pages on the way
out (only those: a page with a CSRF token or personal data is never compressed, against BREACH). The public site's
CSP uses no nonce in the HTML (script-src 'self' and a nonce only for inline scripts, of which the templates have
none), so a cached page never carries a stale nonce; a response whose rendering asked for ``request.csp_nonce`` is
not stored anyway. CSP and Permissions-Policy come from middleware outside this one, so hits carry them too.
"""

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import get_cache_key, learn_cache_key, patch_cache_control, patch_response_headers
from django.utils.translation import get_language_from_path
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from .cache import _VERSION_KEY as SITE_GENERATION_KEY
from .cache import fresh_generation
from .memo import forget, memoised

PATH_GENERATION_KEY = "page-cache:path:{}"
HEADER = "X-Page-Cache"
# Never cached: the signed-in portal and accounts, the admin, search results, files.
EXCLUDED_PREFIXES = ("/admin/", "/accounts/", "/portal/", "/search/", "/documents/", "/healthz", "/readyz")


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _fresh():
    return fresh_generation()


def neutral_path(path):
    """The path without its language prefix: ``/en/groups/x/`` -> ``/groups/x/``."""
    language = get_language_from_path(path)
    if language:
        prefix = "/" + path.lstrip("/").split("/", 1)[0]
        return path[len(prefix) :] or "/"
    return path or "/"


def _path_key(path):
    # A request's path_info is decoded; URLs built for purges may be percent-encoded (a group's Chinese slug).
    digest = hashlib.md5(unquote(neutral_path(path)).encode(), usedforsecurity=False).hexdigest()
    return PATH_GENERATION_KEY.format(digest)


def generations(path):
    """(site generation, path generation) for a request path, read with one get_many; missing ones are started."""
    cache = _cache()
    path_key = _path_key(path)
    found = cache.get_many([SITE_GENERATION_KEY, path_key])
    site, page = found.get(SITE_GENERATION_KEY), found.get(path_key)
    if site is None:
        site = _fresh()
        cache.add(SITE_GENERATION_KEY, site, timeout=None)
    # The page's fragments read the same numbers: on a miss they take them from the memo instead of the cache.
    memoised(SITE_GENERATION_KEY, lambda: site)
    memoised(path_key, lambda: page)
    if page is None:
        page = _fresh()
        cache.add(path_key, page, timeout=None)
    return site, page


def path_generation(path):
    """The path's generation (read once per request): a fragment cached inside a page puts it in its key, so a purge
    of the page clears the fragment too, also for the signed-in visitors the full-page cache never serves."""
    key = _path_key(path)

    def read():
        cache = _cache()
        value = cache.get(key)
        if value is None:
            value = _fresh()
            cache.add(key, value, timeout=None)
        return value

    return memoised(key, read)


def _bump(key):
    forget(key)
    cache = _cache()
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, _fresh(), timeout=None)


def bump_path(path):
    """Every cached variant of this path (both languages, every query string, every host) is gone."""
    _bump(_path_key(path))


def bump_site():
    """Every cached page is gone (also clears the site's cached fragments, which share the generation)."""
    _bump(SITE_GENERATION_KEY)


def _full_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# Paths collected by ``batched_purges`` (None outside one).
_batch = ContextVar("page_cache_batch", default=None)


@contextmanager
def batched_purges():
    """Collect the purges made inside and purge each distinct path once at the end.

    For work that changes many things at once (the nightly lifecycle job demoting thousands of groups): every group
    purges the directory, the home page and /activities/, which would otherwise be bumped thousands of times.
    """
    if _batch.get() is not None:  # already inside one: the outer batch purges
        yield
        return
    collected = set()
    token = _batch.set(collected)
    try:
        yield
    finally:
        _batch.reset(token)
        purge_paths(collected)


def purge_paths(paths):
    """Purge these paths now and again after the current transaction commits; ``paths`` may be a callable.

    Now, so the request that made the change (and a test inside a transaction) reads its own write; again after the
    commit, because a page rendered between the two from data not yet committed may have been stored under the first
    bump's generation.

    This cache is bumped directly, so the next anonymous request renders afresh; any other frontend-cache backend
    (a CDN) gets the same URLs through Wagtail's ``purge_urls_from_cache``.
    """
    paths = sorted({neutral_path(urlsplit(path).path) for path in (paths() if callable(paths) else paths) if path})
    if not paths:
        return
    batch = _batch.get()
    if batch is not None:
        batch.update(paths)
        return
    for path in paths:
        bump_path(path)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _purge_now(paths))
    else:
        _purge_now(paths, bumped=True)


def _purge_now(paths, bumped=False):
    if not bumped:
        for path in paths:
            bump_path(path)
    others = [name for name, config in _frontend_backends().items() if not _is_ours(config)]
    if others:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache([_full_url(path) for path in paths], backends=others)


def _frontend_backends():
    return getattr(settings, "WAGTAILFRONTENDCACHE", None) or {}


def _is_ours(config):
    backend = config.get("BACKEND", "")
    return backend == f"{__name__}.PageCacheBackend"


class PageCacheBackend(BaseBackend):
    """Wagtail frontend-cache backend: purging a URL bumps its path's generation in the page cache."""

    def purge(self, url):
        bump_path(urlsplit(url).path)


# --- Which requests and responses may be cached ---------------------------------------------------------------------


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def request_is_cacheable(request):
    """An anonymous GET/HEAD for a public page: no session or messages cookie, not a portal, admin or file path."""
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    path = neutral_path(request.path_info)
    excluded = (*EXCLUDED_PREFIXES, settings.STATIC_URL, settings.MEDIA_URL, settings.PRIVATE_MEDIA_URL)
    return not path.startswith(tuple(prefix for prefix in excluded if prefix and prefix.startswith("/")))


def _csrf_token_used(request):
    # get_token() sets CSRF_COOKIE_NEEDS_UPDATE (CsrfViewMiddleware resets it to False but leaves the key): its
    # presence means a token went into the page. CSRF_COOKIE_USED is the older name of the same signal.
    return "CSRF_COOKIE_NEEDS_UPDATE" in request.META or request.META.get("CSRF_COOKIE_USED")


def response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(directive in cache_control for directive in ("private", "no-store", "no-cache")):
        return False
    if _csrf_token_used(request) or getattr(request, "is_preview", False):
        return False
    # A page that put a CSP nonce into its HTML must not be replayed with another request's header.
    return getattr(request, "_csp_nonce", None) is None


def proxy_seconds():
    return getattr(settings, "PAGE_CACHE_PROXY_SECONDS", 60)


def cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def _key_prefix(request):
    site, page = request._page_cache_generations
    return f"page:{site}:{page}"


class _Language:
    """The language of the key comes from the path (as the fetch saw it), whatever LocaleMiddleware set since."""

    def __init__(self, request):
        self.request = request

    def __enter__(self):
        self.saved = getattr(self.request, "LANGUAGE_CODE", None)
        self.request.LANGUAGE_CODE = self.request._page_cache_language

    def __exit__(self, *exc):
        if self.saved is None:
            del self.request.LANGUAGE_CODE
        else:
            self.request.LANGUAGE_CODE = self.saved


def _mark_public(response, hit=False):
    # Our copy lives PAGE_CACHE_SECONDS; a proxy or browser may keep it PAGE_CACHE_PROXY_SECONDS, unless the view chose
    # its own lifetime (the favicon's month, robots.txt's day). A hit gets an Expires counted from now.
    if "max-age" in response.get("Cache-Control", "") and not getattr(response, "_page_cache_lifetime", False):
        patch_cache_control(response, public=True)
        return
    response._page_cache_lifetime = True
    if hit and response.has_header("Expires"):
        del response.headers["Expires"]
    patch_response_headers(response, proxy_seconds())
    patch_cache_control(response, public=True)


class FetchFromPageCacheMiddleware(FetchFromCacheMiddleware):
    """Early in MIDDLEWARE (before sessions, locale, CSRF, auth): answers a cached anonymous page without them."""

    def process_request(self, request):
        request._cache_update_cache = False
        if not request_is_cacheable(request):
            return None
        request._page_cache_language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        request._page_cache_generations = generations(request.path_info)
        cache = _cache()
        with _Language(request):
            key = get_cache_key(request, _key_prefix(request), "GET", cache=cache)
            response = cache.get(key) if key else None
            if response is None and key and request.method == "HEAD":
                key = get_cache_key(request, _key_prefix(request), "HEAD", cache=cache)
                response = cache.get(key) if key else None
        request._page_cache_cacheable = True
        if response is None:
            request._cache_update_cache = True
            return None
        _mark_public(response, hit=True)
        response[HEADER] = "hit"
        return response


class UpdatePageCacheMiddleware(UpdateCacheMiddleware):
    """Just outside the fetch: stores a cacheable anonymous page (uncompressed) under the generations read on entry."""

    def process_response(self, request, response):
        if not self._should_update_cache(request, response):
            return response
        if not response_is_cacheable(request, response):
            request._page_cache_cacheable = False
            return response
        _mark_public(response)
        response[HEADER] = "miss"
        cache = _cache()
        timeout = cache_seconds()
        # The key ignores Cookie (only requests without a session cookie get here) and Accept-Language (the language
        # is the path's); the response keeps its Vary header for downstream caches.
        vary = response.headers.get("Vary")
        if vary is not None:
            kept = [h.strip() for h in vary.split(",") if h.strip().lower() not in ("cookie", "accept-language")]
            if kept:
                response.headers["Vary"] = ", ".join(kept)
            else:
                del response.headers["Vary"]
        with _Language(request):
            key = learn_cache_key(request, response, timeout, _key_prefix(request), cache=cache)
        if vary is not None:
            response.headers["Vary"] = vary
        if hasattr(response, "render") and callable(response.render):
            response.add_post_render_callback(lambda r: cache.set(key, r, timeout))
        else:
            cache.set(key, response, timeout)
        return response


class PageCacheGZipMiddleware(GZipMiddleware):
    """GZip only for anonymous cacheable pages (hits and stored misses): nothing with a CSRF token or personal data,
    so BREACH has no secret to guess."""

    def process_response(self, request, response):
        if not getattr(request, "_page_cache_cacheable", False):
            return response
        return super().process_response(request, response)


def page_paths(page, *, parents=True):
    """The paths of a Wagtail page in every language (its translations and aliases), and of their parents (the index
    pages that list it) when ``parents``."""
    from wagtail.models import Page

    pages = Page.objects.filter(translation_key=page.translation_key).live() if page.translation_key else [page]
    paths = []
    for each in pages:
        paths.append(each.get_url())
        if parents:
            parent = each.get_parent()
            if parent is not None:
                paths.append(parent.get_url())
    return [path for path in paths if path]


def purge_pages(pages, *, extra=()):
    """Purge these pages (all their languages, and the pages listing them) and any ``extra`` paths after commit."""
    pages = [page for page in pages if page is not None]
    extra = list(extra)

    def paths():
        found = list(extra)
        for page in pages:
            found += page_paths(page)
        return found

    purge_paths(paths)


def purge_on_change(purge, *models):
    """Call ``purge(instance)`` after every save and delete of these models (fixture loading aside).

    The one way apps wire their purges to their rows: an app names the rows whose change its public pages show and
    what to purge for one of them.
    """
    from django.db.models.signals import post_delete, post_save

    def receiver(sender, instance, raw=False, **kwargs):
        if not raw:
            purge(instance)

    for model in models:
        label = model if isinstance(model, str) else model._meta.label
        for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                receiver,
                sender=model,
                weak=False,
                dispatch_uid=f"page_cache.{purge.__module__}.{purge.__qualname__}.{label}.{name}",
            )
