"""Forms for redeeming rewards and for staff adjustments."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RedeemForm(forms.Form):
    recipient_name = forms.CharField(label=_("Recipient"), max_length=40)
    phone = forms.RegexField(
        label=_("Phone"),
        max_length=30,
        regex=r"^[0-9+\-\s()]{5,30}$",
        error_messages={"invalid": _("Enter a phone number using digits, spaces, +, - or brackets.")},
    )
    address = forms.CharField(label=_("Postal address"), max_length=200, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, needs_shipping=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_shipping:
            for name in ("recipient_name", "phone", "address"):
                del self.fields[name]


class AdjustForm(forms.Form):
    amount = forms.IntegerField(
        label=_("Points"), help_text=_("Positive to grant, negative to correct."), min_value=-100000, max_value=100000
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise forms.ValidationError(_("An adjustment needs a non-zero amount."))
        return amount
