"""GroupIndexPage: /groups/ and, through a sub-route, each group's page, served from the CommunityGroup rows.

The routes hand the request to the directory views; nothing the views import imports this module, so the page and
its views never import each other."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path

from website.core.pages import DirectoryPage

__all__ = [
    "GroupIndexPage",
]


class GroupIndexPage(RoutablePageMixin, DirectoryPage):
    """/groups/: the directory of groups and, through a sub-route, each group's page, served from the model.

    Groups are rows, not pages: thousands of them are founded by members without an editor, and their state must
    never be revisioned. Editors own the directory's title and introduction.
    """

    subpage_types = []

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
