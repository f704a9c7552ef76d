"""wagtail-modeladmin screens for the boards: the community team's report queue and the moderation log.

The queue lists one row per reported post or comment (services/admin_queue.py): by default the open reports the team
decides (on a leader's own content, or left open for 48 hours), with the state filter also the reports still with the
leaders and the decided ones. Staff decide through admin_views.py, which calls the same services as the leaders' page.
Both lists page in SQL and cost the same number of queries for any number of rows; the group filter shows only the
group chosen (from a row's group link or a search), never a list of every group.
"""

from django.contrib import admin
from django.contrib.admin import DateFieldListFilter, SimpleListFilter
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext, pgettext, pgettext_lazy
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import IndexView

from portal.groups.models import CommunityGroup
from website.core.admin_helpers import InspectView, ReadOnlyPermissionHelper, RowAction, RowActionButtonHelper

from .models import ModerationAction, Report
from .services import admin_queue


class GroupFilter(SimpleListFilter):
    """One group's rows (``?group=<id>``). With hundreds of groups a list of them all helps nobody: rows link here
    through their group, and the filter then shows that group with a way back to all of them."""

    title = pgettext_lazy("community group", "group")
    parameter_name = "group"

    def lookups(self, request, model_admin):
        value = self.value()
        if not value:
            return []
        # A group that does not exist is still shown as chosen (and lists nothing): a filter without choices would
        # not be applied at all.
        found = CommunityGroup.objects.filter(pk=value).values_list("pk", "name") if value.isdigit() else []
        return list(found) or [(value, value)]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(group_id=value) if value.isdigit() else queryset.none()


def group_link(group):
    """A row's group, linking to the same list filtered to that group."""
    return format_html('<a href="?group={}">{}</a>', group.pk, group.name)


class ReportedOnFilter(DateFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = pgettext("board report", "reported on")


class ActedOnFilter(DateFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = pgettext("board moderation log", "date")


class ReportStateFilter(SimpleListFilter):
    """Which reports the queue lists; without a choice, the open ones the team decides."""

    title = pgettext_lazy("board report", "state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("team", pgettext_lazy("board report state", "Waiting for the community team")),
            ("leaders", pgettext_lazy("board report state", "With the leaders (under 48 hours)")),
            ("upheld", pgettext_lazy("report status", "Content hidden")),
            ("dismissed", pgettext_lazy("report status", "Dismissed")),
        ]

    def state(self):
        value = self.value()
        return value if value in admin_queue.STATES else "team"

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.state() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        return admin_queue.in_state(queryset, self.state())


class TitledIndexView(IndexView):
    """The list titled with its menu label (讨论区举报), not the bare model name (举报)."""

    def get_page_title(self):
        return self.model_admin.menu_label


def _content_text(obj):
    if obj.comment_id:
        return pgettext("board report", "Comment: %(text)s") % {"text": truncatechars(obj.comment.body, 60)}
    return truncatechars(obj.post.heading, 60)


class TeamReportAdmin(ModelAdmin):
    model = Report
    menu_label = _("Board reports")
    menu_icon = "warning"
    index_view_class = TitledIndexView
    list_display = ("content", "author", "group_column", "reason_column", "on_content", "reported_for", "age")
    list_filter = (ReportStateFilter, GroupFilter, "reason", ("created_at", ReportedOnFilter))
    list_per_page = 50
    search_fields = (
        "group__name",
        "detail",
        "post__title",
        "comment__body",
        "post__author__display_name",
        "comment__author__display_name",
    )
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
            shown_for=lambda report: report.is_open,
            classname="button button-small button-primary",
            first=True,
        )
    ]

    def get_queryset(self, request):
        return admin_queue.with_counts(Report.objects.all()).select_related(
            "group", "handled_by", "post", "post__author", "comment", "comment__author"
        )

    @admin.display(description=_("reported content"))
    def content(self, obj):
        return _content_text(obj)

    @admin.display(description=_("author"))
    def author(self, obj):
        return obj.target.author

    @admin.display(description=pgettext_lazy("community group", "group"))
    def group_column(self, obj):
        return group_link(obj.group)

    @admin.display(description=pgettext_lazy("board report", "reason"))
    def reason_column(self, obj):
        if obj.detail:
            return format_html("{}<br><small>{}</small>", obj.get_reason_display(), truncatechars(obj.detail, 80))
        return obj.get_reason_display()

    @admin.display(description=pgettext_lazy("board report", "reports on it"))
    def on_content(self, obj):
        n_decided = obj.decided_on_content
        if not obj.is_open:
            return npgettext("board report", "%(n)d decided", "%(n)d decided", n_decided) % {"n": n_decided}
        text = npgettext("board report", "%(n)d open", "%(n)d open", obj.open_on_content) % {"n": obj.open_on_content}
        if n_decided:
            decided = npgettext("board report", "%(n)d decided before", "%(n)d decided before", n_decided)
            text = pgettext("board report counts", "%(open)s, %(decided)s") % {
                "open": text,
                "decided": decided % {"n": n_decided},
            }
        return text

    @admin.display(description=pgettext_lazy("board report", "where it stands"))
    def reported_for(self, obj):
        if not obj.is_open:
            return pgettext("board report", "%(status)s by %(who)s") % {
                "status": obj.get_status_display(),
                "who": obj.handled_by or "-",
            }
        if obj.to_team:
            return _("A leader's own content")
        if obj.is_for_team():
            return _("Open for over 48 hours")
        return pgettext("board report state", "With the leaders (under 48 hours)")

    @admin.display(description=pgettext_lazy("board report", "waiting / decided"), ordering="created_at")
    def age(self, obj):
        if not obj.is_open and obj.handled_at:
            return date_format(timezone.localtime(obj.handled_at), "SHORT_DATETIME_FORMAT")
        return timesince(obj.created_at, timezone.now())


def _log_content(obj):
    if obj.comment_id:
        return pgettext("board report", "Comment: %(text)s") % {"text": truncatechars(obj.comment.body, 40)}
    return truncatechars(obj.post.heading, 40) if obj.post_id else "-"


class ModerationLogAdmin(ModelAdmin):
    model = ModerationAction
    menu_label = _("Board moderation log")
    menu_icon = "history"
    index_view_class = TitledIndexView
    list_display = ("created_at", "group_column", "action", "log_content", "actor", "member", "reason")
    list_filter = (GroupFilter, "action", ("created_at", ActedOnFilter))
    list_per_page = 50
    search_fields = ("group__name", "group__slug", "reason", "actor__display_name", "member__display_name")
    inspect_view_enabled = True
    inspect_view_class = InspectView
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("group", "actor", "member", "post", "comment")
            .defer("post__body")
        )

    @admin.display(description=pgettext_lazy("community group", "group"))
    def group_column(self, obj):
        return group_link(obj.group)

    @admin.display(description=pgettext_lazy("board moderation log", "content"))
    def log_content(self, obj):
        return _log_content(obj)


class BoardAdminGroup(ModelAdminGroup):
    menu_label = _("Group boards")
    menu_icon = "comment"
    menu_order = 210
    items = (TeamReportAdmin, ModerationLogAdmin)
