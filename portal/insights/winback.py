"""Win-back: a short digest of what is coming up in their groups, for members who have stopped taking part.

Who: active, non-staff members in at least one active group who have not taken part (portal.groups.metrics, the one
definition) for QUIET_DAYS, who did take part or join a group before that, who were not sent a win-back in the last
REPEAT_DAYS and who have not turned the type off. What: the next AHEAD_DAYS' activities of their groups (not
cancelled) and the 精华 posts featured in their groups in the last FEATURED_DAYS, up to MAX_ITEMS of each; a member
with neither gets nothing. Members are read in keyset batches with a fixed number of queries per batch, whatever the
number of members; each send is one ``notify`` (so the member's channel applies) and one ``WinBackMessage`` row.

``mark_returned`` fills in ``returned_at`` for sends whose member took part again within RETURN_DAYS; the insights
dashboard shows how many came back (``figures``).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, DateTimeField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone, translation

from portal.board.models import Post
from portal.groups.metrics import PARTICIPATION_SOURCES, took_part_q
from portal.groups.models import Activity, CommunityGroup, Membership
from portal.notifications.models import Preference
from portal.notifications.types import Channel

from . import notifications
from .models import WinBackMessage

QUIET_DAYS = 30
REPEAT_DAYS = 30
AHEAD_DAYS = 14
FEATURED_DAYS = 30
MAX_ITEMS = 5
RETURN_DAYS = 14
# Sends still looked at for a return: their 14 days, plus a week of slack for runs that were missed.
RETURN_LOOKBACK_DAYS = RETURN_DAYS + 7
REPORT_DAYS = 90
BATCH = 500


@dataclass
class RunReport:
    considered: int = 0
    sent: int = 0
    nothing_to_tell: int = 0
    returned: int = 0


def lapsed_members(now):
    """Members a win-back is for, as one query (EXISTS per kind of taking part); the caller batches it by pk."""
    quiet_since = now - timedelta(days=QUIET_DAYS)
    in_a_group = Membership.objects.active().filter(
        member_id=OuterRef("pk"), group__status=CommunityGroup.Status.ACTIVE
    )
    joined_before = Membership.objects.filter(member_id=OuterRef("pk"), joined_at__lt=quiet_since)
    sent_lately = WinBackMessage.objects.filter(
        member_id=OuterRef("pk"), sent_at__gt=now - timedelta(days=REPEAT_DAYS)
    )
    turned_off = Preference.objects.filter(member_id=OuterRef("pk"), kind=notifications.WIN_BACK, channel=Channel.OFF)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=False)
        .filter(Exists(in_a_group))
        .filter(Exists(joined_before) | took_part_q(None, quiet_since, field="pk"))
        # Open-ended: a member hosting an activity next week is not away, though its start is still to come.
        .exclude(took_part_q(quiet_since, None, field="pk"))
        .exclude(Exists(sent_lately))
        .exclude(Exists(turned_off))
    )


def send(now=None, batch_size=BATCH):
    """Send the day's win-backs; running it again the same day (or within REPEAT_DAYS) sends nothing more."""
    now = now or timezone.now()
    report = RunReport()
    last = 0
    while True:
        ids = list(lapsed_members(now).filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return report
        last = ids[-1]
        report.considered += len(ids)
        _send_batch(ids, now, report)


def _send_batch(ids, now, report):
    day = timezone.localdate(now)
    with transaction.atomic():
        # Lock the batch's members and look again: another run (a --force) may have sent since the selection.
        members = list(
            get_user_model()
            .objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", "language")
        )
        recent = set(
            WinBackMessage.objects.filter(
                member_id__in=ids, sent_at__gt=now - timedelta(days=REPEAT_DAYS)
            ).values_list("member_id", flat=True)
        )
        members = [(pk, language) for pk, language in members if pk not in recent]
        digests = digests_for([pk for pk, _language in members], now)
        sends = []
        for member_id, language in members:
            activities, posts = digests.get(member_id, ([], []))
            if not activities and not posts:
                report.nothing_to_tell += 1
                continue
            # Links in the member's language: English pages live under /en/.
            with translation.override(language or settings.LANGUAGE_CODE):
                notifications.win_back(
                    member_id,
                    activities=_activity_lines(activities),
                    posts=_post_lines(posts),
                    url=reverse("accounts:dashboard"),
                    day=day,
                )
            sends.append(WinBackMessage(member_id=member_id, sent_at=now))
        WinBackMessage.objects.bulk_create(sends)
        report.sent += len(sends)


def _first_per_group(queryset, order_by, fields):
    """Up to MAX_ITEMS rows of each group, in SQL (a window function), as dicts."""
    return (
        queryset.annotate(position=Window(RowNumber(), partition_by=F("group_id"), order_by=order_by))
        .filter(position__lte=MAX_ITEMS)
        .values("group_id", *fields)
    )


def digests_for(member_ids, now):
    """{member_id: (activities, posts)} for the members' active groups: three queries for any number of members.

    Only posts still shown (neither deleted nor hidden) in active groups the member belongs to, so every post listed
    is one they may read, members-only boards included.
    """
    memberships = Membership.objects.active().filter(
        member_id__in=member_ids, group__status=CommunityGroup.Status.ACTIVE
    )
    groups_of = defaultdict(list)
    for member_id, group_id in memberships.values_list("member_id", "group_id"):
        groups_of[member_id].append(group_id)
    their_groups = memberships.values("group_id")
    activities = defaultdict(list)
    for row in _first_per_group(
        Activity.objects.scheduled().filter(
            group_id__in=their_groups, starts_at__gte=now, starts_at__lt=now + timedelta(days=AHEAD_DAYS)
        ),
        F("starts_at").asc(),
        ("pk", "title", "starts_at", "group__slug", "group__name"),
    ):
        activities[row["group_id"]].append(row)
    posts = defaultdict(list)
    for row in _first_per_group(
        Post.objects.shown().filter(
            group_id__in=their_groups,
            featured_at__gte=now - timedelta(days=FEATURED_DAYS),
            featured_at__lte=now,
        ),
        F("featured_at").desc(),
        ("pk", "title", "excerpt", "featured_at", "group__slug", "group__name"),
    ):
        posts[row["group_id"]].append(row)
    digests = {}
    for member_id, group_ids in groups_of.items():
        upcoming = sorted((a for g in group_ids for a in activities[g]), key=lambda a: (a["starts_at"], a["pk"]))
        featured = sorted((p for g in group_ids for p in posts[g]), key=lambda p: (p["featured_at"], p["pk"]))
        digests[member_id] = (upcoming[:MAX_ITEMS], featured[::-1][:MAX_ITEMS])
    return digests


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _activity_lines(rows):
    return "\n".join(
        f"- {timezone.localtime(row['starts_at']):%Y-%m-%d %H:%M} {row['group__name']} · {row['title']}\n"
        f"  {_absolute(reverse('groups:activity', args=[row['group__slug'], row['pk']]))}"
        for row in rows
    )


def _post_lines(rows):
    return "\n".join(
        f"- {row['group__name']} · {row['title'] or row['excerpt'][:40]}\n"
        f"  {_absolute(reverse('board:post', kwargs={'slug': row['group__slug'], 'pk': row['pk']}))}"
        for row in rows
    )


def mark_returned(now=None, batch_size=BATCH):
    """Fill in ``returned_at`` (the first moment of taking part within RETURN_DAYS of the send) for open sends;
    one query per batch of sends and one update. Returns how many were marked."""
    now = now or timezone.now()
    firsts = {}
    for source in PARTICIPATION_SOURCES:
        first = (
            source.rows()
            .filter(
                **{
                    f"{source.member}_id": OuterRef("member_id"),
                    f"{source.at}__gte": OuterRef("sent_at"),
                    f"{source.at}__lt": OuterRef("until"),
                    f"{source.at}__lte": now,
                }
            )
            .order_by(source.at)
            .values(source.at)[:1]
        )
        firsts[f"first_{source.name}"] = Subquery(first, output_field=DateTimeField())
    sends = (
        WinBackMessage.objects.filter(
            returned_at__isnull=True, sent_at__gte=now - timedelta(days=RETURN_LOOKBACK_DAYS), sent_at__lte=now
        )
        .annotate(until=ExpressionWrapper(F("sent_at") + timedelta(days=RETURN_DAYS), output_field=DateTimeField()))
        .annotate(**firsts)
        .order_by("pk")
    )
    marked = 0
    last = 0
    while True:
        rows = list(sends.filter(pk__gt=last).values_list("pk", *firsts)[:batch_size])
        if not rows:
            return marked
        last = rows[-1][0]
        returned = []
        for pk, *moments in rows:
            moments = [moment for moment in moments if moment is not None]
            if moments:
                returned.append(WinBackMessage(pk=pk, returned_at=min(moments)))
        WinBackMessage.objects.bulk_update(returned, ["returned_at"])
        marked += len(returned)


def figures(now=None):
    """The dashboard's win-back figures over the last REPORT_DAYS: one aggregate query."""
    now = now or timezone.now()
    counts = WinBackMessage.objects.filter(sent_at__gt=now - timedelta(days=REPORT_DAYS)).aggregate(
        sent=Count("pk"), returned=Count("pk", filter=Q(returned_at__isnull=False))
    )
    sent, returned = counts["sent"], counts["returned"]
    return {
        "days": REPORT_DAYS,
        "return_days": RETURN_DAYS,
        "sent": sent,
        "returned": returned,
        "returned_share": round(100 * returned / sent) if sent else 0,
    }
