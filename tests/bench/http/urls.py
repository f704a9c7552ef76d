"""The site's URL map with one extra view in front: the bare Django view that the HTTP benchmark compares against.

The site's patterns are taken as they are, not through include(): Django finds i18n_patterns (and so the language
prefix LocaleMiddleware reads) only at the top of ROOT_URLCONF.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from website.urls import handler403, handler404, handler500  # noqa: F401 - the site's error views, looked up here
from website.urls import urlpatterns as site_urlpatterns

BARE_PATH = "__bench__/bare/"


@never_cache  # never stored by the full-page cache: every request goes through the middleware and this view
def bare(request):
    """The ceiling: through every middleware, but no template, no database, no cache."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(BARE_PATH, bare, name="bench_bare"), *site_urlpatterns]
