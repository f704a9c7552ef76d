"""Forms for founding, joining and leading groups; they validate input, services apply the rules."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from website.core.fields import MemberImageField, MultipleImageField
from website.core.rich_text import MemberRichTextField

from .models import (
    ABSOLUTE_MAX_GROUP_SIZE,
    Activity,
    CommunityGroup,
    GroupApplication,
    Topic,
)

MAX_JOIN_QUESTIONS = 5


class GroupApplicationForm(forms.ModelForm):
    confirm_distinct = forms.BooleanField(
        label=_("I have looked at the similar groups above and mine is different."),
        required=False,
    )

    class Meta:
        model = GroupApplication
        fields = ["name", "topic", "city", "purpose", "planned_activities", "expected_size"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
            "planned_activities": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
            "expected_size": forms.NumberInput(attrs={"min": 2, "max": ABSOLUTE_MAX_GROUP_SIZE}),
        }
        help_texts = {
            "name": _("Say who it is for, e.g. 杭州周末烘焙社."),
            "purpose": _("Who is this group for, and what will members get from it?"),
            "planned_activities": _("What will the group do in its first months?"),
            "expected_size": _("Groups are healthiest with 30 to 50 members; the limit is 100."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.all()
        self.fields["topic"].empty_label = _("Choose a topic")

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_city(self):
        return self.cleaned_data["city"].strip()


class JoinForm(forms.Form):
    """One answer field per question the group asks."""

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(group.join_questions or [])
        for index, question in enumerate(self.questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, max_length=500, widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500})
            )

    def answers(self):
        return [self.cleaned_data[f"answer_{index}"] for index in range(len(self.questions))]


class GroupProfileForm(forms.ModelForm):
    """What leaders edit on the public site; stage, status and counts are not fields here."""

    cover = MemberImageField(
        label=_("Cover image"),
        required=False,
        max_upload_size=settings.GROUP_IMAGE_MAX_UPLOAD_SIZE,
        max_image_pixels=settings.GROUP_IMAGE_MAX_PIXELS,
        resize_to=1600,
    )
    # Formatted with the editor's toolbar, or typed as plain text where its script cannot run; stored as HTML that
    # website.core.sanitize has cleaned, at most as many characters of text as the model allows.
    description = MemberRichTextField(
        label=capfirst(CommunityGroup._meta.get_field("description").verbose_name),
        max_length=CommunityGroup._meta.get_field("description").max_length,
        required=False,
        help_text=_("Bold, italic, headings, lists and links are kept. Separate paragraphs with a blank line."),
    )

    class Meta:
        model = CommunityGroup
        fields = ["name", "summary", "description", "topic", "city", "cover"]

    def clean_name(self):
        from .services import name_taken

        name = " ".join(self.cleaned_data["name"].split())
        if name_taken(name, exclude_group=self.instance):
            raise forms.ValidationError(_("A group with this name exists already."))
        return name


class GroupSettingsForm(forms.ModelForm):
    """Join policy, questions and what only members see; capacity goes through its own service."""

    join_questions_text = forms.CharField(
        label=_("Questions for people who ask to join"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One question per line, at most five. Used when the join policy is approval."),
    )
    chat_qr = MemberImageField(
        label=_("Chat QR code"),
        required=False,
        max_upload_size=settings.GROUP_IMAGE_MAX_UPLOAD_SIZE,
        max_image_pixels=settings.GROUP_IMAGE_MAX_PIXELS,
        resize_to=800,
    )

    class Meta:
        model = CommunityGroup
        fields = ["join_policy", "members_can_invite", "capacity", "chat_qr", "chat_instructions", "meeting_place"]
        widgets = {
            "join_policy": forms.RadioSelect,
            "chat_instructions": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
            "capacity": forms.NumberInput(attrs={"min": 2, "max": ABSOLUTE_MAX_GROUP_SIZE}),
        }

    def __init__(self, *args, max_capacity=ABSOLUTE_MAX_GROUP_SIZE, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_capacity = max_capacity
        self.fields["capacity"].help_text = _("At most %(max)d, and not below the current number of members.") % {
            "max": max_capacity
        }
        self.initial.setdefault("join_questions_text", "\n".join(self.instance.join_questions or []))

    def clean_join_questions_text(self):
        lines = [line.strip() for line in self.cleaned_data["join_questions_text"].splitlines() if line.strip()]
        if len(lines) > MAX_JOIN_QUESTIONS:
            raise forms.ValidationError(_("Ask at most %(n)d questions.") % {"n": MAX_JOIN_QUESTIONS})
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError(_("Keep each question under 200 characters."))
        return lines

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity > self.max_capacity:
            raise forms.ValidationError(_("A group can have at most %(max)d members.") % {"max": self.max_capacity})
        if capacity < self.instance.member_count:
            raise forms.ValidationError(
                ngettext(
                    "The group has %(n)d member; the capacity cannot go below that.",
                    "The group has %(n)d members; the capacity cannot go below that.",
                    self.instance.member_count,
                )
                % {"n": self.instance.member_count}
            )
        return capacity


class DecisionForm(forms.Form):
    ACTIONS = [("approve", pgettext_lazy("decision", "Approve")), ("reject", _("Reject"))]

    action = forms.ChoiceField(choices=ACTIONS)
    requests = forms.TypedMultipleChoiceField(coerce=int, choices=())
    reason = forms.CharField(label=_("Reason (sent to the member when rejecting)"), max_length=300, required=False)

    def __init__(self, *args, request_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requests"].choices = [(pk, pk) for pk in request_ids]
        self.fields["requests"].error_messages["required"] = _("Select at least one request.")


class MemberActionForm(forms.Form):
    ACTIONS = [
        ("promote", _("Make co-leader")),
        ("demote", _("Make member")),
        ("remove", pgettext_lazy("remove member", "Remove")),
        ("ban", _("Remove and ban")),
        ("transfer", _("Offer leadership")),
    ]

    action = forms.ChoiceField(choices=ACTIONS)
    member = forms.IntegerField(min_value=1)


class ActivityForm(forms.ModelForm):
    link = forms.URLField(
        label=_("link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("For online activities; shown to members only."),
    )

    class Meta:
        model = Activity
        fields = ["title", "mode", "starts_at", "ends_at", "place", "link", "description", "capacity"]
        widgets = {
            "mode": forms.RadioSelect,
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
            "capacity": forms.NumberInput(attrs={"min": 1, "max": 500}),
        }
        help_texts = {
            "capacity": _("Offline activities work best with 10 to 15 people, about half of them newcomers."),
        }

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and capacity > 500:
            raise forms.ValidationError(_("At most 500 people."))
        if capacity is not None and self.instance.pk and capacity < self.instance.rsvp_count:
            raise forms.ValidationError(
                ngettext(
                    "%(n)d member has signed up already; the capacity cannot go below that.",
                    "%(n)d members have signed up already; the capacity cannot go below that.",
                    self.instance.rsvp_count,
                )
                % {"n": self.instance.rsvp_count}
            )
        return capacity

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The end must come after the start."))
        if starts and not self.instance.pk and starts < timezone.now():
            self.add_error("starts_at", _("Choose a time in the future."))
        if starts and ends and ends - starts > timedelta(days=7):
            self.add_error("ends_at", _("An activity lasts at most a week."))
        if data.get("mode") == Activity.Mode.OFFLINE and not data.get("place"):
            self.add_error("place", _("Say where members should go."))
        if data.get("mode") == Activity.Mode.ONLINE and not data.get("link"):
            self.add_error("link", _("Give the link members will use to join."))
        return data


MAX_ACTIVITY_PHOTOS = 9


class ActivityReportForm(forms.Form):
    summary = forms.CharField(
        label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000})
    )
    feedback = forms.CharField(
        label=_("What members said"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )
    photos = MultipleImageField(
        label=_("Photos"),
        # Narrowed in __init__ by the photos the activity already has, so the count is refused before any decoding.
        max_files=MAX_ACTIVITY_PHOTOS,
        max_upload_size=settings.GROUP_IMAGE_MAX_UPLOAD_SIZE,
        max_image_pixels=settings.GROUP_IMAGE_MAX_PIXELS,
        resize_to=1600,
        help_text=_("Up to nine photos."),
    )

    def __init__(self, *args, existing_photos=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_photos = existing_photos
        self.fields["photos"].max_files = max(MAX_ACTIVITY_PHOTOS - existing_photos, 0)
        self.fields["photos"].too_many_message = _("An activity keeps at most nine photos.")


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"), max_length=8, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class SpinOffForm(forms.Form):
    name = forms.CharField(label=_("Name of the new group"), max_length=40)
    nominee = forms.TypedChoiceField(label=_("Its founder and leader"), coerce=int)
    message = forms.CharField(
        label=_("A note to the nominee"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].choices = [(member.pk, member.get_display_name()) for member in candidates]

    def clean_name(self):
        from .services import name_taken

        name = " ".join(self.cleaned_data["name"].split())
        if name_taken(name):
            raise forms.ValidationError(_("A group with this name exists already."))
        return name
