"""Registration only: admin screens, staff action URLs, log actions, dashboard panel, staff permissions."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from website.core.permissions import COMMUNITY_TEAM

from . import admin_views
from .admin import PointsAdminGroup
from .dashboard import points_panel

modeladmin_register(PointsAdminGroup)

hooks.register("member_dashboard_panels", points_panel)


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("balances/<int:pk>/adjust/", admin_views.adjust, name="adjust"),
        path("entries/<int:pk>/reverse/", admin_views.reverse_entry, name="reverse"),
        path("redemptions/<int:pk>/handle/", admin_views.handle_redemption, name="handle_redemption"),
    ]
    return [path("points-actions/", include((urls, "points_admin"), namespace="points_admin"))]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("points.adjust", _("Adjust points"), _("Points adjusted"))
    actions.register_action("points.reverse", _("Reverse points entry"), _("Points entry reversed"))
    actions.register_action("points.redemption.fulfil", _("Fulfil redemption"), _("Redemption fulfilled"))
    actions.register_action("points.redemption.cancel", _("Cancel redemption"), _("Redemption cancelled"))


@hooks.register("register_staff_permissions")
def staff_permissions():
    return {
        COMMUNITY_TEAM: [
            "points.view_pointrule",
            "points.change_pointrule",
            "points.view_pointentry",
            "points.add_pointentry",
            "points.view_pointbalance",
            "points.change_pointbalance",
            "points.view_level",
            "points.add_level",
            "points.change_level",
            "points.view_reward",
            "points.add_reward",
            "points.change_reward",
            "points.view_redemption",
            "points.change_redemption",
            "points.view_leaderboardarchive",
            "points.change_pointssettings",
        ]
    }
