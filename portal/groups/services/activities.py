"""Rules for activities: who may create them, RSVPs within capacity, attendance, newcomers and the report.

RSVP seats follow the same pattern as group seats: one conditional UPDATE (``rsvp_count < capacity``) in the
transaction that writes the RSVP. Attendance is once per member and activity (a unique constraint). A member is a
newcomer at the earliest-starting activity of a group they attended (by the activity's start, not the check-in): the
flag is settled again for the member and group in the transaction of every attendance added or removed, so check-ins
taken out of order and corrections leave exactly one newcomer attendance per member and group.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.locks import lock_member
from portal.points import services as points
from portal.points.models import PointEntry

from ..models import Activity, ActivityRSVP, Attendance, Membership
from ..notifications import activities as activity_notices
from ..signals import purge_activity
from .common import GroupActionError

# How long before the start and after the end members may check in with the code.
CHECK_IN_OPENS_BEFORE_MINUTES = 60
CHECK_IN_CLOSES_AFTER_HOURS = 12


def _active_membership(group, member):
    return Membership.objects.filter(group=group, member=member, state=Membership.State.ACTIVE).first()


def rsvp(activity, member):
    """Say "going"; counts against the activity's capacity. Members only."""
    if activity.status != Activity.Status.SCHEDULED:
        raise GroupActionError(_("This activity has been cancelled."))
    if activity.starts_at < timezone.now():
        raise GroupActionError(_("This activity has already started."))
    with transaction.atomic():
        # Under the member's lock, a double click finds the first RSVP instead of racing it for the last place.
        lock_member(member)
        if _active_membership(activity.group, member) is None:
            raise GroupActionError(_("Only members of the group can sign up."))
        existing = ActivityRSVP.objects.select_for_update().filter(activity=activity, member=member).first()
        if existing is not None and existing.status == ActivityRSVP.Status.GOING:
            raise GroupActionError(_("You are already signed up."))
        seat = Activity.objects.filter(pk=activity.pk)
        if activity.capacity is not None:
            seat = seat.filter(rsvp_count__lt=F("capacity"))
        if not seat.update(rsvp_count=F("rsvp_count") + 1):
            raise GroupActionError(_("This activity is full."))
        try:
            with transaction.atomic():
                if existing is None:
                    ActivityRSVP.objects.create(activity=activity, member=member)
                else:
                    existing.status = ActivityRSVP.Status.GOING
                    existing.created_at = timezone.now()
                    existing.save(update_fields=["status", "created_at"])
        except IntegrityError as exc:
            raise GroupActionError(_("You are already signed up.")) from exc
        # The number going shows on the activity's listings.
        purge_activity(activity)


def cancel_rsvp(activity, member):
    with transaction.atomic():
        updated = ActivityRSVP.objects.filter(
            activity=activity, member=member, status=ActivityRSVP.Status.GOING
        ).update(status=ActivityRSVP.Status.CANCELLED)
        if not updated:
            raise GroupActionError(_("You are not signed up."))
        Activity.objects.filter(pk=activity.pk, rsvp_count__gt=0).update(rsvp_count=F("rsvp_count") - 1)
        purge_activity(activity)


def _settle_newcomer(member_id, group_id):
    """Flag the member's earliest attended activity of the group (start time, then id) as the newcomer one, only it.

    At most two rows change per call (the old first and the new one), each moving its activity's counter with it.
    Runs under the member's lock, in the transaction that added or removed an attendance.
    """
    attended = Attendance.objects.filter(member_id=member_id, group_id=group_id)
    first = attended.order_by("activity_starts_at", "activity_id").values_list("pk", flat=True).first()
    flagged = set(attended.filter(is_newcomer=True).values_list("pk", flat=True))
    wanted = {first} if first is not None else set()
    for pk, newcomer in [(pk, False) for pk in flagged - wanted] + [(pk, True) for pk in wanted - flagged]:
        row = Attendance.objects.filter(pk=pk)
        row.update(is_newcomer=newcomer)
        Activity.objects.filter(pk__in=row.values("activity_id")).update(
            newcomer_count=F("newcomer_count") + (1 if newcomer else -1)
        )


def _record_attendance(activity, member, method, at=None):
    """Write one attendance, move the counters, settle who is a newcomer and award points; once per member.

    ``at`` backdates the check-in and its points (imports and demo history); otherwise it is now. Returns whether
    this attendance is the member's first in the group.
    """
    with transaction.atomic():
        # "First activity attended here" is a check across the member's check-ins: one at a time per member.
        lock_member(member)
        if Attendance.objects.filter(activity=activity, member=member).exists():
            raise GroupActionError(_("Already checked in."))
        # Claim a place first, like a seat in a group: attendance never exceeds the activity's capacity.
        place = Activity.objects.filter(pk=activity.pk)
        if activity.capacity is not None:
            place = place.filter(attended_count__lt=F("capacity"))
        if not place.update(attended_count=F("attended_count") + 1):
            raise GroupActionError(_("The activity is at capacity."))
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(
                    activity=activity,
                    member=member,
                    group_id=activity.group_id,
                    activity_starts_at=activity.starts_at,
                    method=method,
                    checked_in_at=at or timezone.now(),
                )
        except IntegrityError as exc:
            raise GroupActionError(_("Already checked in.")) from exc
        _settle_newcomer(member.pk, activity.group_id)
        points.award(member, "activity_attended", activity, scope=activity.group_id, at=at)
        return Attendance.objects.filter(pk=attendance.pk).values_list("is_newcomer", flat=True).get()


def sync_attendance_times(activity):
    """After an activity moved in time: its attendances follow, and its attendees' newcomer flags are settled again.

    A fixed number of statements whatever the number of attendees: the attendees are locked together, every one of
    their attendances in the group is re-flagged by one UPDATE, and the counters of the activities concerned recounted.
    """
    with transaction.atomic():
        attendees = list(Attendance.objects.filter(activity=activity).values_list("member_id", flat=True))
        if not attendees:
            return
        list(get_user_model().objects.select_for_update(no_key=True).filter(pk__in=attendees).values_list("pk"))
        Attendance.objects.filter(activity=activity).update(activity_starts_at=activity.starts_at)
        theirs = Attendance.objects.filter(group_id=activity.group_id, member_id__in=attendees)
        first = (
            Attendance.objects.filter(group_id=activity.group_id, member_id=OuterRef("member_id"))
            .order_by("activity_starts_at", "activity_id")
            .values("pk")[:1]
        )
        first_ids = list(theirs.annotate(first=Subquery(first)).values_list("first", flat=True).distinct())
        touched = list(theirs.values_list("activity_id", flat=True).distinct())
        theirs.exclude(pk__in=first_ids).update(is_newcomer=False)
        theirs.filter(pk__in=first_ids).update(is_newcomer=True)
        newcomers = (
            Attendance.objects.filter(activity_id=OuterRef("pk"), is_newcomer=True)
            .order_by()
            .values("activity_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        Activity.objects.filter(pk__in=touched).update(newcomer_count=Coalesce(Subquery(newcomers), 0))


def remove_attendance(activity, member, *, actor=None):
    """Correct the list: the member was not there after all. Takes back the attendance points with it.

    Whoever attended next in the group becomes the newcomer if this was the member's first activity there.
    """
    with transaction.atomic():
        lock_member(member)
        attendance = Attendance.objects.select_for_update().filter(activity=activity, member=member).first()
        if attendance is None:
            raise GroupActionError(_("This member is not on the attendance list."))
        attendance.delete()
        Activity.objects.filter(pk=activity.pk, attended_count__gt=0).update(
            attended_count=F("attended_count") - 1,
            newcomer_count=F("newcomer_count") - int(attendance.is_newcomer),
        )
        _settle_newcomer(member.pk, activity.group_id)
        earned = (
            PointEntry.objects.filter(
                member=member,
                kind=PointEntry.Kind.EARN,
                rule__code="activity_attended",
                source_type=ContentType.objects.get_for_model(Activity),
                source_id=str(activity.pk),
                reversed_by__isnull=True,
            )
            .select_related("member")
            .first()
        )
        if earned is not None:
            try:
                points.reverse(earned, actor=actor, reason=_("Attendance removed"))
            except points.PointsError as error:
                raise GroupActionError(str(error)) from error


def check_in_with_code(activity, member, code):
    """A member checks themselves in on the spot with the code the leader shows."""
    now = timezone.now()
    if activity.status != Activity.Status.SCHEDULED:
        raise GroupActionError(_("This activity has been cancelled."))
    opens = activity.starts_at - timedelta(minutes=CHECK_IN_OPENS_BEFORE_MINUTES)
    closes = activity.ends_at + timedelta(hours=CHECK_IN_CLOSES_AFTER_HOURS)
    if not opens <= now <= closes:
        raise GroupActionError(_("Check-in is open from an hour before the start until the evening after."))
    if (code or "").strip().upper() != activity.check_in_code:
        raise GroupActionError(_("That code is not right. Ask the organiser for the code shown on the spot."))
    if _active_membership(activity.group, member) is None:
        raise GroupActionError(_("Only members of the group can check in."))
    return _record_attendance(activity, member, Attendance.Method.CODE)


def mark_attendance(activity, member_ids):
    """A leader ticks members off the list; already present ones are skipped. Returns how many were added."""
    if activity.status != Activity.Status.SCHEDULED:
        raise GroupActionError(_("This activity has been cancelled."))
    if activity.starts_at > timezone.now() + timedelta(minutes=CHECK_IN_OPENS_BEFORE_MINUTES):
        raise GroupActionError(_("Attendance can be taken once the activity is about to start."))
    members = Membership.objects.filter(
        group_id=activity.group_id, member_id__in=member_ids, state=Membership.State.ACTIVE
    ).select_related("member")
    added = 0
    for membership in members:
        try:
            _record_attendance(activity, membership.member, Attendance.Method.LIST)
        except GroupActionError:
            continue
        added += 1
    return added


def file_report(activity, actor, *, summary, feedback):
    """The leader's report after the activity; hosting earns points once, when the first report is filed."""
    if activity.status != Activity.Status.SCHEDULED:
        raise GroupActionError(_("This activity has been cancelled."))
    if activity.starts_at > timezone.now():
        raise GroupActionError(_("A report can be filed once the activity has taken place."))
    Activity.objects.filter(pk=activity.pk).update(
        report_summary=summary, report_feedback=feedback, reported_at=activity.reported_at or timezone.now()
    )
    purge_activity(activity)
    activity.refresh_from_db(fields=["attended_count"])
    # Once per activity (the ledger's rule): also when the attendance list was completed after a first report.
    if activity.attended_count > 0:
        points.award(actor, "activity_hosted", activity, scope=activity.group_id)
    activity.refresh_from_db()
    return activity


def cancel_activity(activity, *, actor=None):
    """Call the activity off; members going are told (by e-mail unless they chose otherwise), the actor is not."""
    updated = Activity.objects.filter(pk=activity.pk, status=Activity.Status.SCHEDULED).update(
        status=Activity.Status.CANCELLED
    )
    if not updated:
        raise GroupActionError(_("This activity is already cancelled."))
    purge_activity(activity)
    activity.refresh_from_db()
    activity_notices.activity_cancelled(activity, actor=actor)


def upcoming_for_member(member, limit=5):
    return (
        Activity.objects.upcoming()
        .filter(Q(rsvps__member=member, rsvps__status=ActivityRSVP.Status.GOING))
        .select_related("group")
        .order_by("starts_at")[:limit]
    )
