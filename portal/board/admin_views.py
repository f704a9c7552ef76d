"""The community team's decision on a board report in the Wagtail admin, through the same services as the leaders'
queue (which also record it in the report's admin history)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from website.core.permissions import staff_permission_required

from .models import Report
from .services.common import BoardError, viewer_for
from .services.moderation import MAX_REASON
from .services.reports import dismiss_report, same_content, uphold_report


class TeamDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("uphold", pgettext_lazy("report decision", "Hide the content")),
            ("dismiss", pgettext_lazy("report decision", "Dismiss the report")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=MAX_REASON,
        required=False,
        help_text=gettext_lazy("Required when hiding: the author sees it."),
    )


@staff_permission_required("board.change_report")
def handle_report(request, pk):
    report = get_object_or_404(
        Report.objects.select_related("group", "reporter", "post", "post__author", "comment", "comment__author"),
        pk=pk,
    )
    form = TeamDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        viewer = viewer_for(report.group, request.user)
        try:
            if form.cleaned_data["decision"] == "uphold":
                uphold_report(viewer, report, reason=form.cleaned_data["reason"])
                messages.success(request, _("The content is hidden and the author sees your reason."))
            else:
                dismiss_report(viewer, report, note=form.cleaned_data["reason"])
                messages.success(request, _("The report is dismissed."))
        except BoardError as error:
            form.add_error(None, str(error))
        else:
            return redirect("board_report_modeladmin_index")
    others = same_content(report).exclude(pk=report.pk).select_related("reporter")
    return TemplateResponse(
        request, "board/admin/handle_report.html", {"report": report, "form": form, "others": others}
    )
