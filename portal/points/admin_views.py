"""Staff actions on points in the Wagtail admin: adjust, reverse, fulfil or cancel. Each goes through a service,
which also records it in the object's history."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from website.core.permissions import staff_permission_required

from . import services
from .forms import AdjustForm
from .models import PointEntry, Redemption


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


class HandleRedemptionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("fulfil", gettext_lazy("Sent: mark as fulfilled")), ("cancel", gettext_lazy("Cancel and refund"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=pgettext_lazy("staff note", "Note"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("E.g. the tracking number."),
    )

    def __init__(self, *args, reward=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reward is not None and not reward.is_posted:
            # Only posted rewards are "sent"; the member reads the note in their e-mail, so it carries the code.
            self.fields["decision"].choices = [
                ("fulfil", gettext_lazy("Issued: mark as fulfilled")),
                ("cancel", gettext_lazy("Cancel and refund")),
            ]
            self.fields["note"].help_text = gettext_lazy(
                "Sent to the member: e.g. the code, the ticket details, or how to collect or use it."
            )


@staff_permission_required("points.add_pointentry")
def adjust(request, pk):
    # Keyed by member, so staff can grant points to someone who has none yet (no balance row).
    member = get_object_or_404(get_user_model(), pk=pk)
    form = AdjustForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.adjust(
                member, form.cleaned_data["amount"], reason=form.cleaned_data["reason"], actor=request.user
            )
        except services.PointsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The adjustment has been recorded."))
            return redirect("points_pointbalance_modeladmin_index")
    return TemplateResponse(
        request, "points/admin/form.html", {"form": form, "title": _("Adjust points"), "subject": member}
    )


@staff_permission_required("points.add_pointentry")
def reverse_entry(request, pk):
    entry = get_object_or_404(PointEntry.objects.select_related("member", "rule"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reverse(entry, actor=request.user, reason=form.cleaned_data["reason"])
        except services.PointsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The entry has been reversed."))
            return redirect("points_pointentry_modeladmin_index")
    return TemplateResponse(
        request, "points/admin/form.html", {"form": form, "title": _("Reverse an entry"), "subject": entry}
    )


@staff_permission_required("points.change_redemption")
def handle_redemption(request, pk):
    redemption = get_object_or_404(Redemption.objects.select_related("member", "reward"), pk=pk)
    form = HandleRedemptionForm(request.POST or None, reward=redemption.reward)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if form.cleaned_data["decision"] == "fulfil":
                services.fulfil(redemption, request.user, note)
            else:
                services.cancel(redemption, request.user, note)
        except services.PointsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The redemption has been updated and the member told."))
            return redirect("points_redemption_modeladmin_index")
    return TemplateResponse(
        request,
        "points/admin/form.html",
        {"form": form, "title": _("Fulfil or cancel"), "subject": redemption, "redemption": redemption},
    )
