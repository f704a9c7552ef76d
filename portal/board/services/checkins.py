"""Check-in topics (打卡) and weekly assignments (每周作业): opening a topic, checking in once per period, reviews,
hiding, and the streaks and completion table the topic page shows.

"Once per period" is the database's unique constraint on (topic, member, period), not a count read before an insert,
so two check-ins sent at the same moment leave one row. Streaks and the table are computed from one query of
(member, period) pairs: a group has at most 100 members, so a year-long daily topic is at most 36,600 small rows.
Hidden check-ins (a leader judged them not a real check-in) count in neither.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.groups.models import Membership
from website.core.sanitize import clean_member_html, html_text

from ..models import MAX_CHECK_IN_IMAGES, CheckIn, CheckInImage, CheckInTopic, ModerationAction, Post
from .common import (
    RULE_ASSIGNMENT_REVIEWED,
    RULE_CHECK_IN,
    BoardError,
    award_in_group,
    lock_writer,
    log_action,
    require_moderator,
    require_open_board,
    require_writer,
)

__all__ = [
    "MAX_TOPIC_DAYS",
    "MAX_CHECK_IN_LENGTH",
    "MAX_REVIEW_LENGTH",
    "CompletionTable",
    "open_topic",
    "check_in",
    "review_check_in",
    "hide_check_in",
    "unhide_check_in",
    "streaks",
    "completion_table",
    "TopicProgress",
    "topic_progress",
]

#: The longest a topic may run: a year of daily check-ins is already a commitment.
MAX_TOPIC_DAYS = 366
MAX_TITLE_LENGTH = 80
MAX_INTRO_LENGTH = 2000
MAX_CHECK_IN_LENGTH = 1000
MAX_REVIEW_LENGTH = 500
MAX_REASON_LENGTH = 200
#: Periods the completion table shows (the most recent ones); totals always count the whole topic.
SHOWN_PERIODS = {CheckInTopic.Cadence.DAILY: 14, CheckInTopic.Cadence.WEEKLY: 8}

_SPACES = re.compile(r"\s+")


def _date(day):
    return date_format(day, "DATE_FORMAT")


def _same_group(viewer, topic):
    if topic.post.group_id != viewer.group.pk:
        raise BoardError(_("This topic belongs to another group."))


# --- Opening a topic --------------------------------------------------------------------------------------------


def _topic_dates(starts_on, ends_on, today):
    starts_on = starts_on or today
    if starts_on < today:
        raise BoardError(_("A topic cannot start in the past."))
    if ends_on is None or ends_on < starts_on:
        raise BoardError(_("The end date must be on or after the start date."))
    if (ends_on - starts_on).days >= MAX_TOPIC_DAYS:
        raise BoardError(_("A topic runs at most %(days)d days.") % {"days": MAX_TOPIC_DAYS})
    return starts_on, ends_on


def open_topic(viewer, *, title, body, cadence, ends_on, starts_on=None, is_assignment=False, tag=None, today=None):
    """A leader (or co-leader) opens a check-in topic: its post (kind check-in) and the topic, in one transaction."""
    require_moderator(viewer)
    require_open_board(viewer)
    title = _SPACES.sub(" ", title or "").strip()
    if not title:
        raise BoardError(_("A check-in topic needs a title."))
    if len(title) > MAX_TITLE_LENGTH:
        raise BoardError(_("The title is at most %(n)d characters.") % {"n": MAX_TITLE_LENGTH})
    body = clean_member_html(body)
    text = _SPACES.sub(" ", html_text(body)).strip()
    if len(text) > MAX_INTRO_LENGTH:
        raise BoardError(_("The introduction is at most %(n)d characters.") % {"n": MAX_INTRO_LENGTH})
    if cadence not in CheckInTopic.Cadence.values:
        raise BoardError(_("Choose daily or weekly check-ins."))
    if tag is not None and tag.group_id != viewer.group.pk:
        raise BoardError(_("Choose one of this group's tags."))
    starts_on, ends_on = _topic_dates(starts_on, ends_on, today or timezone.localdate())
    with transaction.atomic():
        post = Post.objects.create(
            group=viewer.group,
            author=viewer.user,
            kind=Post.Kind.CHECK_IN,
            tag=tag,
            title=title,
            body=body,
            excerpt=text[:200],
        )
        post.check_in_topic = CheckInTopic.objects.create(
            post=post, cadence=cadence, starts_on=starts_on, ends_on=ends_on, is_assignment=bool(is_assignment)
        )
    return post


# --- Checking in ------------------------------------------------------------------------------------------------


def already_checked_in_message(topic):
    if topic.is_weekly:
        return _("You have already checked in this week. Come back next week!")
    return _("You have already checked in today. Come back tomorrow!")


def _require_open(topic, today):
    post = topic.post
    if post.is_deleted or post.is_hidden:
        raise BoardError(_("This topic is closed."))
    if today < topic.starts_on:
        raise BoardError(_("Check-ins open on %(day)s.") % {"day": _date(topic.starts_on)})
    if today > topic.ends_on:
        raise BoardError(_("This topic ended on %(day)s; check-ins are closed.") % {"day": _date(topic.ends_on)})


def check_in(viewer, topic, *, body, images=(), today=None):
    """A member checks in: once per period (the unique constraint decides), text and up to nine images."""
    require_writer(viewer)
    _same_group(viewer, topic)
    today = today or timezone.localdate()
    _require_open(topic, today)
    body = (body or "").strip()
    if not body:
        raise BoardError(_("Write a few words about what you did."))
    if len(body) > MAX_CHECK_IN_LENGTH:
        raise BoardError(_("A check-in is at most %(n)d characters.") % {"n": MAX_CHECK_IN_LENGTH})
    images = list(images or ())
    if len(images) > MAX_CHECK_IN_IMAGES:
        raise BoardError(_("At most %(n)d images.") % {"n": MAX_CHECK_IN_IMAGES})
    period = topic.period_of(today)
    member = viewer.user
    # A friendly early answer for the usual second click; the constraint below is what holds under a race.
    if CheckIn.objects.filter(topic=topic, member=member, period=period).exists():
        raise BoardError(already_checked_in_message(topic))
    try:
        with transaction.atomic():
            lock_writer(viewer)
            # The topic's post, locked and read again: a leader hiding or deleting the topic at this moment is seen.
            topic.post = Post.objects.select_for_update(no_key=True).get(pk=topic.post_id)
            _require_open(topic, today)
            entry = CheckIn.objects.create(topic=topic, member=member, period=period, body=body)
            for order, image in enumerate(images):
                CheckInImage.objects.create(check_in=entry, image=image, sort_order=order)
            CheckInTopic.objects.filter(pk=topic.pk).update(check_in_count=F("check_in_count") + 1)
            award_in_group(member, RULE_CHECK_IN, entry, viewer.group)
    except IntegrityError as error:
        raise BoardError(already_checked_in_message(topic)) from error
    return entry


# --- Leaders' part: reviews and hiding --------------------------------------------------------------------------


def _moderated(viewer, check_in):
    require_moderator(viewer)
    _same_group(viewer, check_in.topic)


def review_check_in(viewer, check_in, *, comment):
    """A leader reviews a check-in of a weekly assignment with a comment, once; the member earns the review points."""
    _moderated(viewer, check_in)
    require_open_board(viewer)  # a review pays the member points
    topic = check_in.topic
    if not topic.is_assignment:
        raise BoardError(_("Only check-ins of an assignment are reviewed."))
    if check_in.member_id == viewer.user.pk:
        raise BoardError(_("You cannot review your own check-in."))
    if check_in.is_hidden:
        raise BoardError(_("This check-in is hidden; show it again before reviewing it."))
    comment = (comment or "").strip()
    if not comment:
        raise BoardError(_("Write a comment for the member."))
    if len(comment) > MAX_REVIEW_LENGTH:
        raise BoardError(_("A review is at most %(n)d characters.") % {"n": MAX_REVIEW_LENGTH})
    now = timezone.now()
    with transaction.atomic():
        done = CheckIn.objects.filter(pk=check_in.pk, reviewed_at__isnull=True).update(
            reviewed_at=now, reviewed_by=viewer.user, review_comment=comment
        )
        if not done:
            raise BoardError(_("This check-in has already been reviewed."))
        award_in_group(check_in.member, RULE_ASSIGNMENT_REVIEWED, check_in, viewer.group)
        log_action(viewer, ModerationAction.Action.REVIEW, post=topic.post, member=check_in.member, reason=comment)
    check_in.reviewed_at, check_in.reviewed_by, check_in.review_comment = now, viewer.user, comment
    return check_in


def hide_check_in(viewer, check_in, reason):
    """Hide a check-in with a reason its author sees; it no longer counts in streaks or the completion table."""
    _moderated(viewer, check_in)
    reason = (reason or "").strip()
    if not reason:
        raise BoardError(_("Give a reason for hiding it; the member will see it."))
    if len(reason) > MAX_REASON_LENGTH:
        raise BoardError(_("The reason is at most %(n)d characters.") % {"n": MAX_REASON_LENGTH})
    now = timezone.now()
    with transaction.atomic():
        done = CheckIn.objects.filter(pk=check_in.pk, hidden_at__isnull=True).update(
            hidden_at=now, hidden_reason=reason
        )
        if not done:
            raise BoardError(_("This check-in is already hidden."))
        # The topic's count is of shown check-ins; the conditional UPDATE above decided that this call moves it.
        CheckInTopic.objects.filter(pk=check_in.topic_id, check_in_count__gt=0).update(
            check_in_count=F("check_in_count") - 1
        )
        log_action(
            viewer, ModerationAction.Action.HIDE, post=check_in.topic.post, member=check_in.member, reason=reason
        )
    check_in.hidden_at, check_in.hidden_reason = now, reason
    return check_in


def unhide_check_in(viewer, check_in):
    _moderated(viewer, check_in)
    with transaction.atomic():
        done = CheckIn.objects.filter(pk=check_in.pk, hidden_at__isnull=False).update(hidden_at=None, hidden_reason="")
        if not done:
            raise BoardError(_("This check-in is not hidden."))
        CheckInTopic.objects.filter(pk=check_in.topic_id).update(check_in_count=F("check_in_count") + 1)
        log_action(viewer, ModerationAction.Action.UNHIDE, post=check_in.topic.post, member=check_in.member)
    check_in.hidden_at, check_in.hidden_reason = None, ""
    return check_in


# --- Streaks and the completion table ---------------------------------------------------------------------------


def _check_in_rows(topic):
    """The one query streaks, the table and "did I check in this period?" read: (member, period, hidden)."""
    return list(CheckIn.objects.filter(topic=topic).values_list("member_id", "period", "hidden_at").order_by())


def _periods_by_member(rows):
    """Each member's counted periods: hidden check-ins left out."""
    result = {}
    for member_id, period, hidden_at in rows:
        if hidden_at is None:
            result.setdefault(member_id, set()).add(period)
    return result


def _streaks(topic, periods_by_member, today):
    """Consecutive periods ending with the current one if checked in, else with the one before (not yet today
    keeps yesterday's streak); after the end date, ending with the topic's last period."""
    if today < topic.starts_on:
        return {}
    anchor = topic.period_of(min(today, topic.ends_on))
    step = topic.period_length
    result = {}
    for member_id, periods in periods_by_member.items():
        current = anchor if anchor in periods else anchor - step
        count = 0
        while current in periods:
            count += 1
            current -= step
        result[member_id] = count
    return result


def streaks(topic, *, today=None):
    """{member_id: streak} for every member who ever checked in (0 once a streak is broken); one query."""
    return _streaks(topic, _periods_by_member(_check_in_rows(topic)), today or timezone.localdate())


@dataclass
class CompletionRow:
    member: object
    marks: list  # [(period, checked_in)] for the shown periods, oldest first
    total: int  # periods checked in over the whole topic
    streak: int = 0


@dataclass
class CompletionTable:
    periods: list  # the shown periods, oldest first
    total_periods: int  # every period so far, shown or not
    rows: list = field(default_factory=list)

    @property
    def is_truncated(self):
        return len(self.periods) < self.total_periods


@dataclass
class TopicProgress:
    streaks: dict  # {member_id: streak}
    table: CompletionTable
    taken: set  # {(member_id, period)}, hidden check-ins included: a hidden check-in still used its period

    def has_checked_in(self, member_id, period):
        return (member_id, period) in self.taken

    def streak_leaders(self, count=5):
        rows = [row for row in self.table.rows if row.streak > 0]
        return sorted(rows, key=lambda row: (-row.streak, -row.total))[:count]


def _table(topic, periods_by_member, streak_of, today, with_members):
    all_periods = topic.periods(today) if today >= topic.starts_on else []
    shown = all_periods[-SHOWN_PERIODS[topic.cadence] :]
    who = Q(pk__in=list(periods_by_member))
    if with_members:
        who |= Q(pk__in=Membership.objects.active().filter(group_id=topic.post.group_id).values("member_id"))
    rows = []
    for user in get_user_model().objects.filter(who):
        periods = periods_by_member.get(user.pk, set())
        rows.append(
            CompletionRow(
                member=user,
                marks=[(period, period in periods) for period in shown],
                total=len(periods),
                streak=streak_of.get(user.pk, 0),
            )
        )
    rows.sort(key=lambda row: (-row.total, -row.streak, str(row.member.display_name), row.member.pk))
    return CompletionTable(periods=shown, total_periods=len(all_periods), rows=rows)


def topic_progress(topic, *, today=None, with_members=False):
    """Streaks, the completion table and who used which period, from two queries (check-ins, then members)."""
    today = today or timezone.localdate()
    rows = _check_in_rows(topic)
    by_member = _periods_by_member(rows)
    streak_of = _streaks(topic, by_member, today)
    return TopicProgress(
        streaks=streak_of,
        table=_table(topic, by_member, streak_of, today, with_members),
        taken={(member_id, period) for member_id, period, _hidden in rows},
    )


def completion_table(topic, *, today=None, with_members=False):
    """Members who checked in (and, ``with_members``, every active member) against the recent periods (the last 14
    days or 8 weeks), with each member's total over the whole topic; two queries."""
    return topic_progress(topic, today=today, with_members=with_members).table
