"""One-click unsubscribe (RFC 8058): a signed, non-expiring token names a member and a type, so a link in any
e-mail turns that type's e-mails off without signing in.

The token is ``django.core.signing`` with a salt of its own: it cannot be forged or reused for another purpose, and
it does not expire (an old e-mail's link must still work). ``DIGEST`` stands for "the daily digest": unsubscribing
from it moves every type the member hears about in the digest to the site only.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from . import types
from .models import Preference
from .types import Channel

SALT = "portal.notifications.unsubscribe"
DIGEST = "digest"


class BadToken(Exception):
    """The token was tampered with, truncated, or names a type that no longer exists."""


def make_token(member, kind):
    # A plain Signer, not dumps(): no timestamp, so the same member and type always get the same short token.
    return signing.Signer(salt=SALT).sign_object([getattr(member, "pk", member), kind], compress=True)


def read_token(token):
    """(member id, kind) from a token; BadToken for anything else."""
    try:
        member_id, kind = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadToken from exc
    if not isinstance(member_id, int) or not isinstance(kind, str):
        raise BadToken
    if kind != DIGEST:
        try:
            types.get(kind)
        except KeyError as exc:
            raise BadToken from exc
    return member_id, kind


def unsubscribe_url(member, kind):
    """The absolute unsubscribe link for ``kind`` (or ``DIGEST``), under the member's language prefix."""
    language = getattr(member, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("notifications:unsubscribe", args=[make_token(member, kind)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def unsubscribe_headers(member, kind):
    """The e-mail headers mail providers show as their own "unsubscribe" button (RFC 2369 and RFC 8058)."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(member, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def quiet_channel(kind):
    """Where an unsubscribed type goes: off, or the site only for types a member cannot switch off."""
    return Channel.OFF if types.get(kind).can_turn_off else Channel.SITE


def _choose(member_id, kind, channel):
    if channel == types.get(kind).default:
        Preference.objects.filter(member_id=member_id, kind=kind).delete()
    else:
        Preference.objects.update_or_create(member_id=member_id, kind=kind, defaults={"channel": channel})


@transaction.atomic
def unsubscribe(member_id, kind):
    """Stop the e-mails the token names. Returns the types changed (labels are on the types)."""
    if kind != DIGEST:
        _choose(member_id, kind, quiet_channel(kind))
        return [types.get(kind)]
    chosen = dict(Preference.objects.filter(member_id=member_id).values_list("kind", "channel"))
    changed = []
    for notification_type in types.all_types():
        if (chosen.get(notification_type.code) or notification_type.default) == Channel.DIGEST:
            _choose(member_id, notification_type.code, Channel.SITE)
            changed.append(notification_type)
    return changed
