"""Member-facing account forms: the extra sign-up field and the profile editor."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from website.core.fields import MemberImageField

from .models import User


class SignupForm(forms.Form):
    """Extends allauth's sign-up form (ACCOUNT_FORMS) with the name other members will see."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=40,
        required=False,
        help_text=_("How other members see you. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data.get("display_name", "").strip()
        user.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    avatar = MemberImageField(
        label=_("Avatar"),
        required=False,
        max_upload_size=settings.AVATAR_MAX_UPLOAD_SIZE,
        max_image_pixels=settings.AVATAR_MAX_PIXELS,
        resize_to=512,
    )

    class Meta:
        model = User
        fields = ["display_name", "avatar", "city", "interests", "bio", "profile_visibility"]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
            "profile_visibility": forms.RadioSelect,
        }

    def clean_display_name(self):
        return self.cleaned_data["display_name"].strip()

    def clean_interests(self):
        # Normalise Chinese separators so the profile shows tidy tags whichever keyboard was used.
        raw = self.cleaned_data["interests"].replace("，", ",").replace("、", ",")
        return ", ".join(item.strip() for item in raw.split(",") if item.strip())
