"""Registration only: admin screens, staff-decision URLs, log actions, the member dashboard panel."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from website.core.permissions import COMMUNITY_TEAM

from . import admin_views
from .admin import CommunityAdminGroup
from .dashboard import groups_panel
from .services.leaders import LEADERS

modeladmin_register(CommunityAdminGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("applications/<int:pk>/decide/", admin_views.decide_application, name="decide_application"),
        path("groups/<int:pk>/archive/", admin_views.archive_group, name="archive_group"),
        path("groups/<int:pk>/stage/", admin_views.set_stage, name="set_stage"),
        path("proposals/<int:pk>/decide/", admin_views.decide_proposal, name="decide_proposal"),
    ]
    return [path("community/", include((urls, "groups_admin"), namespace="groups_admin"))]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "groups.application.approve", _("Approve group application"), pgettext_lazy("decision", "Approved")
    )
    actions.register_action("groups.application.reject", _("Reject group application"), _("Rejected"))
    actions.register_action("groups.application.return", _("Return group application"), _("Returned for changes"))
    actions.register_action("groups.group.archive", _("Archive group"), _("Archived"))
    actions.register_action("groups.stage.set", _("Set group stage"), _("Stage set by hand"))
    actions.register_action("groups.stage.confirm", _("Confirm core promotion"), _("Core promotion confirmed"))
    actions.register_action("groups.stage.decline", _("Decline core promotion"), _("Core promotion declined"))


hooks.register("member_dashboard_panels", groups_panel)


@hooks.register("register_staff_permissions")
def staff_permissions():
    # "Leaders" holds no admin permission: it exists for Wagtail's view restrictions (leader guides).
    return {
        LEADERS: [],
        COMMUNITY_TEAM: [
            "groups.view_groupapplication",
            "groups.change_groupapplication",
            "groups.view_communitygroup",
            "groups.change_communitygroup",
            "groups.view_membership",
            "groups.view_joinrequest",
            "groups.view_groupprofilechange",
            "groups.add_topic",
            "groups.change_topic",
            "groups.view_topic",
            "groups.change_grouprules",
            "groups.change_lifecyclerules",
            "groups.view_stagechange",
            "groups.view_stageproposal",
            "groups.change_stageproposal",
            "groups.view_activity",
            "groups.view_spinoff",
            "groups.view_monthlygroupwinner",
        ],
    }


@hooks.register("points_source_querysets")
def points_source_querysets():
    from .models import Activity, MonthlyGroupWinner

    return [Activity.objects.select_related("group"), MonthlyGroupWinner.objects.select_related("group")]
