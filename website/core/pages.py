"""What every directory page shares: the one index page of a section (courses, calls, showcases, featured stories,
leader guides, groups), placed under the home page once, with an introduction editors write.

Abstract, so each app's directory keeps its own table and its own listing; only the shared fields and rules live
here."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class DirectoryPage(Page):
    intro = models.TextField(_("introduction"), max_length=500, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        abstract = True
