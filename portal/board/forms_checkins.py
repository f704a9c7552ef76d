"""Forms of check-in topics: a leader opens a topic, a member checks in, a leader reviews an assignment's check-in.

The forms check shape (lengths, dates, image files); the rules (who, when, once per period) are the services'.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from website.core.fields import MultipleImageField
from website.core.rich_text import MemberRichTextField

from .models import MAX_CHECK_IN_IMAGES, BoardTag, CheckInTopic
from .services.checkins import MAX_CHECK_IN_LENGTH, MAX_INTRO_LENGTH, MAX_REASON_LENGTH, MAX_REVIEW_LENGTH


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=80)
    intro = MemberRichTextField(
        label=_("What members should do"),
        max_length=MAX_INTRO_LENGTH,
        required=False,
        help_text=_("Explain the task and what a good check-in looks like."),
    )
    cadence = forms.ChoiceField(
        label=_("How often"), choices=CheckInTopic.Cadence.choices, initial=CheckInTopic.Cadence.DAILY
    )
    starts_on = forms.DateField(
        label=_("Starts on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty to start today."),
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    is_assignment = forms.BooleanField(
        label=pgettext_lazy("check-in topic", "This is a weekly assignment"),
        required=False,
        help_text=_("Leaders review each check-in and leave a comment."),
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"),
        queryset=BoardTag.objects.none(),
        required=False,
        empty_label=pgettext_lazy("board post tag", "No tag"),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].queryset = BoardTag.objects.filter(group=group)
        if not self.is_bound:
            self.fields["ends_on"].initial = timezone.localdate() + timedelta(days=20)


class CheckInForm(forms.Form):
    body = forms.CharField(
        label=_("What did you do?"),
        max_length=MAX_CHECK_IN_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_CHECK_IN_LENGTH}),
    )
    images = MultipleImageField(
        label=_("Images"),
        max_files=MAX_CHECK_IN_IMAGES,
        max_upload_size=settings.GROUP_IMAGE_MAX_UPLOAD_SIZE,
        max_image_pixels=settings.GROUP_IMAGE_MAX_PIXELS,
        resize_to=1600,
        help_text=_("Up to nine images."),
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_REVIEW_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_REVIEW_LENGTH}),
    )


class HideCheckInForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=MAX_REASON_LENGTH, required=False, widget=forms.TextInput())
