"""Forms of the board's posts and comments. They check shape (lengths, files, a tag of this group); who may write
and when is the services' business (services/posts.py)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from website.core.fields import MultipleImageField
from website.core.rich_text import MemberRichTextField

from .models import MAX_IMAGES, BoardTag
from .services.posts import BODY_MAX_LENGTH, COMMENT_MAX_LENGTH, TITLE_MAX_LENGTH


class TagChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PostForm(forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("board post", "Title"),
        max_length=TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Optional for a short post."),
    )
    body = MemberRichTextField(label=pgettext_lazy("board post", "Text"), max_length=BODY_MAX_LENGTH)
    tag = TagChoiceField(
        label=pgettext_lazy("board post", "Tag"),
        queryset=BoardTag.objects.none(),
        required=False,
        empty_label=pgettext_lazy("board post tag", "No tag"),
    )
    images = MultipleImageField(
        label=_("Images"),
        max_files=MAX_IMAGES,
        max_upload_size=settings.GROUP_IMAGE_MAX_UPLOAD_SIZE,
        max_image_pixels=settings.GROUP_IMAGE_MAX_PIXELS,
        resize_to=1600,
        help_text=_("Up to nine images."),
    )

    def __init__(self, *args, group, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        tags = BoardTag.objects.filter(group=group)
        if tags.exists():
            self.fields["tag"].queryset = tags
        else:
            # A group without tags: no empty menu on the page.
            del self.fields["tag"]
        if editing:
            # Images stay as posted; an edit changes the words.
            del self.fields["images"]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
    )
    parent = forms.IntegerField(required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput)
