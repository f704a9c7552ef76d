"""Recruitment calls (招募) for leaders, lecturers, seed users and volunteers: the directory and the call pages.

Editors define each call's questions form-builder style. The page module sits on top of the app: its routes hand
each request to recruitment.views with the page, and nothing in the app imports this module back.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from website.core.blocks import RICH_TEXT_FEATURES
from website.core.pages import DirectoryPage
from website.core.search import segmented

__all__ = ["RecruitmentIndexPage", "RecruitmentCallPage", "CallQuestion"]


class RecruitmentIndexPage(DirectoryPage):
    subpage_types = ["recruitment.RecruitmentCallPage"]

    class Meta:
        verbose_name = _("recruitment directory")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        calls = RecruitmentCallPage.objects.live().child_of(self).select_related("alias_of").order_by("-opens_at")
        # In SQL, as is_open() decides: the directory never loads every call it ever had.
        now = timezone.now()
        context["open_calls"] = calls.filter(opens_at__lte=now, closes_at__gte=now)
        context["closed_calls"] = calls.exclude(opens_at__lte=now, closes_at__gte=now)[:20]
        return context


class RecruitmentCallPage(RoutablePageMixin, Page):
    class Role(models.TextChoices):
        LEADER = "leader", _("Group leader")
        LECTURER = "lecturer", _("Lecturer")
        SEED_USER = "seed_user", _("Seed user")
        VOLUNTEER = "volunteer", _("Volunteer")

    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    summary = models.CharField(_("summary"), max_length=200)
    requirements = RichTextField(_("requirements"), features=RICH_TEXT_FEATURES)
    benefits = RichTextField(_("benefits"), features=RICH_TEXT_FEATURES)
    quota = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)], default=10)
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes"))

    content_panels = Page.content_panels + [
        FieldPanel("role"),
        FieldPanel("summary"),
        FieldPanel("requirements"),
        FieldPanel("benefits"),
        MultiFieldPanel(
            [FieldPanel("quota"), FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading=_("Places and dates"),
        ),
        InlinePanel("questions", label=_("Questions for applicants")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("requirements"),
        index.SearchField("benefits"),
        *segmented("title", boost=2),
        *segmented("summary", "requirements", "benefits"),
    ]
    parent_page_types = ["recruitment.RecruitmentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("recruitment call")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The call must close after it opens.")})

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now <= self.closes_at

    def get_context(self, request, *args, **kwargs):
        from ..views import call_context

        context = super().get_context(request, *args, **kwargs)
        context.update(call_context(self, request))
        return context

    @path("apply/", name="apply")
    def apply_route(self, request):
        from ..views import apply

        return apply(request, self)

    @path("withdraw/", name="withdraw")
    def withdraw_route(self, request):
        from ..views import withdraw

        return withdraw(request, self)


class CallQuestion(AbstractFormField):
    page = ParentalKey(RecruitmentCallPage, on_delete=models.CASCADE, related_name="questions")

    class Meta(AbstractFormField.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
