"""wagtail-modeladmin screens for recruitment; registered in wagtail_hooks.py. Applications are decided on the
per-call review screen (admin_views.py), never edited by hand."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin

from website.core.admin_helpers import ReadOnlyPermissionHelper, RowAction, RowActionButtonHelper
from website.core.exports import SafeExportMixin

from .models import Application


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
    button_helper_class = RowActionButtonHelper
    row_actions = [
        RowAction(
            "recruitment_review",
            _("Review this call"),
            _("Decide applications to this call"),
            url_arg=lambda application: application.call_id,
            classname="button button-small",
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "call")
