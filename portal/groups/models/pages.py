"""GroupIndexPage: /groups/ and, through a sub-route, each group's page, served from the CommunityGroup rows.

The routes hand the request to the directory views; nothing the views import imports this module, so the page and
its views never import each other."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.models import Page

__all__ = [
    "GroupIndexPage",
]


class GroupIndexPage(RoutablePageMixin, Page):
    """/groups/: the directory of groups and, through a sub-route, each group's page, served from the model.

    Groups are rows, not pages: thousands of them are founded by members without an editor, and their state must
    never be revisioned. Editors own the directory's title and introduction.
    """

    intro = models.TextField(_("introduction"), max_length=500, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("group directory")

    @re_path(r"^$", name="group_list")
    def group_list(self, request):
        from portal.groups.views.directory import group_list

        return group_list(request, self)

    @re_path(r"^(?P<slug>[-\w]+)/$", name="group_detail")
    def group_detail(self, request, slug):
        from portal.groups.views.directory import group_detail

        return group_detail(request, self, slug)
