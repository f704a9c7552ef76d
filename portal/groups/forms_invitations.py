"""The form a leader or member fills in to make an invite link."""

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models.invitations import MAX_USES_LIMIT
from .services.invitations import LIFETIMES


class InvitationForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=lambda: [(days, ngettext("%(n)d day", "%(n)d days", days) % {"n": days}) for days in LIFETIMES],
        initial=7,
        widget=forms.RadioSelect,
    )
    max_uses = forms.IntegerField(
        label=_("How many people can use it"),
        min_value=1,
        max_value=MAX_USES_LIMIT,
        initial=10,
    )
    skip_approval = forms.BooleanField(
        label=_("Admit without approval"),
        required=False,
        help_text=_("People who accept this link join at once instead of waiting for the leaders' review."),
    )

    def __init__(self, *args, may_skip_approval=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_uses"].help_text = gettext("Between 1 and %(max)d.") % {"max": MAX_USES_LIMIT}
        if not may_skip_approval:
            del self.fields["skip_approval"]
