"""wagtail-modeladmin screens for courses; registered in wagtail_hooks.py. Enrolments are read-only here: members
enrol and lecturers take attendance on the site."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin

from website.core.admin_helpers import ReadOnlyPermissionHelper
from website.core.exports import SafeExportMixin

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
