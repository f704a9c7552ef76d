"""Helpers shared by the lifecycle, activity, spin-off and insights tests."""

from datetime import timedelta

from django.contrib.messages import get_messages
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from portal.groups.models import CommunityGroup
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.groups.lifecycle.factories import ActivityFactory, attend, days_ago, tally

# Thresholds low enough to reach with a handful of rows: new -> growing, then growing -> core.
LOW_THRESHOLDS = {
    "growing_members": 3,
    "growing_active_members": 2,
    "growing_active_share": 30,
    "growing_activities": 1,
    "growing_points": 10,
    "core_members": 5,
    "core_active_members": 4,
    "core_active_share": 50,
    "core_activities": 2,
    "core_points": 40,
}

LIFECYCLE_FIELDS = (
    "stage",
    "stage_changed_at",
    "lifecycle_strikes",
    "last_evaluated_on",
    "last_activity_at",
    "inactivity_warned_at",
    "dormant",
)


def zh(message, template=False, context=None):
    """A message as members see it (the default language), whether or not the catalogue translates it yet.

    `template=True` for text from a template's {% translate %}, whose catalogue entry doubles any "%"; `context` for a
    pgettext message (stage labels are "group stage").
    """
    with translation.override("zh-hans"):
        if context:
            return pgettext(context, message)
        if template:
            return gettext(message.replace("%", "%%")).replace("%%", "%")
        return gettext(message)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def build_group(*, members, active, activities, points, leader=None, days=5, **fields):
    """A group whose 30-day metrics are exactly (members, active, activities, points).

    The leader counts as a member. The first `active` members attend the first activity, held `days` ago; the points
    are a tally of the first active member, so points never make an extra member active.
    """
    assert active <= members and (active or not points) and (activities or not active)
    leader = leader or MemberFactory()
    group = CommunityGroupFactory(leader=leader, **fields)
    people = [leader] + [MembershipFactory(group=group).member for _ in range(members - 1)]
    held = [ActivityFactory(group=group, starts_at=days_ago(days + index)) for index in range(activities)]
    for person in people[:active]:
        attend(held[0], person)
    if points:
        tally(people[0], timezone.localdate() - timedelta(days=days), points, group=group)
    group.refresh_from_db()
    return group


def stage_of(group):
    return CommunityGroup.objects.values_list("stage", flat=True).get(pk=group.pk)


def lifecycle_state():
    """Every group's lifecycle fields, for comparing the database before and after a run."""
    return {row[0]: row[1:] for row in CommunityGroup.objects.order_by("pk").values_list("pk", *LIFECYCLE_FIELDS)}
