"""Registration only: the insights dashboard's URL, menu item and permission; the staff to-dos on the admin home."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from website.core.permissions import COMMUNITY_TEAM

from . import admin_views
from .admin import InsightsMenuItem
from .todos import StaffTodoPanel, todos_for


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("insights/", admin_views.dashboard, name="insights_dashboard")]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return InsightsMenuItem(_("Insights"), reverse("insights_dashboard"), icon_name="view", order=190)


@hooks.register("register_staff_permissions")
def staff_permissions():
    return {COMMUNITY_TEAM: ["insights.view_insights", "insights.view_dailysnapshot"]}


@hooks.register("construct_homepage_panels")
def staff_todos_panel(request, panels):
    if todos := todos_for(request.user):
        panels.append(StaffTodoPanel(todos))


@hooks.register("construct_homepage_summary_items", order=100)
def drop_generic_counts_for_the_community_team(request, summary_items):
    """The site's page, image and document totals tell the community team nothing they act on; their to-dos do.

    Runs after Wagtail's own hooks (order 100) so there is something to remove. Editors without to-dos keep them.
    """
    if todos_for(request.user):
        summary_items.clear()
