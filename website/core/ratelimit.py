"""Rate limits for the members' guessable or spammable POSTs, on top of allauth's limiter.

allauth's limiter keeps a sliding window of hits per rate in the cache. Its public ``consume`` reads only
``ACCOUNT_RATE_LIMITS`` (switched off in tests, where many sign-ups share an address), so the project's actions pass
their own table through the ``config`` argument: ``DEFAULT_RATES`` below, each entry replaceable through the
``COMMUNITY_RATE_LIMITS`` setting ("" switches an action off). Rates read like allauth's: ``"10/10m/key,30/h/user"``.

A cache outage must not take these actions down: the limiter then lets the request through and logs it.
"""

import logging
from functools import wraps
from http import HTTPStatus

from allauth.core.internal import ratelimit as _allauth
from django.conf import settings
from django.shortcuts import render

logger = logging.getLogger(__name__)

APP = "community"

DEFAULT_RATES = {
    # Wrong check-in codes per member and activity/session ("key"), and per member overall: guessing a 6-character
    # code takes far more than this, from any number of addresses.
    "check_in_failed": "10/10m/key,30/h/user",
    "join": "20/h/user",
    # Invite links: making them (each one a new way in) and accepting them.
    "invite_create": "20/h/user",
    "invite_accept": "30/h/user",
    "found": "5/h/user",
    "rsvp": "60/h/user",
    "enrol": "20/h/user",
    "apply": "10/h/user",
    "showcase_submit": "10/h/user",
    "showcase_vote": "120/h/user",
    "redeem": "20/h/user",
    # The group board (portal.board): posting, commenting, liking, reporting, checking in.
    "board_post": "10/10m/user,40/d/user",
    "board_comment": "30/10m/user",
    "board_like": "120/h/user",
    "board_report": "20/h/user",
    "board_check_in": "30/h/user",
    # Share posters (website.core.share_views): each one drawn, not served from the cache, per address.
    "share_poster": "30/10m/ip",
}


def rates():
    return {**DEFAULT_RATES, **getattr(settings, "COMMUNITY_RATE_LIMITS", {})}


def _consume(request, action, *, key=None, dry_run=False, limit_get=False):
    try:
        usage = _allauth.consume(
            request,
            app=APP,
            action=action,
            config=rates(),
            key=key,
            user=request.user,
            dry_run=dry_run,
            limit_get=limit_get,
        )
    except Exception:
        logger.warning("Rate limit %s not checked: the cache is unavailable", action, exc_info=True)
        return True
    return usage is not None


def hit(request, action, *, key=None, limit_get=False):
    """Count one use of ``action`` by the signed-in member; False when that use is over the limit.

    GETs count only with ``limit_get`` (allauth's limiter lets them through otherwise): for work a GET does, such as
    drawing a share poster."""
    return _consume(request, action, key=key, limit_get=limit_get)


def is_blocked(request, action, *, key=None):
    """True when the next use of ``action`` would be over the limit; counts nothing."""
    return not _consume(request, action, key=key, dry_run=True)


def too_many_requests(request):
    return render(request, "429.html", status=HTTPStatus.TOO_MANY_REQUESTS)


def limited(action):
    """View decorator: a signed-in member's POSTs to ``action`` count against its rate; over it, the 429 page."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and request.user.is_authenticated and not hit(request, action):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
