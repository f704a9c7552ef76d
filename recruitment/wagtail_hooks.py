"""Registration only: applications list with filters and CSV, the per-call review screen, log actions."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from website.core.permissions import COMMUNITY_TEAM

from . import admin_views
from .admin import ApplicationAdmin

modeladmin_register(ApplicationAdmin)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("recruitment/calls/<int:pk>/review/", admin_views.review_call, name="recruitment_review"),
        path("recruitment/members/<int:member_pk>/revoke/<str:what>/", admin_views.revoke, name="recruitment_revoke"),
    ]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("recruitment.shortlisted", _("Shortlist application"), _("Shortlisted"))
    actions.register_action("recruitment.accepted", _("Accept application"), _("Accepted"))
    actions.register_action("recruitment.rejected", _("Reject application"), _("Rejected"))
    actions.register_action("recruitment.revoke_leader", _("Revoke leader rights"), _("Leader rights revoked"))
    actions.register_action("recruitment.revoke_lecturer", _("Revoke lecturer title"), _("Lecturer title revoked"))


@hooks.register("register_staff_permissions")
def staff_permissions():
    return {COMMUNITY_TEAM: ["recruitment.view_application", "recruitment.change_application"]}
