"""Staff decisions in the Wagtail admin: founding applications and archiving groups; each goes through a service."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from website.core.permissions import staff_permission_required

from . import services
from .models import CommunityGroup, GroupApplication, StageProposal
from .services import lifecycle


class ApplicationDecisionForm(forms.Form):
    DECISIONS = [
        ("approve", gettext_lazy("Approve and found the group")),
        ("return", gettext_lazy("Return for changes")),
        ("reject", gettext_lazy("Reject")),
    ]
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label=gettext_lazy("Note to the applicant"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Required when returning or rejecting."),
    )


@staff_permission_required("groups.change_groupapplication")
def decide_application(request, pk):
    application = get_object_or_404(GroupApplication.objects.select_related("applicant", "topic"), pk=pk)
    form = ApplicationDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "approve":
                group = services.approve_application(application, reviewer=request.user, note=note)
                messages.success(request, _("“%(name)s” has been founded.") % {"name": group.name})
            else:
                status = GroupApplication.Status.RETURNED if decision == "return" else GroupApplication.Status.REJECTED
                services.decide_application(application, request.user, status=status, note=note)
                messages.success(request, _("The applicant has been told."))
        except services.GroupActionError as error:
            form.add_error(None, str(error))
        else:
            return redirect("groups_groupapplication_modeladmin_index")
    return TemplateResponse(
        request,
        "groups/admin/decide_application.html",
        {
            "application": application,
            "form": form,
            "checks": services.admission_checks(application.applicant, name=None),
            "similar": services.similar_groups(application.name, application.topic, application.city),
        },
    )


@staff_permission_required("groups.change_communitygroup")
def archive_group(request, pk):
    group = get_object_or_404(CommunityGroup, pk=pk)
    if request.method == "POST":
        try:
            services.archive_group(group, request.user, by_staff=True)
        except services.GroupActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("“%(name)s” has been archived.") % {"name": group.name})
        return redirect("groups_communitygroup_modeladmin_index")
    return TemplateResponse(request, "groups/admin/archive_group.html", {"group": group})


class ProposalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("confirm", gettext_lazy("Confirm: promote to core")), ("decline", gettext_lazy("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=pgettext_lazy("staff note", "Note"), max_length=300, required=False)


@staff_permission_required("groups.change_stageproposal")
def decide_proposal(request, pk):
    proposal = get_object_or_404(StageProposal.objects.select_related("group"), pk=pk)
    form = ProposalDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.decide_proposal(
                proposal,
                request.user,
                confirm=form.cleaned_data["decision"] == "confirm",
                note=form.cleaned_data["note"],
            )
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The decision has been recorded and the leaders told."))
            return redirect("groups_stageproposal_modeladmin_index")
    return TemplateResponse(
        request,
        "groups/admin/decide_proposal.html",
        {"proposal": proposal, "form": form, "labels": lifecycle.METRIC_LABELS},
    )


class SetStageForm(forms.Form):
    stage = forms.ChoiceField(label=gettext_lazy("New stage"), choices=CommunityGroup.Stage.choices)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


@staff_permission_required("groups.change_communitygroup")
def set_stage(request, pk):
    group = get_object_or_404(CommunityGroup, pk=pk)
    form = SetStageForm(request.POST or None, initial={"stage": group.stage})
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.set_stage_by_hand(group, form.cleaned_data["stage"], request.user, form.cleaned_data["reason"])
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The stage has been changed and the change recorded."))
            return redirect("groups_communitygroup_modeladmin_index")
    return TemplateResponse(request, "groups/admin/set_stage.html", {"group": group, "form": form})
