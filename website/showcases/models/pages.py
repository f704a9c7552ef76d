"""Showcases (晒图): themed calls for members' works, moderated entries, one vote per member and entry, picks.

The showcase is an editor's page; entries and votes are members' records with their own counters, so publishing an
old revision of the page never changes an entry or a vote count.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.blocks import CharBlock, StructBlock, TextBlock
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from website.core.blocks import RICH_TEXT_FEATURES, SectionStreamBlock
from website.core.search import segmented
from website.core.uploads import private_storage, unguessable_name


class AuthorStoryBlock(StructBlock):
    """An editor's interview with a picked author, next to their entry."""

    entry = SnippetChooserBlock("showcases.Entry", label=_("Entry"))
    heading = CharBlock(label=_("Heading"), max_length=80)
    interview = TextBlock(label=_("Interview"), max_length=3000)

    class Meta:
        icon = "user"
        label = _("Author story")
        template = "showcases/blocks/author_story.html"


class ShowcaseStreamBlock(SectionStreamBlock):
    author_story = AuthorStoryBlock()


class ShowcaseIndexPage(Page):
    intro = models.TextField(_("introduction"), max_length=500, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["showcases.ShowcasePage"]
    max_count = 1

    class Meta:
        verbose_name = _("showcase directory")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["showcases"] = (
            ShowcasePage.objects.live()
            .child_of(self)
            .select_related("cover", "alias_of")
            .order_by("-submissions_open")
        )
        return context


class ShowcasePage(RoutablePageMixin, Page):
    class Kind(models.TextChoices):
        THEME = "theme", _("Themed showcase")
        ASSIGNMENT = "assignment", _("Weekly assignment")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.THEME)
    theme = models.CharField(_("theme"), max_length=120)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rules = RichTextField(_("rules"), features=RICH_TEXT_FEATURES)
    prizes = RichTextField(_("prizes"), features=RICH_TEXT_FEATURES, blank=True)
    submissions_open = models.DateTimeField(_("submissions open"), default=timezone.now)
    submissions_close = models.DateTimeField(_("submissions close"))
    voting_open = models.DateTimeField(_("voting opens"), default=timezone.now)
    voting_close = models.DateTimeField(_("voting closes"))
    moderate_entries = models.BooleanField(_("entries need approval before they go live"), default=True)
    body = StreamField(ShowcaseStreamBlock(), verbose_name=_("more"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("theme"),
        FieldPanel("cover"),
        FieldPanel("rules"),
        FieldPanel("prizes"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("submissions_open"), FieldPanel("submissions_close")]),
                FieldRowPanel([FieldPanel("voting_open"), FieldPanel("voting_close")]),
                FieldPanel("moderate_entries"),
            ],
            heading=_("Windows"),
        ),
        FieldPanel("body"),
    ]
    search_fields = (
        Page.search_fields
        + [index.SearchField("theme"), index.SearchField("rules"), index.SearchField("body")]
        + segmented("title", boost=2)
        + segmented("theme", "rules", "body")
    )
    parent_page_types = ["showcases.ShowcaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("showcase")

    def clean(self):
        super().clean()
        if self.submissions_close and self.submissions_open and self.submissions_close <= self.submissions_open:
            raise ValidationError({"submissions_close": _("Submissions must close after they open.")})
        if self.voting_close and self.voting_open and self.voting_close <= self.voting_open:
            raise ValidationError({"voting_close": _("Voting must close after it opens.")})

    def submissions_are_open(self, now=None):
        now = now or timezone.now()
        return self.submissions_open <= now <= self.submissions_close

    def voting_is_open(self, now=None):
        now = now or timezone.now()
        return self.voting_open <= now <= self.voting_close

    @path("", name="index")
    def index_route(self, request):
        from .views import showcase

        return showcase(request, self)

    @path("submit/", name="submit")
    def submit_route(self, request):
        from .views import submit

        return submit(request, self)

    @re_path(r"^entries/(?P<pk>[0-9]+)/$", name="entry")
    def entry_route(self, request, pk):
        from .views import entry_detail

        return entry_detail(request, self, int(pk))

    @re_path(r"^entries/(?P<pk>[0-9]+)/vote/$", name="vote")
    def vote_route(self, request, pk):
        from .views import vote

        return vote(request, self, int(pk))


class Entry(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", pgettext_lazy("showcase entry status", "Live")
        REJECTED = "rejected", _("Not accepted")

    showcase = models.ForeignKey(
        ShowcasePage, verbose_name=_("showcase"), on_delete=models.CASCADE, related_name="entries"
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
        if entry.status == Entry.Status.APPROVED:
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
