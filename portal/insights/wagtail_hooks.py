"""Registration only: the insights dashboard's URL, menu item and permission for the community team."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from website.core.permissions import COMMUNITY_TEAM

from . import views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("insights/", views.dashboard, name="insights_dashboard")]


class InsightsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("insights.view_insights")


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return InsightsMenuItem(_("Insights"), reverse("insights_dashboard"), icon_name="view", order=190)


@hooks.register("register_staff_permissions")
def staff_permissions():
    return {COMMUNITY_TEAM: ["insights.view_insights", "insights.view_dailysnapshot"]}
