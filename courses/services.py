"""Enrolment rules: audience and window, seats with a waitlist (the same conditional-update guarantee as group
seats), session check-in, completion, and rewards for completing and for bringing in new members (the share link
itself is portal.accounts.referrals's)."""

from datetime import UTC, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.locks import lock_member
from portal.groups.services import leaders
from portal.groups.sharing import reward_sharer
from portal.points import services as points
from website.core.email import email_member

from .models.records import CourseSeats, CourseSession, Enrolment, SessionAttendance

CHECK_IN_BEFORE = timedelta(minutes=30)
CHECK_IN_AFTER = timedelta(hours=2)


class CourseError(Exception):
    """A refused course action; the message is for the member."""


# --- Enrolment ------------------------------------------------------------------------------------------------------


def cannot_enrol(course, member):
    """None when the member may enrol, otherwise why not."""
    if not course.live:
        return _("This course is not published.")
    if not course.enrolment_open:
        return _("Enrolment is closed.")
    if course.audience == course.Audience.LEADERS and not leaders.is_leader(member):
        return _("This course is for group leaders.")
    if (
        course.audience == course.Audience.MIN_LEVEL
        and course.min_level_id
        and points.balance_of(member).lifetime_earned < course.min_level.min_points
    ):
        return _("This course is open from the level %(level)s.") % {"level": course.min_level.name}
    return None


def _take_seat(course):
    CourseSeats.objects.get_or_create(course=course)
    return bool(
        CourseSeats.objects.filter(course=course, enrolled__lt=course.capacity).update(enrolled=F("enrolled") + 1)
    )


def enrol(course, member):
    """Enrol, or join the waitlist when the course is full. One enrolment per member and course.

    The rules and the member's enrolment are read under the member's lock: a double click waits for the first click
    and is told the member is enrolled, instead of taking a second seat (or a waitlist place) for a moment.
    """
    now = timezone.now()
    with transaction.atomic():
        lock_member(member)
        reason = cannot_enrol(course, member)
        if reason:
            raise CourseError(reason)
        existing = Enrolment.objects.select_for_update().filter(course=course, member=member).first()
        if existing is not None and existing.status != Enrolment.Status.CANCELLED:
            raise CourseError(_("You are already enrolled."))
        seated = _take_seat(course)
        status = Enrolment.Status.ENROLLED if seated else Enrolment.Status.WAITLISTED
        fields = {"status": status, "created_at": now, "waitlisted_at": None if seated else now}
        try:
            with transaction.atomic():
                if existing is None:
                    enrolment = Enrolment.objects.create(course=course, member=member, **fields)
                else:
                    for key, value in fields.items():
                        setattr(existing, key, value)
                    existing.save()
                    enrolment = existing
        except IntegrityError as exc:
            raise CourseError(_("You are already enrolled.")) from exc
        # A member brought in by a share link: their first enrolment (or group) pays the sharer, once.
        reward_sharer(member)
    return enrolment


def cancel(course, member):
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().filter(course=course, member=member).first()
        if enrolment is None or enrolment.status not in (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED):
            raise CourseError(_("You are not enrolled."))
        was_seated = enrolment.status == Enrolment.Status.ENROLLED
        enrolment.status = Enrolment.Status.CANCELLED
        enrolment.save(update_fields=["status"])
        if was_seated:
            CourseSeats.objects.filter(course=course, enrolled__gt=0).update(enrolled=F("enrolled") - 1)
    if was_seated:
        serve_waitlist(course)


def serve_waitlist(course):
    """Seat waitlisted members, oldest first, while seats are free; each is told by e-mail."""
    promoted = []
    while True:
        with transaction.atomic():
            waiting = (
                Enrolment.objects.select_for_update()
                .filter(course=course, status=Enrolment.Status.WAITLISTED)
                .order_by("waitlisted_at", "pk")
                .select_related("member")
                .first()
            )
            if waiting is None or not _take_seat(course):
                break
            waiting.status = Enrolment.Status.ENROLLED
            waiting.save(update_fields=["status"])
            email_member(waiting.member, "courses/email/waitlist_promoted", {"course": course})
            promoted.append(waiting)
    return promoted


# --- Attendance and completion --------------------------------------------------------------------------------------


def check_in(course, member, code):
    """Check in to the session whose code this is, while it runs; completion follows the attended share."""
    now = timezone.now()
    code = (code or "").strip().upper()
    session = next(
        (
            s
            for s in CourseSession.objects.filter(course=course)
            if s.check_in_code == code and s.starts_at - CHECK_IN_BEFORE <= now <= s.ends_at + CHECK_IN_AFTER
        ),
        None,
    )
    if session is None:
        raise CourseError(_("That code does not match a session running now."))
    enrolment = Enrolment.objects.filter(
        course=course, member=member, status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED]
    ).first()
    if enrolment is None:
        raise CourseError(_("Only enrolled members can check in."))
    try:
        with transaction.atomic():
            SessionAttendance.objects.create(session=session, member=member)
    except IntegrityError as exc:
        raise CourseError(_("You are already checked in to this session.")) from exc
    return complete_if_due(course, enrolment)


def complete_if_due(course, enrolment):
    total = CourseSession.objects.filter(course=course).count()
    attended = SessionAttendance.objects.filter(session__course=course, member_id=enrolment.member_id).count()
    if enrolment.status == Enrolment.Status.COMPLETED or not total:
        return enrolment
    if 100 * attended >= course.completion_share * total:
        updated = Enrolment.objects.filter(pk=enrolment.pk, status=Enrolment.Status.ENROLLED).update(
            status=Enrolment.Status.COMPLETED, completed_at=timezone.now()
        )
        if updated:
            points.award(enrolment.member, "course_completed", course, amount=course.completion_points)
            email_member(enrolment.member, "courses/email/completed", {"course": course})
        enrolment.refresh_from_db()
    return enrolment


# --- Calendar -------------------------------------------------------------------------------------------------------


def _ics_text(value):
    return (value or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def calendar(course, base_url):
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//community-ops//courses//ZH", "CALSCALE:GREGORIAN"]
    for session in course.sessions.all():
        start = session.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        end = session.ends_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        lines += [
            "BEGIN:VEVENT",
            f"UID:course-{course.pk}-session-{session.pk}@community-ops",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{start}",
            f"DTEND:{end}",
            f"SUMMARY:{_ics_text(course.title + (' · ' + session.title if session.title else ''))}",
            f"LOCATION:{_ics_text(session.place or session.link)}",
            f"URL:{base_url}{course.url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
