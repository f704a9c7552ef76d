"""Showcases (晒图): the directory and the themed calls for members' works, with their editor-written stories.

The page module sits on top of the app: its routes hand each request to website.showcases.views with the page, and
nothing in the app imports this module back.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.blocks import CharBlock, StructBlock, TextBlock
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from website.core.blocks import RICH_TEXT_FEATURES, SectionStreamBlock
from website.core.pages import DirectoryPage
from website.core.search import segmented

__all__ = ["AuthorStoryBlock", "ShowcaseStreamBlock", "ShowcaseIndexPage", "ShowcasePage"]


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


class ShowcaseIndexPage(DirectoryPage):
    subpage_types = ["showcases.ShowcasePage"]

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
        from ..views import showcase

        return showcase(request, self)

    @path("submit/", name="submit")
    def submit_route(self, request):
        from ..views import submit

        return submit(request, self)

    @re_path(r"^entries/(?P<pk>[0-9]+)/$", name="entry")
    def entry_route(self, request, pk):
        from ..views import entry_detail

        return entry_detail(request, self, int(pk))

    @re_path(r"^entries/(?P<pk>[0-9]+)/vote/$", name="vote")
    def vote_route(self, request, pk):
        from ..views import vote

        return vote(request, self, int(pk))
