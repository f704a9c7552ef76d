"""The leaders' settings of a board: who reads it, and the group's own topic tags (at most MAX_TAGS).

The settings row is written the first time a leader saves (``BoardSettings.for_group`` reads defaults until then).
Tag changes lock the group row, so two leaders adding the eighth and ninth tag at once leave eight.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from portal.groups.models import CommunityGroup

from ..models import MAX_TAGS, BoardSettings, BoardTag
from .common import BoardError, require_moderator

__all__ = ["set_visibility", "add_tag", "rename_tag", "remove_tag", "move_tag"]


def set_visibility(viewer, visibility):
    require_moderator(viewer)
    if visibility not in BoardSettings.Visibility.values:
        raise BoardError(_("Choose who can read the board."))
    settings, _created = BoardSettings.objects.update_or_create(
        group=viewer.group, defaults={"visibility": visibility}
    )
    return settings


def _clean_name(name):
    name = (name or "").strip()
    limit = BoardTag._meta.get_field("name").max_length
    if not name or len(name) > limit:
        raise BoardError(_("A tag has 1 to %(max)d characters.") % {"max": limit})
    return name


def _lock_group(viewer):
    require_moderator(viewer)
    CommunityGroup.objects.select_for_update().filter(pk=viewer.group.pk).first()


def _save_name(tag):
    try:
        with transaction.atomic():
            tag.save()
    except IntegrityError:
        raise BoardError(_("The group already has a tag with this name.")) from None
    return tag


@transaction.atomic
def add_tag(viewer, name):
    name = _clean_name(name)
    _lock_group(viewer)
    tags = BoardTag.objects.filter(group=viewer.group)
    if tags.count() >= MAX_TAGS:
        raise BoardError(_("A board has at most %(max)d tags.") % {"max": MAX_TAGS})
    last = tags.aggregate(last=Max("sort_order"))["last"]
    return _save_name(BoardTag(group=viewer.group, name=name, sort_order=0 if last is None else last + 1))


def _tag_of(viewer, tag):
    tag = BoardTag.objects.select_for_update().filter(pk=tag.pk, group=viewer.group).first()
    if tag is None:
        raise BoardError(_("This tag no longer exists."))
    return tag


@transaction.atomic
def rename_tag(viewer, tag, name):
    name = _clean_name(name)
    _lock_group(viewer)
    tag = _tag_of(viewer, tag)
    tag.name = name
    return _save_name(tag)


@transaction.atomic
def remove_tag(viewer, tag):
    """Remove a tag; its posts stay, without a tag."""
    _lock_group(viewer)
    _tag_of(viewer, tag).delete()


@transaction.atomic
def move_tag(viewer, tag, *, up):
    """Swap a tag with its neighbour above (or below); the order is renumbered 0..n-1 so it stays dense."""
    _lock_group(viewer)
    tag = _tag_of(viewer, tag)
    tags = list(BoardTag.objects.filter(group=viewer.group))
    index = next(i for i, other in enumerate(tags) if other.pk == tag.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(tags):
        tags[index], tags[other] = tags[other], tags[index]
    for order, each in enumerate(tags):
        if each.sort_order != order:
            BoardTag.objects.filter(pk=each.pk).update(sort_order=order)
