"""Course pages: the directory and a course, whose routes hand each request to courses.views.

The page module sits on top of the app: it imports the views, and nothing in the app imports it back (views,
services and records take the page as an argument), so a route never ties the page and its views in a circle.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.groups.models import Topic
from website.core.blocks import SectionStreamBlock
from website.core.pages import DirectoryPage
from website.core.params import choice_from
from website.core.search import segmented

__all__ = ["CourseIndexPage", "CoursePage"]

COURSES_PER_PAGE = 12


class CourseIndexPage(DirectoryPage):
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course directory")

    def get_context(self, request, *args, **kwargs):
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

    def get_context(self, request, *args, **kwargs):
        from ..views import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(self, request))
        return context

    @path("calendar/", name="calendar")
    def calendar(self, request):
        from ..views import course_calendar

        return course_calendar(request, self)

    @path("enrol/", name="enrol")
    def enrol_route(self, request):
        from ..views import enrol

        return enrol(request, self)

    @path("cancel/", name="cancel")
    def cancel_route(self, request):
        from ..views import cancel

        return cancel(request, self)

    @path("check-in/", name="check_in")
    def check_in_route(self, request):
        from ..views import check_in

        return check_in(request, self)


def upcoming_first(courses, now):
    """Upcoming courses (and those without sessions) soonest first, then past ones latest first: one ordered query,
    so the paginator fetches only the page it shows."""
    is_past = Case(When(first_session_at__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField())
    return courses.annotate(is_past=is_past).order_by(
        "is_past",
        Case(When(is_past=0, then="first_session_at")).asc(),
        Case(When(is_past=1, then="first_session_at")).desc(),
        "pk",
    )


def course_listing(index_page, request):
    """The directory's courses, filtered by level, mode and topic, one page at a time."""
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
    page_obj = Paginator(upcoming_first(courses, now), COURSES_PER_PAGE).get_page(request.GET.get("page"))
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
