"""The member account: one user model for members, leaders and staff, identified by e-mail."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .display import real_name


class MemberManager(UserManager):
    """Users are keyed by e-mail; there is no username to ask for."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def avatar_upload_to(instance, filename):
    # The member id keeps one member's uploads together; a random token, not the file's own name, makes it unguessable.
    from website.core.uploads import unguessable_name

    return unguessable_name(f"avatars/{instance.pk or 'new'}", filename)


class User(AbstractUser):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Signed-in members")
        PRIVATE = "private", _("Only me")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        pgettext_lazy("member profile", "display name"),
        max_length=40,
        blank=True,
        help_text=_("How other members see you."),
    )
    avatar = models.ImageField(_("avatar"), upload_to=avatar_upload_to, blank=True)
    city = models.CharField(_("city"), max_length=40, blank=True)
    interests = models.CharField(
        _("interests"), max_length=200, blank=True, help_text=_("A few words, separated by commas.")
    )
    bio = models.TextField(_("short bio"), max_length=500, blank=True)
    profile_visibility = models.CharField(
        _("profile visibility"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    # A title the community team grants (through a lecturer recruitment call), not a level reached by points.
    lecturer_since = models.DateTimeField(_("certified lecturer since"), null=True, blank=True)
    # The language e-mails to this member are written in; follows the language they last used the site in.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = MemberManager()

    # Fields that make a profile complete, in the order the dashboard lists what is missing.
    PROFILE_FIELDS = ("display_name", "avatar", "city", "interests", "bio")

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["-date_joined"]
        constraints = [
            # allauth lower-cases addresses it stores; this also catches writes that bypass it.
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_display_name()

    def get_display_name(self):
        """The member's chosen name, or "Member #<id>"; other viewers get it through display.shown_member."""
        return real_name(self)

    def get_full_name(self):
        return self.get_display_name()

    def get_short_name(self):
        return self.get_display_name()

    def get_absolute_url(self):
        return reverse("accounts:profile", args=[self.pk])

    @property
    def is_lecturer(self):
        return self.lecturer_since is not None

    @property
    def interest_list(self):
        separators = self.interests.replace("，", ",").replace("、", ",")
        return [item.strip() for item in separators.split(",") if item.strip()]

    def missing_profile_fields(self):
        return [name for name in self.PROFILE_FIELDS if not getattr(self, name)]

    @property
    def profile_completeness(self):
        """Share of profile fields filled in, as a whole percentage."""
        filled = len(self.PROFILE_FIELDS) - len(self.missing_profile_fields())
        return round(100 * filled / len(self.PROFILE_FIELDS))

    def profile_visible_to(self, viewer):
        if viewer is not None and viewer.is_authenticated and (viewer.pk == self.pk or viewer.is_staff):
            return True
        if self.profile_visibility == self.Visibility.PUBLIC:
            return True
        if self.profile_visibility == self.Visibility.MEMBERS:
            return viewer is not None and viewer.is_authenticated
        return False


class Referral(models.Model):
    """A member who signed up through another member's share link (portal.accounts.referrals); the sharer is rewarded
    once, when the new member first takes part (enrols in a course or joins a group)."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    new_member = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("new member"), on_delete=models.CASCADE, related_name="referral"
    )
    sharer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("shared by"), on_delete=models.CASCADE, related_name="referrals_made"
    )
    # The page the share link pointed to, as the visitor reached it (a group, a course, an activity...).
    source_path = models.CharField(_("shared page"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(new_member=models.F("sharer")), name="accounts_referral_not_self")
        ]

    def __str__(self):
        return f"{self.sharer} → {self.new_member}"
