"""wagtail-modeladmin screens for the boards: the community team's report queue and the moderation log.

The queue lists ``Report.objects.for_team()``: reports on a leader's own content and reports the leaders left open
for 48 hours. Staff decide them through admin_views.py, which calls the same services as the leaders' page.
"""

from django.contrib import admin
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup

from website.core.admin_helpers import InspectView, ReadOnlyPermissionHelper, RowAction, RowActionButtonHelper

from .models import ModerationAction, Report


class TeamReportAdmin(ModelAdmin):
    model = Report
    menu_label = _("Board reports")
    menu_icon = "warning"
    list_display = ("content", "author", "group", "reason", "reported_for", "age")
    list_filter = ("reason", "to_team")
    search_fields = ("group__name", "detail")
    inspect_view_enabled = True
    inspect_view_class = InspectView
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = RowActionButtonHelper
    row_actions = [
        RowAction(
            "board_admin:handle_report",
            pgettext_lazy("report decision", "Decide"),
            _("Hide the content or dismiss the report"),
            permission="board.change_report",
            classname="button button-small button-primary",
            first=True,
        )
    ]

    def get_queryset(self, request):
        return Report.objects.for_team().select_related(
            "group", "reporter", "post", "post__author", "comment", "comment__author"
        )

    @admin.display(description=_("reported content"))
    def content(self, obj):
        return truncatechars(obj.comment.body if obj.comment_id else obj.post.heading, 60)

    @admin.display(description=_("author"))
    def author(self, obj):
        return obj.target.author

    @admin.display(description=_("why it is here"))
    def reported_for(self, obj):
        return _("A leader's own content") if obj.to_team else _("Open for over 48 hours")

    @admin.display(description=_("waiting"), ordering="created_at")
    def age(self, obj):
        return timesince(obj.created_at, timezone.now())


class ModerationLogAdmin(ModelAdmin):
    model = ModerationAction
    menu_label = _("Board moderation log")
    menu_icon = "history"
    list_display = ("created_at", "group", "action", "actor", "member", "reason")
    list_filter = ("action",)
    search_fields = ("group__name", "group__slug", "reason")
    inspect_view_enabled = True
    inspect_view_class = InspectView
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group", "actor", "member")


class BoardAdminGroup(ModelAdminGroup):
    menu_label = _("Group boards")
    menu_icon = "comment"
    menu_order = 210
    items = (TeamReportAdmin, ModerationLogAdmin)
