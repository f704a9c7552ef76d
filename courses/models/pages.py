"""Courses: editor-published pages with sessions; enrolment, waitlist, check-in and completion are plain models.

The page holds content (revisioned, published by editors); seats, enrolments and attendance live in their own tables
so that publishing an old revision never changes who is enrolled or how many seats are taken.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from website.core.blocks import SectionStreamBlock
from website.core.search import segmented

CHECK_IN_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_code():
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(6))


class CourseIndexPage(Page):
    intro = models.TextField(_("introduction"), max_length=500, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course directory")

    def get_context(self, request, *args, **kwargs):
        from .views import course_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(course_listing(self, request))
        return context


class CoursePage(RoutablePageMixin, Page):
    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        PROFESSIONAL = "professional", _("Professional")

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        OFFLINE = "offline", _("Offline")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Every member")
        MIN_LEVEL = "min_level", _("Members from a level")
        LEADERS = "leaders", _("Group leaders only")

    summary = models.CharField(_("summary"), max_length=200)
    body = StreamField(SectionStreamBlock(), verbose_name=_("description"), blank=True)
    level = models.CharField(_("level"), max_length=14, choices=Level.choices, default=Level.BEGINNER)
    mode = models.CharField(_("online or offline"), max_length=8, choices=Mode.choices, default=Mode.ONLINE)
    topic = models.ForeignKey(
        "groups.Topic", verbose_name=_("topic"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lecturer_name = models.CharField(_("lecturer"), max_length=60)
    lecturer_bio = models.CharField(_("about the lecturer"), max_length=300, blank=True)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=30, validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    enrol_opens = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrol_closes = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    audience = models.CharField(_("who can enrol"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    min_level = models.ForeignKey(
        "points.Level",
        verbose_name=_("minimum level"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    completion_share = models.PositiveSmallIntegerField(
        _("attendance needed to complete (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    completion_points = models.PositiveSmallIntegerField(_("points for completing"), default=50)
    # Denormalised by the sessions' save so listings can sort on it without a join.
    first_session_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("level"), FieldPanel("mode")]), FieldPanel("topic")], heading=_("Kind")
        ),
        MultiFieldPanel([FieldPanel("lecturer_name"), FieldPanel("lecturer_bio")], heading=_("Lecturer")),
        FieldPanel("body"),
        InlinePanel("sessions", label=pgettext_lazy("course", "Sessions"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("enrol_opens"), FieldPanel("enrol_closes")]),
                FieldPanel("audience"),
                FieldPanel("min_level"),
            ],
            heading=_("Enrolment"),
        ),
        MultiFieldPanel([FieldPanel("completion_share"), FieldPanel("completion_points")], heading=_("Completion")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("lecturer_name"),
        index.SearchField("lecturer_bio"),
        index.SearchField("body"),
        *segmented("title", boost=2),
        *segmented("summary", "lecturer_name", "lecturer_bio", "body"),
        index.FilterField("level"),
        index.FilterField("mode"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("course")

    def clean(self):
        super().clean()
        if self.enrol_opens and self.enrol_closes and self.enrol_closes <= self.enrol_opens:
            raise ValidationError({"enrol_closes": _("Enrolment must close after it opens.")})
        if self.audience == self.Audience.MIN_LEVEL and not self.min_level_id:
            raise ValidationError({"min_level": _("Choose the level members need.")})

    def save(self, *args, **kwargs):
        sessions = [s for s in self.sessions.all() if s.starts_at]
        self.first_session_at = min((s.starts_at for s in sessions), default=None)
        super().save(*args, **kwargs)

    @property
    def enrolment_open(self):
        now = timezone.now()
        if self.enrol_opens and now < self.enrol_opens:
            return False
        return not (self.enrol_closes and now > self.enrol_closes)

    def serve(self, request, *args, **kwargs):
        # A share link (?ref=<token>) is remembered for the visitor's sign-up and first enrolment.
        ref = request.GET.get("ref", "")[:40]
        if ref and not request.user.is_authenticated:
            from website.core.translation import original_page

            request.session["course_referral"] = {"ref": ref, "course": original_page(self).pk}
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .views import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(self, request))
        return context

    @path("calendar/", name="calendar")
    def calendar(self, request):
        from .views import course_calendar

        return course_calendar(request, self)

    @path("enrol/", name="enrol")
    def enrol_route(self, request):
        from .views import enrol

        return enrol(request, self)

    @path("cancel/", name="cancel")
    def cancel_route(self, request):
        from .views import cancel

        return cancel(request, self)

    @path("check-in/", name="check_in")
    def check_in_route(self, request):
        from .views import check_in

        return check_in(request, self)


class CourseSession(Orderable):
    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=80, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=90, validators=[MinValueValidator(10), MaxValueValidator(600)]
    )
    place = models.CharField(_("place"), max_length=120, blank=True)
    link = models.URLField(_("link"), blank=True)
    check_in_code = models.CharField(_("check-in code"), max_length=8, default=new_code)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("duration_minutes")]),
        FieldPanel("place"),
        FieldPanel("link"),
        FieldPanel("check_in_code"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = pgettext_lazy("course", "session")
        verbose_name_plural = pgettext_lazy("course", "sessions")

    def __str__(self):
        return self.title or f"{self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class CourseSeats(models.Model):
    """The course's seat counter; capacity is content, the count is state."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    course = models.OneToOneField(CoursePage, on_delete=models.CASCADE, primary_key=True, related_name="seats")
    enrolled = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("course seats")
        verbose_name_plural = _("course seats")

    def __str__(self):
        return f"{self.course}: {self.enrolled}"


class Enrolment(models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrolments"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED)
    created_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    waitlisted_at = models.DateTimeField(_("waitlisted"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["course", "member"], name="courses_enrolment_one_per_member")]
        indexes = [models.Index(fields=["course", "status", "waitlisted_at"], name="courses_enrolment_queue_idx")]

    def __str__(self):
        return f"{self.member} · {self.course}"


class SessionAttendance(models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    checked_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendances")
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="courses_attendance_once")]

    def __str__(self):
        return f"{self.member} @ {self.session}"


class Referral(models.Model):
    """A member who signed up through another member's course share link; the sharer is rewarded once."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    new_member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral")
    sharer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referrals_made")
    course = models.ForeignKey(CoursePage, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(condition=~Q(new_member=models.F("sharer")), name="courses_referral_not_self")
        ]

    def __str__(self):
        return f"{self.sharer} → {self.new_member}"
