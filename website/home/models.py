"""The home page: editor-built sections in a StreamField."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from website.core.blocks import SectionStreamBlock


class HomePage(Page):
    body = StreamField(SectionStreamBlock(), verbose_name=_("sections"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
