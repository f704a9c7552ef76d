"""Share cards: what a poster and a share page show of one thing a member may share (a group, an activity, a course).

Each app registers, from its AppConfig.ready(), one resolver per kind it owns: ``register("group", resolver)``, where
``resolver(request, pk)`` returns a ``ShareCard`` or None when the thing does not exist or the visitor may not see it
(the share views answer 404 then). This module knows no app; the views and the poster only read cards.
"""

import hashlib
from dataclasses import dataclass, field

from django.db.models.fields.files import FieldFile
from django.utils import timezone
from wagtail.images.models import AbstractImage

__all__ = [
    "ShareCard",
    "register",
    "resolve",
    "kinds",
    "register_link_signer",
    "signed_url",
    "sharer_id",
    "public_page",
    "local_time",
]

_resolvers = {}
# How a signed-in member's share link names them (?ref=<token>): set by portal.accounts, which this module never
# imports (it sits below it). Without one, links go out unsigned.
_signer = {"sign": None}


@dataclass
class ShareCard:
    """``facts``: a few short lines (date, place, members); ``cover``: a Wagtail image, an image file or None;
    ``path``: the page the card leads to (what the QR code and the share link open)."""

    title: str
    path: str
    facts: list = field(default_factory=list)
    cover: object = None

    def cover_identity(self):
        """Something that changes when the cover does: the Wagtail image's file and focal point, or the file name."""
        cover = self.cover
        if isinstance(cover, AbstractImage):
            return f"image:{cover.pk}:{cover.file.name}:{cover.get_focal_point()}"
        if isinstance(cover, FieldFile) and cover:
            return f"file:{cover.name}"
        return ""

    def fingerprint(self):
        """A short digest of everything the poster shows: an edit to any of it makes another poster."""
        text = "\n".join([self.title, self.path, self.cover_identity(), *[str(fact) for fact in self.facts]])
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def register(kind, resolver):
    """Make ``kind`` shareable; ``resolver(request, pk) -> ShareCard | None``."""
    _resolvers[kind] = resolver


def kinds():
    return sorted(_resolvers)


def resolve(request, kind, pk):
    """The card for ``kind`` / ``pk`` as this visitor may see it, or None (unknown kind, missing, not visible)."""
    resolver = _resolvers.get(kind)
    if resolver is None:
        return None
    return resolver(request, pk)


def register_link_signer(sign):
    """``sign(url, user) -> url``: the share link carrying the member's token (portal.accounts.referrals.with_ref)."""
    _signer["sign"] = sign


def sharer_id(request):
    """Who the poster and the link name as the sharer: the signed-in member, or None (no ref for visitors)."""
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated and _signer["sign"] is not None else None


def signed_url(request, card):
    """The card's absolute address, with the signed-in member's ?ref= token."""
    url = request.build_absolute_uri(card.path)
    if sharer_id(request) is None:
        return url
    return _signer["sign"](url, request.user)


# --- For the resolvers ----------------------------------------------------------------------------------------------


def public_page(model, pk):
    """A live Wagtail page of ``model`` that every visitor may read (no view restriction), or None."""
    return model.objects.live().public().filter(pk=pk).first()


def local_time(moment, fmt="%Y-%m-%d %H:%M"):
    """A moment as the site's visitors read it (Asia/Shanghai), not in UTC."""
    return timezone.localtime(moment).strftime(fmt) if moment else ""
