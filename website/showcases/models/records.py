"""Showcase records: members' entries and their images, one vote per member and entry, and the payouts for votes.

The showcase is an editor's page; entries and votes are members' records with their own counters, so publishing an
old revision of the page never changes an entry or a vote count. They name the page by its label, so services,
forms and views use them without importing the page module.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel

from website.core.uploads import private_storage, unguessable_name

__all__ = ["Entry", "EntryImage", "Vote", "VotePayout", "entry_image_upload_to"]

SHOWCASE = "showcases.ShowcasePage"


class Entry(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", pgettext_lazy("showcase entry status", "Live")
        REJECTED = "rejected", _("Not accepted")

    showcase = models.ForeignKey(
        SHOWCASE, verbose_name=_("showcase"), on_delete=models.CASCADE, related_name="entries"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="showcase_entries"
    )
    title = models.CharField(_("title"), max_length=60)
    story = models.TextField(_("the story behind it"), max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    picked = models.BooleanField(_("editors' pick"), default=False)
    vote_count = models.PositiveIntegerField(_("votes"), default=0)
    moderation_note = models.CharField(_("moderation note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)

    panels = [
        FieldPanel("status"),
        FieldPanel("picked"),
        FieldPanel("moderation_note"),
        FieldPanel("title", read_only=True),
        FieldPanel("story", read_only=True),
    ]

    class Meta:
        verbose_name = _("showcase entry")
        verbose_name_plural = _("showcase entries")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["showcase", "status", "-vote_count"], name="showcases_entry_top_idx"),
            models.Index(fields=["showcase", "status", "-created_at"], name="showcases_entry_new_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.showcase.url + self.showcase.reverse_subpage("entry", args=[self.pk])

    @property
    def is_public(self):
        """Approved: on the board, open to votes, its images visible to everyone."""
        return self.status == self.Status.APPROVED


def entry_image_upload_to(instance, filename):
    # Private storage: an entry's images are visible to everyone only once approved (EntryImage.private_file_access).
    return unguessable_name(f"showcases/{instance.entry.showcase_id}", filename)


class EntryImage(models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to=entry_image_upload_to, storage=private_storage, db_index=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("entry image")
        verbose_name_plural = _("entry images")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.image.name

    def private_file_access(self, user):
        """Approved entries' images are public; until then only their author and staff see them."""
        entry = self.entry
        if entry.is_public:
            return "public"
        if user.is_authenticated and (user.is_staff or entry.member_id == user.pk):
            return "private"
        return None


class Vote(models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="showcase_votes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["entry", "member"], name="showcases_vote_once")]

    def __str__(self):
        return f"{self.member} ♥ {self.entry}"


class VotePayout(models.Model):
    """An entry's votes settled once voting closed: the final tally and the points its author was paid for it.

    Its own row, not a field of the entry or the page: the snippet admin saves whole entries and editors publish page
    revisions, and neither may undo a payout. Once it exists the entry takes no more votes or take-backs.
    """

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    entry = models.OneToOneField(
        Entry, verbose_name=_("showcase entry"), on_delete=models.CASCADE, primary_key=True, related_name="vote_payout"
    )
    votes = models.PositiveIntegerField(_("final votes"))
    points = models.PositiveIntegerField(_("points paid"))
    paid_at = models.DateTimeField(_("paid"), default=timezone.now)

    class Meta:
        verbose_name = _("vote payout")
        verbose_name_plural = _("vote payouts")
        ordering = ["-paid_at"]

    def __str__(self):
        return f"{self.entry}: {self.votes} ♥ → {self.points}"
