"""StreamField blocks shared by content pages: hero, text, call to action and a grid of cards."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

# Member-facing rich text keeps to a small, safe set of features.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"]


class LinkValue(blocks.StructValue):
    @property
    def href(self):
        page = self.get("page")
        if page is not None and page.live:
            from website.core.translation import page_url

            return page_url(page)
        return self.get("url") or ""


class LinkBlock(blocks.StructBlock):
    """A button link to a page or an address; the page wins when both are given. All empty means no button."""

    text = blocks.CharBlock(label=_("Button text"), max_length=40, required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(
        label=_("Address"),
        required=False,
        max_length=300,
        help_text=_("A path such as /accounts/signup/ or a full address; used when no page is chosen."),
    )

    class Meta:
        icon = "link"
        label = _("Link")
        value_class = LinkValue

    def clean(self, value):
        value = super().clean(value)
        url = (value.get("url") or "").strip()
        text = (value.get("text") or "").strip()
        errors = {}
        if url and not url.startswith(("/", "https://", "http://")):
            errors["url"] = ValidationError(_("Use a path starting with / or an http(s) address."))
        elif text and not (value.get("page") or url):
            errors["url"] = ValidationError(_("Choose a page or enter an address."))
        if (value.get("page") or url) and not text:
            errors["text"] = ValidationError(_("Give the button a text."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class HeroBlock(blocks.StructBlock):
    eyebrow = blocks.CharBlock(label=_("Eyebrow"), max_length=40, required=False)
    title = blocks.CharBlock(label=_("Title"), max_length=80)
    subtitle = blocks.TextBlock(label=_("Subtitle"), max_length=300, required=False)
    image = ImageChooserBlock(label=pgettext_lazy("StreamField block", "Image"), required=False)
    primary = LinkBlock(label=_("Main button"), required=False)
    secondary = LinkBlock(label=_("Second button"), required=False)

    class Meta:
        icon = "pick"
        label = _("Hero")
        template = "blocks/hero_block.html"


class TextBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=80, required=False)
    body = blocks.RichTextBlock(label=pgettext_lazy("StreamField block", "Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        label = pgettext_lazy("StreamField block", "Text")
        template = "blocks/text_block.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=80)
    text = blocks.TextBlock(label=pgettext_lazy("StreamField block", "Text"), max_length=300, required=False)
    button = LinkBlock(label=_("Button"))

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/cta_block.html"


class CardBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=60)
    text = blocks.TextBlock(label=pgettext_lazy("StreamField block", "Text"), max_length=240, required=False)
    image = ImageChooserBlock(label=pgettext_lazy("StreamField block", "Image"), required=False)
    link = LinkBlock(label=_("Link"), required=False)

    class Meta:
        icon = "form"
        label = _("Card")


class CardGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=80, required=False)
    intro = blocks.TextBlock(label=_("Introduction"), max_length=300, required=False)
    cards = blocks.ListBlock(CardBlock(), label=_("Cards"), min_num=1, max_num=12)

    class Meta:
        icon = "table"
        label = _("Card grid")
        template = "blocks/card_grid_block.html"


class SectionStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    text = TextBlock()
    call_to_action = CallToActionBlock()
    card_grid = CardGridBlock()
