"""The home page: editor-built sections in a StreamField."""

from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from website.core.blocks import SectionStreamBlock
from website.core.search import segmented
from website.core.translation import localized_pages


class HomePage(Page):
    body = StreamField(SectionStreamBlock(), verbose_name=_("sections"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        """Lazy programme sections; the template caches their HTML, so a warm cache runs none of these queries.

        ``.public()`` queries the view restrictions as soon as it is called, hence the lazy wrappers. Pages come from
        the tree of the interface language (translations and aliases), so each shows once and links stay in it;
        entries belong to the original showcases.
        """
        from courses.models import CoursePage
        from recruitment.models import RecruitmentCallPage
        from website.featured.models import FeaturedGroupPage
        from website.showcases.models import Entry

        now = timezone.now()
        context = super().get_context(request, *args, **kwargs)
        context["featured"] = SimpleLazyObject(
            lambda: list(
                localized_pages(FeaturedGroupPage.objects.live().public())
                .select_related("group")
                .order_by("-first_published_at")[:3]
            )
        )
        context["open_calls"] = SimpleLazyObject(
            lambda: list(
                localized_pages(RecruitmentCallPage.objects.live().public())
                .filter(opens_at__lte=now, closes_at__gte=now)
                .order_by("closes_at")[:3]
            )
        )
        context["upcoming_courses"] = SimpleLazyObject(
            lambda: list(
                localized_pages(CoursePage.objects.live().public())
                .filter(first_session_at__gte=now)
                .order_by("first_session_at")[:3]
            )
        )
        context["top_entries"] = SimpleLazyObject(
            lambda: list(
                Entry.objects.filter(status=Entry.Status.APPROVED, showcase__live=True)
                .select_related("member", "showcase")
                .prefetch_related("images")
                .order_by("-vote_count", "-pk")[:4]
            )
        )
        return context


class StandardPage(Page):
    """A plain content page under the home page: about us, community rules, FAQs."""

    intro = models.TextField(_("introduction"), max_length=300, blank=True)
    body = StreamField(SectionStreamBlock(), verbose_name=_("sections"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = (
        Page.search_fields
        + [index.SearchField("intro"), index.SearchField("body")]
        + segmented("title", boost=2)
        + segmented("intro", "body")
    )

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
