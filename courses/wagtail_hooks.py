"""Registration only: enrolments per course with a CSV export, and the community team's permissions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from website.core.admin_helpers import ReadOnlyPermissionHelper
from website.core.exports import SafeExportMixin
from website.core.permissions import COMMUNITY_TEAM, EDITORS

from .models import Enrolment


class EnrolmentAdmin(SafeExportMixin, ModelAdmin):
    model = Enrolment
    menu_label = _("Enrolments")
    menu_icon = "list-ul"
    menu_order = 230
    add_to_admin_menu = True
    list_display = ("course", "member", "status", "created_at", "completed_at")
    list_filter = ("status", "course")
    search_fields = ("member__email", "member__display_name", "course__title")
    list_export = ("course", "member", "status", "created_at", "completed_at")
    export_filename = "enrolments"
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("course", "member")


modeladmin_register(EnrolmentAdmin)


@hooks.register("register_staff_permissions")
def staff_permissions():
    return {COMMUNITY_TEAM: ["courses.view_enrolment"], EDITORS: ["courses.view_enrolment"]}
