"""The entry form: plain-text story, one to nine images validated like every member upload."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from website.core.fields import MemberImageField

from .services import MAX_IMAGES


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EntryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=60)
    story = forms.CharField(
        label=_("The story behind it"), max_length=1000, widget=forms.Textarea(attrs={"rows": 5, "maxlength": 1000})
    )
    images = forms.FileField(
        label=_("Images"),
        widget=MultipleImageInput(attrs={"accept": ".jpg,.jpeg,.png,.webp"}),
        help_text=_("One to nine photos of your work."),
    )

    def clean_images(self):
        files = self.files.getlist(self.add_prefix("images")) if self.files else []
        if not 1 <= len(files) <= MAX_IMAGES:
            raise forms.ValidationError(_("Add between one and nine images."))
        field = MemberImageField(
            max_upload_size=settings.GROUP_IMAGE_MAX_UPLOAD_SIZE,
            max_image_pixels=settings.GROUP_IMAGE_MAX_PIXELS,
            resize_to=1600,
        )
        return [field.clean(upload) for upload in files]
