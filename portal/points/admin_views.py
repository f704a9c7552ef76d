"""Staff actions on points in the Wagtail admin: adjust, reverse, fulfil or cancel. Each goes through a service."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.log_actions import log

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


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def adjust(request, pk):
    _require(request, "points.add_pointentry")
    # Keyed by member, so staff can grant points to someone who has none yet (no balance row).
    member = get_object_or_404(get_user_model(), pk=pk)
    form = AdjustForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.adjust(
                member, form.cleaned_data["amount"], reason=form.cleaned_data["reason"], actor=request.user
            )
        except services.PointsError as error:
            form.add_error(None, str(error))
        else:
            log(instance=entry, action="points.adjust", user=request.user)
            messages.success(request, _("The adjustment has been recorded."))
            return redirect("points_pointbalance_modeladmin_index")
    return TemplateResponse(
        request, "points/admin/form.html", {"form": form, "title": _("Adjust points"), "subject": member}
    )


def reverse_entry(request, pk):
    _require(request, "points.add_pointentry")
    entry = get_object_or_404(PointEntry.objects.select_related("member", "rule"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reversal = services.reverse(entry, actor=request.user, reason=form.cleaned_data["reason"])
        except services.PointsError as error:
            form.add_error(None, str(error))
        else:
            log(instance=reversal, action="points.reverse", user=request.user)
            messages.success(request, _("The entry has been reversed."))
            return redirect("points_pointentry_modeladmin_index")
    return TemplateResponse(
        request, "points/admin/form.html", {"form": form, "title": _("Reverse an entry"), "subject": entry}
    )


def handle_redemption(request, pk):
    _require(request, "points.change_redemption")
    redemption = get_object_or_404(Redemption.objects.select_related("member", "reward"), pk=pk)
    form = HandleRedemptionForm(request.POST or None, reward=redemption.reward)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if form.cleaned_data["decision"] == "fulfil":
                services.fulfil(redemption, request.user, note)
                log(instance=redemption, action="points.redemption.fulfil", user=request.user)
            else:
                services.cancel(redemption, request.user, note)
                log(instance=redemption, action="points.redemption.cancel", user=request.user)
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
