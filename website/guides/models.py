"""Leader guides: the how-to library only group leaders see, restricted with Wagtail's own view restrictions.

The index page carries a PageViewRestriction to the "Leaders" group (created in a migration), which every guide
inherits; downloadable templates live in a collection restricted the same way.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.blocks import CharBlock, StructBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from website.core.blocks import SectionStreamBlock
from website.core.pages import DirectoryPage
from website.core.search import segmented


class GuideCategory(models.TextChoices):
    FOUNDING = "founding", _("Founding a group")
    RULES = "rules", _("Group rules")
    CONTENT = "content", _("Content")
    ACTIVITIES = "activities", _("Activities")
    NEWCOMERS = "newcomers", _("Welcoming newcomers")
    CONFLICT = "conflict", _("Handling conflict")


class DownloadBlock(StructBlock):
    title = CharBlock(label=_("Title"), max_length=80)
    document = DocumentChooserBlock(label=_("Document"))

    class Meta:
        icon = "doc-full"
        label = _("Download")


class LeaderGuideIndexPage(DirectoryPage):
    subpage_types = ["guides.LeaderGuidePage"]

    class Meta:
        verbose_name = _("leader guide library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guides = LeaderGuidePage.objects.live().child_of(self).select_related("alias_of").order_by("category", "title")
        category = request.GET.get("category", "")
        if category in GuideCategory.values:
            guides = guides.filter(category=category)
        context.update({"guides": guides, "categories": GuideCategory.choices, "category": category})
        return context


class LeaderGuidePage(Page):
    category = models.CharField(_("category"), max_length=12, choices=GuideCategory.choices)
    summary = models.CharField(_("summary"), max_length=200)
    body = StreamField(SectionStreamBlock(), verbose_name=_("guide"), blank=True)
    downloads = StreamField(
        [("download", DownloadBlock())], verbose_name=_("templates to download"), blank=True, max_num=12
    )

    content_panels = Page.content_panels + [
        FieldPanel("category"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("downloads"),
    ]
    search_fields = (
        Page.search_fields
        + [index.SearchField("summary"), index.SearchField("body")]
        + segmented("title", boost=2)
        + segmented("summary", "body")
    )
    parent_page_types = ["guides.LeaderGuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("leader guide")
