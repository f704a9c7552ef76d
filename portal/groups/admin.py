"""wagtail-modeladmin screens for group records; registered in wagtail_hooks.py."""

from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup

from website.core.admin_helpers import (
    EditOnlyPermissionHelper,
    InspectView,
    ReadOnlyPermissionHelper,
    RowAction,
    RowActionButtonHelper,
)
from website.core.exports import SafeExportMixin

from .models import (
    Activity,
    CommunityGroup,
    GroupApplication,
    GroupProfileChange,
    JoinRequest,
    Membership,
    MonthlyGroupWinner,
    SpinOff,
    StageChange,
    StageProposal,
    Topic,
)


class SizeFilter(SimpleListFilter):
    title = _("size")
    parameter_name = "size"

    def lookups(self, request, model_admin):
        return [("small", _("Under 30")), ("healthy", _("30 to 50")), ("large", _("Over 50")), ("full", _("Full"))]

    def queryset(self, request, queryset):
        from django.db.models import F

        value = self.value()
        if value == "small":
            return queryset.filter(member_count__lt=30)
        if value == "healthy":
            return queryset.filter(member_count__gte=30, member_count__lte=50)
        if value == "large":
            return queryset.filter(member_count__gt=50)
        if value == "full":
            return queryset.filter(member_count__gte=F("capacity"))
        return queryset


class DormantFilter(SimpleListFilter):
    """Groups the nightly evaluation found without activity for the lifecycle rules' dormancy period."""

    title = _("dormant")
    parameter_name = "dormant"

    def lookups(self, request, model_admin):
        return [("yes", pgettext_lazy("group state", "Dormant")), ("no", pgettext_lazy("group state", "Not dormant"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(dormant=True)
        if self.value() == "no":
            return queryset.filter(dormant=False)
        return queryset


class GroupApplicationAdmin(ModelAdmin):
    model = GroupApplication
    menu_label = _("Founding applications")
    menu_icon = "form"
    list_display = ("name", "applicant", "topic", "city", "expected_size", "status", "created_at")
    list_filter = ("status", "topic")
    search_fields = ("name", "city", "applicant__email", "applicant__display_name")
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = RowActionButtonHelper
    row_actions = [
        RowAction(
            "groups_admin:decide_application",
            _("Decide"),
            _("Approve, return or reject this application"),
            permission="groups.change_groupapplication",
            shown_for=lambda application: application.is_open,
            classname="button button-small button-primary",
            first=True,
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("applicant", "topic")


class CommunityGroupAdmin(SafeExportMixin, ModelAdmin):
    model = CommunityGroup
    menu_label = pgettext_lazy("community group", "Groups")
    menu_icon = "group"
    list_display = (
        "name",
        "topic",
        "city",
        "stage",
        "dormant_state",
        "status",
        "member_count",
        "capacity",
        "founded_at",
    )
    list_filter = ("stage", DormantFilter, "status", "topic", SizeFilter)
    search_fields = ("name", "city", "summary")
    list_export = ("name", "slug", "topic", "city", "stage", "status", "member_count", "capacity", "founded_at")
    export_filename = "community-groups"
    inspect_view_enabled = True
    inspect_view_class = InspectView
    form_fields_exclude = [
        "member_count",
        "stage",
        "status",
        "size_band",
        "founder",
        "archived_at",
        "capacity",
        "stage_changed_at",
        "lifecycle_strikes",
        "last_evaluated_on",
        "last_activity_at",
        "inactivity_warned_at",
        "dormant",
    ]
    permission_helper_class = EditOnlyPermissionHelper
    button_helper_class = RowActionButtonHelper
    row_actions = [
        RowAction(
            "groups_admin:set_stage",
            _("Set stage"),
            _("Change the stage by hand, with a reason"),
            permission="groups.change_communitygroup",
        ),
        RowAction(
            "groups_admin:archive_group",
            _("Archive"),
            _("Archive this group"),
            permission="groups.change_communitygroup",
            shown_for=lambda group: group.is_active,
            classname="button button-small button-secondary no",
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("topic")

    @admin.display(description=_("dormant"), ordering="dormant")
    def dormant_state(self, obj):
        """In words: Django's boolean icon would read "True" or "False" to a screen reader, in English."""
        return pgettext("group state", "Dormant") if obj.dormant else "—"


class MembershipAdmin(ModelAdmin):
    model = Membership
    menu_label = _("Memberships")
    menu_icon = "user"
    list_display = ("member", "group", "role", "state", "joined_at")
    list_filter = ("role", "state")
    search_fields = ("member__email", "member__display_name", "group__name")
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "group")


class JoinRequestAdmin(ModelAdmin):
    model = JoinRequest
    menu_label = _("Join requests")
    menu_icon = "mail"
    list_display = ("member", "group", "status", "created_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("member__email", "member__display_name", "group__name")
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "group")


class GroupProfileChangeAdmin(ModelAdmin):
    model = GroupProfileChange
    menu_label = _("Profile changes")
    menu_icon = "history"
    list_display = ("group", "actor", "created_at")
    search_fields = ("group__name",)
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group", "actor")


class TopicAdmin(ModelAdmin):
    model = Topic
    menu_label = _("Topics")
    menu_icon = "tag"
    list_display = ("name", "slug", "sort_order")


class StageProposalAdmin(ModelAdmin):
    model = StageProposal
    menu_label = _("Core proposals")
    menu_icon = "success"
    list_display = ("group", "to_stage", "status", "created_at", "decided_by")
    list_filter = ("status",)
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = RowActionButtonHelper
    row_actions = [
        RowAction(
            "groups_admin:decide_proposal",
            _("Confirm or decline"),
            _("Decide this promotion to core"),
            permission="groups.change_stageproposal",
            shown_for=lambda proposal: proposal.status == StageProposal.Status.PENDING,
            classname="button button-small button-primary",
            first=True,
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group", "decided_by")


class StageChangeAdmin(ModelAdmin):
    model = StageChange
    menu_label = _("Stage changes")
    menu_icon = "history"
    list_display = ("created_at", "group", "from_stage", "to_stage", "actor")
    list_filter = ("to_stage", "from_stage")
    search_fields = ("group__name",)
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group", "actor")


class ActivityAdmin(SafeExportMixin, ModelAdmin):
    model = Activity
    menu_label = _("Activities")
    menu_icon = "date"
    list_display = ("starts_at", "title", "group", "mode", "status", "rsvp_count", "attended_count", "newcomer_count")
    list_filter = ("mode", "status")
    search_fields = ("title", "group__name")
    list_export = (
        "starts_at",
        "title",
        "group",
        "mode",
        "status",
        "rsvp_count",
        "attended_count",
        "newcomer_count",
        "reported_at",
    )
    export_filename = "activities"
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group")


class SpinOffAdmin(ModelAdmin):
    model = SpinOff
    menu_label = _("Spin-offs")
    menu_icon = "group"
    list_display = ("created_at", "from_group", "name", "nominee", "status", "new_group")
    list_filter = ("status",)
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_group", "nominee", "new_group")


class MonthlyWinnerAdmin(ModelAdmin):
    model = MonthlyGroupWinner
    menu_label = _("Monthly top 3")
    menu_icon = "pick"
    list_display = ("month", "group", "rank", "member", "points")
    list_filter = ("month",)
    search_fields = ("group__name",)
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group", "member")


class CommunityAdminGroup(ModelAdminGroup):
    menu_label = _("Community")
    menu_icon = "group"
    menu_order = 200
    items = (
        GroupApplicationAdmin,
        StageProposalAdmin,
        CommunityGroupAdmin,
        ActivityAdmin,
        StageChangeAdmin,
        MembershipAdmin,
        JoinRequestAdmin,
        GroupProfileChangeAdmin,
        SpinOffAdmin,
        MonthlyWinnerAdmin,
        TopicAdmin,
    )
