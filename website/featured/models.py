"""Featured core groups: editorial pages about the best groups, published through a two-step approval workflow."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from portal.groups.models import CommunityGroup
from website.core.blocks import RICH_TEXT_FEATURES
from website.core.pages import DirectoryPage
from website.core.search import segmented


class FeaturedGroupIndexPage(DirectoryPage):
    subpage_types = ["featured.FeaturedGroupPage"]

    class Meta:
        verbose_name = _("featured groups")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["features"] = (
            FeaturedGroupPage.objects.live()
            .child_of(self)
            .select_related("group", "group__topic", "alias_of")
            .order_by("-first_published_at")
        )
        return context


class FeaturedGroupPage(Page):
    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.PROTECT,
        related_name="featured_pages",
    )
    headline = models.CharField(_("headline"), max_length=120)
    story = RichTextField(_("story"), features=RICH_TEXT_FEATURES)
    photos = StreamField(
        [("photo", ImageChooserBlock(label=_("Photo")))], verbose_name=_("photos"), blank=True, max_num=9
    )

    content_panels = Page.content_panels + [
        FieldPanel("group"),
        FieldPanel("headline"),
        FieldPanel("story"),
        FieldPanel("photos"),
    ]
    search_fields = (
        Page.search_fields
        + [index.SearchField("headline"), index.SearchField("story")]
        + segmented("title", boost=2)
        + segmented("headline", "story")
    )
    parent_page_types = ["featured.FeaturedGroupIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("featured group")

    def clean(self):
        super().clean()
        group = CommunityGroup.objects.filter(pk=self.group_id).first()
        if group is not None and group.stage != CommunityGroup.Stage.CORE:
            raise ValidationError(
                {"group": _("Only a group in the core stage can be featured; %(name)s is not.") % {"name": group.name}}
            )
