"""Share pages and posters: ``share/<kind>/<pk>/`` shows the poster big with the link to copy, ``.../poster.png`` is
the poster itself (website.core.posters), for whatever the apps registered in website.core.sharing.

A visitor who may not see the thing gets a 404 from both, as from its own page. Posters are kept in the cache for a
day under the kind, the pk, the sharer (whose token the QR code carries), the language, the host and the card's
fingerprint, so an edit makes a new poster and a second request draws nothing. Drawing is rate-limited per address.
The responses are never kept by the anonymous page cache (``no-cache``): browsers revalidate with the ETag instead.
"""

import hashlib

from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import posters, ratelimit, sharing
from .models import SiteSettings

POSTER_SECONDS = 24 * 60 * 60
# Larger numbers name nothing that exists; refused before any query.
MAX_PK = 2**63 - 1


def _card_or_404(request, kind, pk):
    if pk > MAX_PK:
        raise Http404
    card = sharing.resolve(request, kind, pk)
    if card is None:
        raise Http404
    return card


def _no_shared_cache(response, request):
    # A signed-in member's poster and link carry their token: theirs only. Everyone revalidates (ETag).
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    return response


def share_page(request, kind, pk):
    card = _card_or_404(request, kind, pk)
    response = render(
        request,
        "share/page.html",
        {
            "card": card,
            "share_url": sharing.signed_url(request, card),
            "poster_url": reverse("share:poster", kwargs={"kind": kind, "pk": pk}),
        },
    )
    return _no_shared_cache(response, request)


def poster_key(request, kind, pk, card):
    host = hashlib.md5(request.get_host().encode(), usedforsecurity=False).hexdigest()[:8]
    sharer = sharing.sharer_id(request) or 0
    return f"share-poster:{kind}:{pk}:{sharer}:{get_language()}:{host}:{card.fingerprint()}"


def poster(request, kind, pk):
    card = _card_or_404(request, kind, pk)
    key = poster_key(request, kind, pk, card)
    etag = f'"{hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()}"'
    if request.headers.get("If-None-Match") == etag:
        return _no_shared_cache(HttpResponseNotModified(), request)
    png = cache.get(key)
    if png is None:
        if not ratelimit.hit(request, "share_poster", limit_get=True):
            return ratelimit.too_many_requests(request)
        site_name = SiteSettings.for_request(request).site_name
        png = posters.render(card, sharing.signed_url(request, card), site_name, _("Press and hold to scan the code"))
        cache.set(key, png, POSTER_SECONDS)
    response = HttpResponse(png, content_type="image/png")
    response["ETag"] = etag
    response["Content-Disposition"] = f'inline; filename="{kind}-{pk}.png"'
    return _no_shared_cache(response, request)
