"""The entry form: plain-text story, one to nine images validated like every member upload."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from website.core.fields import MultipleImageField

from .services import MAX_IMAGES


class EntryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=60)
    story = forms.CharField(
        label=_("The story behind it"), max_length=1000, widget=forms.Textarea(attrs={"rows": 5, "maxlength": 1000})
    )
    images = MultipleImageField(
        label=_("Images"),
        required=True,
        max_files=MAX_IMAGES,
        max_upload_size=settings.GROUP_IMAGE_MAX_UPLOAD_SIZE,
        max_image_pixels=settings.GROUP_IMAGE_MAX_PIXELS,
        resize_to=1600,
        help_text=_("One to nine photos of your work."),
    )
