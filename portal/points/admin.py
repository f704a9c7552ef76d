"""wagtail-modeladmin screens for points; registered in wagtail_hooks.py. The ledger is read-only here."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup

from website.core.admin_helpers import (
    EditOnlyPermissionHelper,
    InspectView,
    ReadOnlyPermissionHelper,
    RowAction,
    RowActionButtonHelper,
    yes_no_column,
)
from website.core.exports import SafeExportMixin

from .models import LeaderboardArchive, Level, PointBalance, PointEntry, PointRule, Redemption, Reward


class PointRuleAdmin(ModelAdmin):
    model = PointRule
    menu_label = _("Rules")
    menu_icon = "list-ul"
    list_display = ("name", "code", "points", "daily_cap", "monthly_cap", yes_no_column(PointRule, "active"))
    list_filter = ("active",)
    form_fields_exclude = ["code"]
    permission_helper_class = EditOnlyPermissionHelper


class PointEntryAdmin(ModelAdmin):
    model = PointEntry
    menu_label = _("Ledger")
    menu_icon = "doc-full"
    list_display = ("created_at", "member", "amount", "kind", "rule", "note")
    list_filter = ("kind", "rule")
    search_fields = ("member__email", "member__display_name", "note")
    inspect_view_enabled = True
    inspect_view_class = InspectView
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = RowActionButtonHelper
    row_actions = [
        RowAction(
            "points_admin:reverse",
            _("Reverse"),
            _("Undo with a reversal entry"),
            permission="points.add_pointentry",
            shown_for=lambda entry: entry.kind != PointEntry.Kind.REVERSAL,
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "rule")


class PointBalanceAdmin(ModelAdmin):
    model = PointBalance
    menu_label = _("Balances")
    menu_icon = "pick"
    list_display = (
        "member",
        "balance",
        "lifetime_earned",
        yes_no_column(PointBalance, "excluded_from_rankings"),
        "updated_at",
    )
    list_filter = ("excluded_from_rankings",)
    search_fields = ("member__email", "member__display_name")
    ordering = ["-lifetime_earned"]
    form_fields_exclude = ["member", "balance", "lifetime_earned"]
    permission_helper_class = EditOnlyPermissionHelper
    button_helper_class = RowActionButtonHelper
    row_actions = [
        RowAction(
            "points_admin:adjust",
            _("Adjust"),
            _("Grant or correct points with a reason"),
            permission="points.add_pointentry",
            classname="button button-small",
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class LevelAdmin(ModelAdmin):
    model = Level
    menu_label = _("Levels")
    menu_icon = "order"
    list_display = ("name", "min_points", "colour")


class RewardAdmin(ModelAdmin):
    model = Reward
    menu_label = _("Rewards")
    menu_icon = "pick"
    list_display = ("name", "kind", "cost", "stock", "min_level", yes_no_column(Reward, "active"), "available_until")
    list_filter = ("kind", "active")


class RedemptionAdmin(SafeExportMixin, ModelAdmin):
    model = Redemption
    menu_label = _("Redemptions")
    menu_icon = "mail"
    list_display = ("created_at", "member", "reward", "cost", "status", "recipient_name", "decided_at")
    list_filter = ("status", "reward__kind", "reward")
    search_fields = ("member__email", "member__display_name", "recipient_name", "phone")
    list_export = (
        "pk",
        "created_at",
        "status",
        "reward",
        "cost",
        "member",
        "recipient_name",
        "phone",
        "address",
        "decided_at",
    )
    export_filename = "redemptions"
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = RowActionButtonHelper
    row_actions = [
        RowAction(
            "points_admin:handle_redemption",
            _("Fulfil or cancel"),
            _("Mark as fulfilled (posted or issued), or cancel and refund"),
            permission="points.change_redemption",
            shown_for=lambda redemption: redemption.status == Redemption.Status.REQUESTED,
            classname="button button-small",
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "reward")


class LeaderboardArchiveAdmin(ModelAdmin):
    model = LeaderboardArchive
    menu_label = _("Past winners")
    menu_icon = "date"
    list_display = ("month", "rank", "member", "points")
    list_filter = ("month",)
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class PointsAdminGroup(ModelAdminGroup):
    menu_label = _("Points")
    menu_icon = "pick"
    menu_order = 210
    items = (
        RedemptionAdmin,
        RewardAdmin,
        PointBalanceAdmin,
        PointEntryAdmin,
        PointRuleAdmin,
        LevelAdmin,
        LeaderboardArchiveAdmin,
    )
