"""Course pages: the directory listing, a course's enrolment state, and the enrol / cancel / check-in actions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.groups.models import Topic
from website.core import ratelimit
from website.core.params import choice_from
from website.core.translation import original_page

from . import services
from .models import CoursePage, CourseSeats, CourseSession, Enrolment

COURSES_PER_PAGE = 12


def course_listing(index_page, request):
    """Upcoming courses first, then the rest; filters by level, mode and topic."""
    # The index's own tree: under /en/ the English translations and aliases, each course once.
    courses = CoursePage.objects.live().child_of(index_page).select_related("cover", "topic", "alias_of")
    level = choice_from(request.GET.get("level", ""), CoursePage.Level.values)
    mode = choice_from(request.GET.get("mode", ""), CoursePage.Mode.values)
    topic = request.GET.get("topic", "")[:50]
    if level:
        courses = courses.filter(level=level)
    if mode:
        courses = courses.filter(mode=mode)
    if topic:
        courses = courses.filter(topic__slug=topic)
    now = timezone.now()
    upcoming = courses.filter(Q(first_session_at__gte=now) | Q(first_session_at__isnull=True)).order_by(
        "first_session_at", "pk"
    )
    past = courses.filter(first_session_at__lt=now).order_by("-first_session_at", "pk")
    page_obj = Paginator(list(upcoming) + list(past), COURSES_PER_PAGE).get_page(request.GET.get("page"))
    kept = "&".join(f"{k}={v}" for k, v in (("level", level), ("mode", mode), ("topic", topic)) if v)
    return {
        "courses": page_obj,
        "levels": CoursePage.Level.choices,
        "modes": CoursePage.Mode.choices,
        "topics": Topic.objects.all(),
        "filters": {"level": level, "mode": mode, "topic": topic},
        "query_string": kept,
        "now": now,
    }


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
                "share_url": request.build_absolute_uri(course.url) + "?ref=" + services.share_token(user),
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
        if enrolment.status == Enrolment.Status.WAITLISTED:
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
        if enrolment.status == Enrolment.Status.COMPLETED:
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
