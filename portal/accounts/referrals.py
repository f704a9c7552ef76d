"""Share links that bring in new members: a member's signed token (?ref=), remembered for an anonymous visitor's
sign-up, and the Referral recorded then.

Any page reached with ``?ref=<token>`` by an anonymous visitor remembers ``{"ref", "path"}`` in the session
(``ReferralMiddleware``). The full-page cache (website.core.page_cache) answers before sessions exist, so the
middleware never sees a cache hit; it needs none: a page whose URL carries a well-signed token always leaves with a
session cookie, and a response with a cookie is never stored, so such a URL is never served from the cache. A
malformed or forged token writes nothing (no session for every bot's guess) and may be cached like any other URL.

Rewarding the sharer belongs to the apps where a new member first takes part (courses, groups): they pay the points
rule ``REWARD_RULE`` with the new member as the source, which the ledger pays once per new member.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Referral

SESSION_KEY = "referral"
QUERY_PARAMETER = "ref"
#: The points rule that rewards a sharer for a new member (its code predates share links beyond courses).
REWARD_RULE = "course_referral"
# The salt the first share links (courses) were signed with: links already shared keep working.
_SALT = "courses.share"
_MAX_TOKEN = 40
_MAX_PATH = Referral._meta.get_field("source_path").max_length


def _signature(member_id):
    return salted_hmac(_SALT, str(member_id)).hexdigest()[:10]


def share_token(member):
    """The member's share token: their id and a signature, stable for as long as the secret key is."""
    return f"{member.pk}.{_signature(member.pk)}"


def _signed_id(token):
    """The member id a well-signed token names, or None; reads nothing from the database."""
    member_id, _sep, signature = (token or "")[:_MAX_TOKEN].partition(".")
    if not member_id.isdigit() or len(member_id) > 18:
        return None
    if not constant_time_compare(signature, _signature(member_id)):
        return None
    return int(member_id)


def sharer_from_token(token):
    """The active member a token names, or None for a malformed, forged or stale token."""
    member_id = _signed_id(token)
    if member_id is None:
        return None
    return get_user_model().objects.filter(pk=member_id, is_active=True).first()


def with_ref(url, member):
    """``url`` (absolute or a path) carrying the signed-in member's token; unchanged for visitors."""
    if member is None or not member.is_authenticated:
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{QUERY_PARAMETER}={share_token(member)}"


def remember(request):
    """Keep a share link's token and page for the anonymous visitor's sign-up; True when something was kept."""
    token = request.GET.get(QUERY_PARAMETER, "")
    if not token or request.user.is_authenticated or _signed_id(token) is None:
        return False
    request.session[SESSION_KEY] = {"ref": token[:_MAX_TOKEN], "path": request.path[:_MAX_PATH]}
    return True


def record(new_member, data):
    """At sign-up, with what a share link left in the session: the Referral, or None (no link, own link, forged)."""
    data = data if isinstance(data, dict) else {}
    sharer = sharer_from_token(data.get("ref"))
    if sharer is None or sharer.pk == new_member.pk:
        return None
    path = data.get("path") if isinstance(data.get("path"), str) else ""
    try:
        with transaction.atomic():
            return Referral.objects.create(new_member=new_member, sharer=sharer, source_path=path[:_MAX_PATH])
    except IntegrityError:
        # One referral per new member: the first link counts.
        return None


def sharer_of(new_member):
    """The member whose share link brought ``new_member`` in, or None."""
    referral = Referral.objects.filter(new_member=new_member).select_related("sharer").first()
    return referral.sharer if referral is not None else None


class ReferralMiddleware:
    """After authentication: an anonymous GET carrying ?ref= remembers the share link (see the module's note)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and QUERY_PARAMETER in request.GET:
            remember(request)
        return self.get_response(request)
