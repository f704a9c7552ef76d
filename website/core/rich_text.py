"""The form field and editor widget for formatted text written by members (a group's description, later posts).

The widget renders a textarea holding *plain text* (paragraphs separated by blank lines) plus a hidden editor and
toolbar that ``static/js/richtext.js`` reveals. Without JavaScript the member types plain text and never sees a tag;
with it they format with buttons and the script sends HTML. A hidden ``<name>_format`` input says which of the two
arrived, so plain text that happens to contain "<" is still read as text. Either way the field returns HTML cleaned
by :mod:`website.core.sanitize`, limited by the length of its *text*, which is what a member can see and count.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .sanitize import clean_member_html, html_text, html_to_text, looks_like_html, text_to_html

FORMAT_TEXT = "text"
FORMAT_HTML = "html"


class MemberRichTextEditor(forms.Widget):
    """Toolbar, editable region and plain-text fallback for one member-written rich-text field."""

    template_name = "core/widgets/member_rich_text.html"

    class Media:
        css = {"all": ["css/richtext.css"]}
        js = [forms.Script("js/richtext.js", defer=True)]

    def __init__(self, attrs=None, max_text_length=None):
        super().__init__({"rows": 10, **(attrs or {})})
        self.max_text_length = max_text_length

    def format_value(self, value):
        return clean_member_html(value or "")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        html = context["widget"]["value"]
        context["widget"].update(
            html=html,
            text=html_to_text(html),
            format_name=f"{name}_format",
            max_text_length=self.max_text_length,
            text_length=len(html_text(html)),
        )
        return context

    def value_from_datadict(self, data, files, name):
        """The submitted value as HTML, whichever form the browser sent it in."""
        value = data.get(name)
        if value is None:
            return None
        sent_as = data.get(f"{name}_format")
        if sent_as == FORMAT_TEXT or (sent_as != FORMAT_HTML and not looks_like_html(value)):
            return text_to_html(value)
        return value

    def use_required_attribute(self, initial):
        # The textarea is hidden while the editor is in use; a browser cannot point a member at a hidden field.
        return False


class MemberRichTextField(forms.CharField):
    """Formatted text from a member, returned as cleaned HTML and limited by the number of characters of its text.

    ``max_length`` counts text, not tags (as Wagtail's ``RichTextField`` does), so bold words cost nothing extra. The
    raw input is bounded separately, so a page of empty tags cannot make the server parse megabytes.
    """

    widget = MemberRichTextEditor
    #: How much raw HTML may arrive per character of allowed text; generous for formatting, bounded for parsing.
    RAW_BYTES_PER_CHARACTER = 20

    default_error_messages = {
        "too_much_markup": _("This text has too much formatting to save. Remove some of it and try again."),
    }

    def __init__(self, *, max_length=None, **kwargs):
        # Not passed on: CharField would check the raw HTML's length and set a maxlength on the hidden textarea.
        self.max_text_length = max_length
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)
        self.widget.max_text_length = max_length

    def to_python(self, value):
        value = super().to_python(value)
        if self.max_text_length and len(value) > self.max_text_length * self.RAW_BYTES_PER_CHARACTER:
            raise forms.ValidationError(self.error_messages["too_much_markup"], code="too_much_markup")
        return clean_member_html(value)

    def has_changed(self, initial, data):
        # Stored HTML from before the allow-list (``<b>``, links without ``rel``) is not a change the member made.
        try:
            submitted = self.to_python(data)
        except forms.ValidationError:
            return True
        return clean_member_html(initial or "") != submitted

    def validate(self, value):
        super().validate(value)
        length = len(html_text(value))
        if self.max_text_length and length > self.max_text_length:
            over = length - self.max_text_length
            raise forms.ValidationError(
                ngettext(
                    "This text is %(length)d characters long; the limit is %(limit)d. Shorten it by %(over)d "
                    "character.",
                    "This text is %(length)d characters long; the limit is %(limit)d. Shorten it by %(over)d "
                    "characters.",
                    over,
                ),
                code="max_length",
                params={"length": length, "limit": self.max_text_length, "over": over},
            )
