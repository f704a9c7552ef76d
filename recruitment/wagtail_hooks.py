"""Registration only: applications list with filters and CSV, the per-call review screen, log actions."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from website.core.admin_helpers import ReadOnlyPermissionHelper
from website.core.exports import SafeExportMixin
from website.core.permissions import COMMUNITY_TEAM

from . import admin_views
from .models import Application


class ApplicationButtons(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        buttons.append(
            {
                "url": reverse("recruitment_review", args=[obj.call_id]),
                "label": _("Review this call"),
                "classname": "button button-small",
                "title": _("Decide applications to this call"),
            }
        )
        return buttons


class ApplicationAdmin(SafeExportMixin, ModelAdmin):
    model = Application
    menu_label = _("Recruitment applications")
    menu_icon = "user"
    menu_order = 240
    add_to_admin_menu = True
    list_display = ("member", "call", "status", "created_at", "decided_at")
    list_filter = ("status", "call")
    search_fields = ("member__email", "member__display_name", "call__title")
    list_export = ("call", "member", "status", "answers_text", "staff_note", "created_at", "decided_at")
    export_filename = "recruitment-applications"
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = ApplicationButtons

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "call")


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
