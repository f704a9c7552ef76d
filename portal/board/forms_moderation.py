"""Forms of the moderation pages: reporting, handling a report, muting, the board's settings and tags.

The forms check shape (lengths, choices); the rules (who may, how many, once only) stay in the services.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.accounts.display import real_name
from portal.groups.models import Membership

from .models import BoardSettings, Report
from .services.moderation import MAX_MUTE_DAYS, MAX_REASON
from .services.reports import MAX_DETAIL


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    detail = forms.CharField(
        label=_("Anything the leaders should know (optional)"),
        required=False,
        max_length=MAX_DETAIL,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerateForm(forms.Form):
    ACTIONS = ["pin", "unpin", "feature", "unfeature", "lock", "unlock", "hide", "unhide"]
    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    reason = forms.CharField(required=False, max_length=MAX_REASON)


class HandleReportForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("uphold", pgettext_lazy("report decision", "Hide the content")),
            ("dismiss", pgettext_lazy("report decision", "Dismiss the report")),
        ]
    )
    reason = forms.CharField(
        label=_("Reason shown to the author (when hiding)"), required=False, max_length=MAX_REASON
    )


class MuteForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Member"),
        queryset=get_user_model().objects.none(),
        empty_label=pgettext_lazy("board mute", "Choose a member"),
    )
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=MAX_MUTE_DAYS, initial=3)
    reason = forms.CharField(label=_("Reason shown to the member"), max_length=MAX_REASON)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        # Members only: leaders and co-leaders cannot be muted (the service says so too).
        members = Membership.objects.active().filter(group=group, role=Membership.Role.MEMBER).values("member_id")
        self.fields["member"].queryset = get_user_model().objects.filter(pk__in=members).order_by("display_name")
        # Leaders act on the names members chose; a member without one is "Member #id", never their e-mail address.
        self.fields["member"].label_from_instance = real_name


class VisibilityForm(forms.ModelForm):
    class Meta:
        model = BoardSettings
        fields = ["visibility"]
        widgets = {"visibility": forms.RadioSelect}
