"""Reviewing applications in the Wagtail admin: one call's applications, bulk decisions, notes, revocations."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from website.core.params import ids_from
from website.core.permissions import staff_permission_required

from . import services
from .models import Application, RecruitmentCallPage


class BulkDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("shortlisted", gettext_lazy("Shortlist")),
            ("accepted", gettext_lazy("Accept")),
            ("rejected", gettext_lazy("Reject")),
        ],
    )
    note = forms.CharField(label=gettext_lazy("Note for the team"), max_length=300, required=False)


@staff_permission_required("recruitment.change_application")
def review_call(request, pk):
    call = get_object_or_404(RecruitmentCallPage, pk=pk)
    status = request.GET.get("status", "")
    applications = call.applications.select_related("member").order_by("created_at")
    if status in Application.Status.values:
        applications = applications.filter(status=status)
    form = BulkDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ids = ids_from(request.POST.getlist("applications"))
        chosen = list(call.applications.filter(pk__in=ids))
        if not chosen:
            messages.error(request, _("Select at least one application."))
        else:
            done, over = services.decide(chosen, request.user, form.cleaned_data["action"], form.cleaned_data["note"])
            messages.success(request, _("%(n)d applications updated.") % {"n": done})
            if over:
                messages.warning(request, _("%(n)d not accepted: the quota is full.") % {"n": over})
        return redirect(request.get_full_path())
    return TemplateResponse(
        request,
        "recruitment/admin/review.html",
        {
            "call": call,
            "applications": applications[:500],
            "form": form,
            "status": status,
            "statuses": Application.Status.choices,
            "accepted": services.accepted_count(call),
        },
    )


@staff_permission_required("recruitment.change_application")
def revoke(request, member_pk, what):
    member = get_object_or_404(get_user_model(), pk=member_pk)
    if request.method == "POST":
        if what == "leader":
            services.revoke_leader(member, request.user)
        else:
            services.revoke_lecturer(member, request.user)
        messages.success(request, _("Revoked."))
        return redirect("recruitment_application_modeladmin_index")
    return TemplateResponse(request, "recruitment/admin/revoke.html", {"member": member, "what": what})
