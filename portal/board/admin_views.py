"""The community team's decision on a board report in the Wagtail admin, through the same services as the leaders'
queue (which also record it in the report's admin history and the group's moderation log).

The screen shows what the decision needs: the content and its author, the group, the reason, how long it has waited,
the other open reports that the decision closes with it and the earlier decisions on the same content. When someone
decided first, the answer says who and what, and nothing changes.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from website.core.permissions import staff_permission_required

from .models import Report
from .services.admin_queue import DISMISS, UPHOLD, decide
from .services.common import BoardError
from .services.moderation import MAX_REASON
from .services.reports import same_content

QUEUE = "board_report_modeladmin_index"


class TeamDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("report decision", "Decision"),
        choices=[
            (UPHOLD, pgettext_lazy("report decision", "Hide the content")),
            (DISMISS, pgettext_lazy("report decision", "Dismiss the report")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=pgettext_lazy("report decision", "Reason"),
        max_length=MAX_REASON,
        required=False,
        help_text=gettext_lazy("Required when hiding: the author sees it."),
    )


def decided_message(report):
    """Who decided ``report``, when and how: the answer to someone who tried to decide it too."""
    return pgettext("report decision", "%(who)s decided this report at %(when)s: %(outcome)s.") % {
        "who": report.handled_by or "-",
        "when": date_format(timezone.localtime(report.handled_at), "SHORT_DATETIME_FORMAT")
        if report.handled_at
        else "-",
        "outcome": report.get_status_display(),
    }


def _reports_on_content(report):
    """The other reports on the same content: open ones (closed with this one) and decided ones, newest first."""
    others = list(
        same_content(report).exclude(pk=report.pk).select_related("reporter", "handled_by").order_by("-created_at")
    )
    return [row for row in others if row.is_open], [row for row in others if not row.is_open]


@staff_permission_required("board.change_report")
def handle_report(request, pk):
    report = get_object_or_404(
        Report.objects.select_related(
            "group", "reporter", "handled_by", "post", "post__author", "comment", "comment__author"
        ),
        pk=pk,
    )
    form = TeamDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            decide(request.user, report, decision, form.cleaned_data["reason"])
        except BoardError as error:
            # Refused, e.g. decided by someone else first: the page shows why, and that decision.
            report.refresh_from_db()
            form.add_error(None, str(error))
        else:
            if decision == UPHOLD:
                messages.success(request, _("The content is hidden and the author sees your reason."))
            else:
                messages.success(request, _("The report is dismissed."))
            return redirect(QUEUE)
    open_others, decided = _reports_on_content(report)
    context = {
        "report": report,
        "form": form,
        "open_others": open_others,
        "decided": decided,
        "waited": timesince(report.created_at, timezone.now()),
        "decided_message": "" if report.is_open else decided_message(report),
        "queue_url": reverse(QUEUE),
    }
    return TemplateResponse(request, "board/admin/handle_report.html", context)
