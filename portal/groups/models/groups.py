"""Community groups and the records around them: memberships, join requests, founding applications, transfers.

Operational state (stage, status, member count) lives on plain models that no editor or leader publishes through
revisions, so restoring old content can never undo a promotion or a count (ARCHITECTURE.md, "Content vs state").
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from website.core.search import segmented
from website.core.uploads import private_storage, unguessable_name

__all__ = [
    "ABSOLUTE_MAX_GROUP_SIZE",
    "GROUP_RICH_TEXT_FEATURES",
    "GroupRules",
    "Topic",
    "CommunityGroup",
    "Membership",
    "JoinRequest",
    "GroupApplication",
    "LeadershipTransfer",
    "GroupProfileChange",
    "GroupIndexPage",
    "group_index_url",
    "MonthlyGroupWinner",
    "SpinOff",
    "LeaderGrant",
]

# The hard ceiling from DOMAIN.md; the site setting may lower it, never raise it.
ABSOLUTE_MAX_GROUP_SIZE = 100
# Staff edit a description in the admin with these; members with the same elements (website.core.sanitize).
GROUP_RICH_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


@register_setting(icon="group")
class GroupRules(BaseGenericSetting):
    """Admission rules for founding groups and the size limits, edited by the community team."""

    class Mode(models.TextChoices):
        AUTOMATIC = "automatic", _("Approve automatically when the rules pass")
        REVIEW = "review", _("Queue every application for the community team")

    approval_mode = models.CharField(_("approval mode"), max_length=12, choices=Mode.choices, default=Mode.AUTOMATIC)
    require_verified_email = models.BooleanField(_("require a verified e-mail"), default=True)
    min_account_age_days = models.PositiveSmallIntegerField(_("minimum account age (days)"), default=7)
    min_points = models.PositiveIntegerField(
        _("minimum points"), default=0, help_text=_("Points a member needs before founding a group.")
    )
    max_groups_led = models.PositiveSmallIntegerField(
        _("maximum groups led per member"), default=3, validators=[MinValueValidator(1)]
    )
    max_group_size = models.PositiveSmallIntegerField(
        _("maximum group size"),
        default=ABSOLUTE_MAX_GROUP_SIZE,
        validators=[MinValueValidator(2), MaxValueValidator(ABSOLUTE_MAX_GROUP_SIZE)],
    )
    healthy_size_min = models.PositiveSmallIntegerField(_("healthy size from"), default=30)
    healthy_size_max = models.PositiveSmallIntegerField(_("healthy size up to"), default=50)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("approval_mode"),
                FieldPanel("require_verified_email"),
                FieldPanel("min_account_age_days"),
                FieldPanel("min_points"),
                FieldPanel("max_groups_led"),
            ],
            heading=_("Founding a group"),
        ),
        MultiFieldPanel(
            [FieldPanel("max_group_size"), FieldPanel("healthy_size_min"), FieldPanel("healthy_size_max")],
            heading=_("Group size"),
        ),
    ]

    class Meta:
        verbose_name = _("group rules")

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.healthy_size_min > self.healthy_size_max:
            raise ValidationError({"healthy_size_max": _("The healthy band must end after it starts.")})


class Topic(models.Model):
    """What a group gathers around: an interest, a place, a shared stake or a life stage."""

    name = models.CharField(pgettext_lazy("record name", "name"), max_length=30, unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True, allow_unicode=False)
    description = models.CharField(_("description"), max_length=140, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class CommunityGroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=CommunityGroup.Status.ACTIVE)

    def with_room(self):
        return self.filter(member_count__lt=F("capacity"))


def cover_upload_to(instance, filename):
    # Covers are public, but only at names nobody can guess (see website.core.uploads).
    return unguessable_name("groups/covers", filename)


def qr_upload_to(instance, filename):
    # The chat QR code is members-only: private storage, served by website.core.media after private_file_access.
    return unguessable_name("groups/qr", filename)


class CommunityGroup(index.Indexed, models.Model):
    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone can join")
        APPROVAL = "approval", _("Approval: leaders review requests")
        INVITATION = "invitation", _("Invitation only")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("group status", "Active")
        ARCHIVED = "archived", _("Archived")

    class Stage(models.TextChoices):
        NEW = "new", pgettext_lazy("group stage", "New")
        GROWING = "growing", pgettext_lazy("group stage", "Growing")
        CORE = "core", pgettext_lazy("group stage", "Core")

    class SizeBand(models.TextChoices):
        BELOW = "below", _("Below the ideal size")
        WITHIN = "within", _("Within the ideal size")
        ABOVE = "above", _("Above the ideal size")

    name = models.CharField(pgettext_lazy("record name", "name"), max_length=40)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=True)
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="groups")
    city = models.CharField(_("city or region"), max_length=40, db_index=True)
    summary = models.CharField(_("one-line summary"), max_length=140)
    description = RichTextField(_("description"), features=GROUP_RICH_TEXT_FEATURES, blank=True, max_length=5000)
    cover = models.ImageField(_("cover image"), upload_to=cover_upload_to, blank=True)
    join_policy = models.CharField(
        _("join policy"), max_length=12, choices=JoinPolicy.choices, default=JoinPolicy.APPROVAL
    )
    join_questions = models.JSONField(_("questions for applicants"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=ABSOLUTE_MAX_GROUP_SIZE,
        validators=[MinValueValidator(2), MaxValueValidator(ABSOLUTE_MAX_GROUP_SIZE)],
    )
    # Members-only information.
    chat_qr = models.ImageField(
        _("chat QR code"), upload_to=qr_upload_to, storage=private_storage, blank=True, db_index=True
    )
    chat_instructions = models.TextField(_("how to join the chat"), max_length=500, blank=True)
    meeting_place = models.CharField(_("meeting place"), max_length=120, blank=True)
    # Operational state: changed only through services, never through a profile form.
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.NEW, db_index=True)
    member_count = models.PositiveSmallIntegerField(_("members"), default=0)
    # Where the size stood against the healthy band when leaders were last told; one notice per excursion.
    size_band = models.CharField(
        _("size band"), max_length=10, choices=SizeBand.choices, default=SizeBand.BELOW, editable=False
    )
    # Lifecycle state, written only by the lifecycle job and staff decisions (see lifecycle.py).
    stage_changed_at = models.DateTimeField(_("stage since"), null=True, blank=True, editable=False)
    lifecycle_strikes = models.PositiveSmallIntegerField(_("evaluations below the stage"), default=0, editable=False)
    last_evaluated_on = models.DateField(_("last evaluated"), null=True, blank=True, editable=False)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True, editable=False)
    inactivity_warned_at = models.DateTimeField(_("inactivity warning sent"), null=True, blank=True, editable=False)
    dormant = models.BooleanField(_("dormant"), default=False, editable=False)
    founder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("founder"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="founded_groups",
    )
    founded_at = models.DateTimeField(_("founded"), default=timezone.now)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CommunityGroupQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.SearchField("summary"),
        index.SearchField("city"),
        index.SearchField("description"),
        *segmented("name", "summary", "city", "description"),
        index.AutocompleteField("name"),
        index.FilterField("status"),
        index.FilterField("dormant"),
        index.FilterField("stage"),
        index.FilterField("city"),
        index.FilterField("topic_id"),
    ]

    class Meta:
        verbose_name = _("community group")
        verbose_name_plural = _("community groups")
        ordering = ["-founded_at"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="groups_group_name_ci_unique"),
            models.CheckConstraint(
                condition=Q(member_count__lte=F("capacity")), name="groups_group_members_within_capacity"
            ),
            models.CheckConstraint(
                condition=Q(capacity__lte=ABSOLUTE_MAX_GROUP_SIZE), name="groups_group_capacity_max"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-founded_at"], name="groups_status_founded_idx"),
            models.Index(fields=["status", "topic", "city"], name="groups_status_topic_city_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from urllib.parse import quote

        return f"{group_index_url()}{quote(self.slug)}/"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def is_full(self):
        return self.member_count >= self.capacity

    def private_file_access(self, user):
        """Who may fetch the chat QR code (website.core.media): the group's active members and leaders, and staff."""
        if user.is_authenticated and (
            user.is_staff or self.memberships.filter(member=user, state=Membership.State.ACTIVE).exists()
        ):
            return "private"
        return None

    @property
    def seats_left(self):
        return max(0, self.capacity - self.member_count)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=Membership.State.ACTIVE)

    def leading(self):
        return self.active().filter(role__in=[Membership.Role.LEADER, Membership.Role.CO_LEADER])


class Membership(models.Model):
    """One row per (group, member), whatever happened between them; ``state`` says where they stand now."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        CO_LEADER = "co_leader", _("Co-leader")
        MEMBER = "member", _("Member")

    class State(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("membership state", "Active")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")
        BANNED = "banned", _("Banned")

    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group", "role", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="groups_membership_one_per_pair"),
            models.UniqueConstraint(
                fields=["group"], condition=Q(role="leader", state="active"), name="groups_membership_one_leader"
            ),
        ]
        indexes = [
            models.Index(fields=["member", "state"], name="groups_membership_member_idx"),
            models.Index(fields=["group", "state", "role"], name="groups_membership_group_idx"),
        ]

    def __str__(self):
        return f"{self.member} · {self.group}"

    @property
    def is_active(self):
        return self.state == self.State.ACTIVE

    @property
    def can_manage(self):
        return self.is_active and self.role in (self.Role.LEADER, self.Role.CO_LEADER)

    @property
    def is_leader(self):
        return self.is_active and self.role == self.Role.LEADER


class JoinRequest(models.Model):
    """A member's request to join. Waitlisted means accepted in principle, waiting for a seat, served oldest first."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", pgettext_lazy("decision", "Approved")
        REJECTED = "rejected", _("Rejected")
        WAITLISTED = "waitlisted", _("On the waitlist")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = (Status.PENDING, Status.WAITLISTED)

    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="join_requests"
    )
    answers = models.JSONField(_("answers"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    waitlisted_at = models.DateTimeField(_("waitlisted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member"],
                condition=Q(status__in=["pending", "waitlisted"]),
                name="groups_joinrequest_one_open_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "status", "created_at"], name="groups_request_queue_idx"),
            models.Index(fields=["group", "status", "waitlisted_at"], name="groups_request_waitlist_idx"),
            models.Index(fields=["member", "status"], name="groups_request_member_idx"),
        ]

    def __str__(self):
        return f"{self.member} → {self.group} ({self.get_status_display()})"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class GroupApplication(models.Model):
    """An application to found a group, decided by the admission rules or by the community team."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", pgettext_lazy("decision", "Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for changes")

    OPEN_STATUSES = (Status.SUBMITTED, Status.RETURNED)

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="group_applications",
    )
    name = models.CharField(_("proposed name"), max_length=40)
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="+")
    city = models.CharField(_("city or region"), max_length=40)
    purpose = models.TextField(_("purpose: who is it for?"), max_length=1000)
    planned_activities = models.TextField(_("planned activities"), max_length=1000)
    expected_size = models.PositiveSmallIntegerField(
        _("expected size"), validators=[MinValueValidator(2), MaxValueValidator(ABSOLUTE_MAX_GROUP_SIZE)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    rule_report = models.JSONField(_("admission check"), default=list, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewer_note = models.TextField(_("reviewer note"), max_length=1000, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    group = models.OneToOneField(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("group application")
        verbose_name_plural = _("group applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "applicant",
                Lower("name"),
                condition=Q(status__in=["submitted", "returned"]),
                name="groups_application_one_open_per_name",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="groups_application_queue_idx")]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class LeadershipTransfer(models.Model):
    """An offer of the leader role; it takes effect only when the named member accepts."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="leadership_transfers",
    )
    from_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("from"), on_delete=models.CASCADE, related_name="+"
    )
    to_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("to"), on_delete=models.CASCADE, related_name="leadership_offers"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("offered"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("leadership transfer")
        verbose_name_plural = _("leadership transfers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group"], condition=Q(status="pending"), name="groups_transfer_one_pending_per_group"
            ),
        ]

    def __str__(self):
        return f"{self.group}: {self.from_member} → {self.to_member}"


class GroupProfileChange(models.Model):
    """Who changed what on a group's profile and when; append-only, shown to staff."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="profile_changes",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changes = models.JSONField(_("changes"), default=dict)
    created_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("group profile change")
        verbose_name_plural = _("group profile changes")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.group} · {self.created_at:%Y-%m-%d %H:%M}"


class GroupIndexPage(RoutablePageMixin, Page):
    """/groups/: the directory of groups and, through a sub-route, each group's page, served from the model.

    Groups are rows, not pages: thousands of them are founded by members without an editor, and their state must
    never be revisioned. Editors own the directory's title and introduction.
    """

    intro = models.TextField(_("introduction"), max_length=500, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("group directory")

    @re_path(r"^$", name="group_list")
    def group_list(self, request):
        from portal.groups.views import group_list

        return group_list(request, self)

    @re_path(r"^(?P<slug>[-\w]+)/$", name="group_detail")
    def group_detail(self, request, slug):
        from portal.groups.views import group_detail

        return group_detail(request, self, slug)


def group_index_url():
    """The directory's URL in the active language, cached until the next publish or move."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    from website.core.cache import fragment_version
    from website.core.memo import memoised

    key = f"site-fragments:group-index:{get_language()}:{fragment_version()}"

    def read():
        url = cache.get(key)
        if url is None:
            from website.core.translation import default_locale_id, page_url

            page = GroupIndexPage.objects.live().filter(locale_id=default_locale_id()).first()
            url = page_url(page) if page else "/groups/"
            cache.set(key, url, settings.FRAGMENT_CACHE_SECONDS)
        return url

    # Once per request: every group card and link asks for it.
    return memoised(key, read)


class MonthlyGroupWinner(models.Model):
    """One of a group's top three earners of a month; also the source of their bonus, so it is paid once."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="monthly_winners",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    rank = models.PositiveSmallIntegerField(_("rank"))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    points = models.IntegerField(_("points that month"))

    class Meta:
        verbose_name = _("monthly top member")
        verbose_name_plural = _("monthly top members")
        ordering = ["-month", "group", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["group", "month", "rank"], name="groups_winner_one_per_rank"),
            models.UniqueConstraint(fields=["group", "month", "member"], name="groups_winner_once_per_member"),
        ]

    def __str__(self):
        return f"{self.group} {self.month:%Y-%m} #{self.rank}"


class SpinOff(models.Model):
    """裂变: a full group's leader nominates a member to found a sister group; members may move over."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the nominee")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    from_group = models.ForeignKey(
        CommunityGroup, verbose_name=_("from group"), on_delete=models.CASCADE, related_name="spin_offs"
    )
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominee"), on_delete=models.CASCADE, related_name="spin_off_offers"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    name = models.CharField(_("name of the new group"), max_length=40)
    message = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    new_group = models.OneToOneField(
        CommunityGroup,
        verbose_name=_("new group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spun_off_from",
    )
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("spin-off")
        verbose_name_plural = _("spin-offs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_group"], condition=Q(status="pending"), name="groups_spinoff_one_pending_per_group"
            )
        ]

    def __str__(self):
        return f"{self.from_group} → {self.name}"


class LeaderGrant(models.Model):
    """Leader rights granted by the community team (e.g. through a recruitment call), not earned by leading."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="leader_grant"
    )
    founding_credits = models.PositiveSmallIntegerField(
        _("groups they may found without the admission rules"), default=1
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("leader grant")
        verbose_name_plural = _("leader grants")
        ordering = ["-granted_at"]

    def __str__(self):
        return str(self.member)

    @property
    def is_active(self):
        return self.revoked_at is None
