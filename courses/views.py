"""A course page's requests: its enrolment state, the enrol / cancel / check-in actions and the calendar.

The page's routes (courses.models.pages) hand each request here with the page; these views never import the page
module back."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from portal.accounts import referrals
from website.core import ratelimit
from website.core.translation import original_page

from . import services
from .models.records import CourseSeats, CourseSession, Enrolment


def course_context(course, request):
    """Seats, sessions and the member's enrolment come from the original course, whichever language is shown."""
    record = original_page(course)
    seats = CourseSeats.objects.filter(course=record).first()
    enrolled = seats.enrolled if seats else 0
    context = {
        # The sessions' own words (titles, places) are the original's; the template marks their language.
        "record": record,
        "sessions": list(record.sessions.all()),
        "seats_taken": enrolled,
        "seats_left": max(0, record.capacity - enrolled),
    }
    user = request.user
    if user.is_authenticated:
        enrolment = Enrolment.objects.filter(course=record, member=user).first()
        context.update(
            {
                "enrolment": enrolment,
                "blocked": services.cannot_enrol(record, user),
                "share_url": referrals.with_ref(request.build_absolute_uri(course.url), user),
                # From the database, not course.sessions: a revision preview holds its sessions in memory only.
                "attended_sessions": set(
                    CourseSession.objects.filter(course_id=record.pk, attendances__member=user).values_list(
                        "pk", flat=True
                    )
                ),
            }
        )
    return context


def _post_only(request, course):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(course.url, settings.LOGIN_URL)
    return None


@ratelimit.limited("enrol")
def enrol(request, course):
    refused = _post_only(request, course)
    if refused:
        return refused
    try:
        enrolment = services.enrol(original_page(course), request.user)
    except services.CourseError as error:
        messages.error(request, str(error))
    else:
        if enrolment.is_waitlisted:
            messages.info(
                request, _("The course is full; you are on the waitlist and will be told when a seat frees.")
            )
        else:
            messages.success(request, _("You are enrolled. Add the sessions to your calendar!"))
    return redirect(course.url)


def cancel(request, course):
    refused = _post_only(request, course)
    if refused:
        return refused
    try:
        services.cancel(original_page(course), request.user)
    except services.CourseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your enrolment is cancelled."))
    return redirect(course.url)


def check_in(request, course):
    refused = _post_only(request, course)
    if refused:
        return refused
    # Only failures count, per member and course: a blocked member is refused even the right code until it expires.
    record = original_page(course)
    key = f"course:{record.pk}:{request.user.pk}"
    if ratelimit.is_blocked(request, "check_in_failed", key=key):
        return ratelimit.too_many_requests(request)
    try:
        enrolment = services.check_in(record, request.user, request.POST.get("code", "")[:8])
    except services.CourseError as error:
        ratelimit.hit(request, "check_in_failed", key=key)
        messages.error(request, str(error))
    else:
        if enrolment.is_completed:
            messages.success(request, _("Checked in. You have completed the course, congratulations!"))
        else:
            messages.success(request, _("Checked in. Enjoy the session!"))
    return redirect(course.url)


def course_calendar(request, course):
    record = original_page(course)
    response = HttpResponse(
        services.calendar(record, request.build_absolute_uri("/").rstrip("/")), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="course-{record.pk}.ics"'
    return response
