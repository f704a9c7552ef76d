"""Registration only: the boards' admin screens, the team's decision URL, log actions, staff permissions and the
board links in a group's manage menu."""

from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from website.core.permissions import COMMUNITY_TEAM

from . import admin_views
from .admin import BoardAdminGroup
from .views.manage import leaders_queue

modeladmin_register(BoardAdminGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [path("reports/<int:pk>/", admin_views.handle_report, name="handle_report")]
    return [path("boards/", include((urls, "board_admin"), namespace="board_admin"))]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "board.report.uphold", gettext_lazy("Hide reported board content"), gettext_lazy("Reported content hidden")
    )
    actions.register_action(
        "board.report.dismiss", gettext_lazy("Dismiss a board report"), gettext_lazy("Board report dismissed")
    )


@hooks.register("register_staff_permissions")
def staff_permissions():
    return {
        COMMUNITY_TEAM: [
            "board.view_report",
            "board.change_report",
            "board.view_moderationaction",
            "board.view_post",
            "board.change_post",
            "board.view_comment",
            "board.change_comment",
        ]
    }


@hooks.register("group_manage_links")
def board_manage_links(group, user):
    """The board's leader pages in the group's manage menu: (label, url, badge count)."""
    open_reports = leaders_queue(group).count()
    return [
        (pgettext("group board", "Reports"), reverse("board:reports", args=[group.slug]), open_reports),
        (_("Muted members"), reverse("board:mutes", args=[group.slug]), 0),
        (_("Moderation log"), reverse("board:log", args=[group.slug]), 0),
        (_("Board settings"), reverse("board:settings", args=[group.slug]), 0),
    ]
