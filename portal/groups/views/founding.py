"""Founding a group: the application form (with the admission rules and similar groups) and the applicant's view
of it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from website.core.ratelimit import limited

from .. import services
from ..forms import GroupApplicationForm
from ..models import GroupApplication, GroupRules
from ..services import leaders


@login_required
@limited("found")
def found(request, pk=None):
    application = None
    if pk is not None:
        application = get_object_or_404(GroupApplication, pk=pk, applicant=request.user)
        if application.status != GroupApplication.Status.RETURNED:
            return redirect("groups:application", pk=application.pk)
    rules = GroupRules.load()
    form = GroupApplicationForm(request.POST or None, instance=application)
    similar = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        similar = services.similar_groups(data["name"], data["topic"], data["city"])
        if similar and not data.get("confirm_distinct"):
            form.add_error(
                "confirm_distinct",
                _("Similar groups exist. Look at them, then confirm that yours is different."),
            )
        else:
            fields = {key: data[key] for key in GroupApplicationForm.Meta.fields}
            try:
                submitted = services.submit_application(request.user, application=application, **fields)
            except services.GroupActionError as error:
                form.add_error(None, str(error))
            else:
                submitted.refresh_from_db()
                if submitted.status == GroupApplication.Status.APPROVED:
                    messages.success(request, _("Your group is live. Invite your first members!"))
                    return redirect(submitted.group.get_absolute_url())
                messages.success(request, _("Your application has been sent to the community team."))
                return redirect("groups:application", pk=submitted.pk)
    # A leader accepted through recruitment founds without the admission rules: tell them so, not what they "fail".
    credit = leaders.founding_credit(request.user)
    return render(
        request,
        "groups/found.html",
        {
            "form": form,
            "checks": [] if credit else services.admission_checks(request.user, rules),
            "founding_credit": credit,
            "rules": rules,
            "similar": similar,
            "application": application,
        },
    )


@login_required
def application_detail(request, pk):
    application = get_object_or_404(
        GroupApplication.objects.select_related("topic", "group"), pk=pk, applicant=request.user
    )
    return render(request, "groups/application_detail.html", {"application": application})
