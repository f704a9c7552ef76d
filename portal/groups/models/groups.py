"""Community groups, the rules they are founded and sized by, their topics, the staff's record of profile changes
and the monthly winners.

Operational state (stage, status, member count) lives on plain models that no editor or leader publishes through
revisions, so restoring old content can never undo a promotion or a count (ARCHITECTURE.md, "Content vs state")."""

from django.apps import apps
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.search import index

from website.core.search import segmented
from website.core.uploads import private_storage, unguessable_name

__all__ = [
    "ABSOLUTE_MAX_GROUP_SIZE",
    "GROUP_RICH_TEXT_FEATURES",
    "GroupRules",
    "Topic",
    "CommunityGroup",
    "GroupProfileChange",
    "group_index_url",
    "MonthlyGroupWinner",
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

    @property
    def capacity_limit(self):
        """The most seats a group may have: the community team's size limit, never above the hard ceiling."""
        return min(self.max_group_size, ABSOLUTE_MAX_GROUP_SIZE)

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
    members_can_invite = models.BooleanField(
        _("members may create invite links"),
        default=False,
        help_text=_("Off: only the leaders hand out invite links."),
    )
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
        if user.is_authenticated and (user.is_staff or self.memberships.active().filter(member=user).exists()):
            return "private"
        return None

    @property
    def seats_left(self):
        return max(0, self.capacity - self.member_count)

    # What templates ask instead of comparing codes: the rule stays here, next to the choices.
    @property
    def stage_badge_class(self):
        return {self.Stage.CORE: "badge--accent", self.Stage.GROWING: "badge--success"}.get(self.stage, "badge--info")

    @property
    def is_new_stage(self):
        return self.stage == self.Stage.NEW

    @property
    def is_above_healthy_size(self):
        return self.size_band == self.SizeBand.ABOVE

    @property
    def is_below_healthy_size(self):
        return self.size_band == self.SizeBand.BELOW


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

            # By name: the page module imports the views, which import this one.
            page = (
                apps.get_model("groups", "GroupIndexPage").objects.live().filter(locale_id=default_locale_id()).first()
            )
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
