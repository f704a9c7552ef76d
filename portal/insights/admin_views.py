"""The insights dashboard, a custom staff view in the Wagtail admin: the programme's numbers for a date range,
charts and CSV exports."""

import functools
from datetime import timedelta

from django import forms
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from website.core import exports
from website.core.permissions import staff_permission_required

from . import charts, metrics, snapshots, winback
from .models import DailySnapshot

MAX_RANGE_DAYS = 366


class RangeForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=pgettext_lazy("date range", "To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end must come after the start."))
            if (end - start).days > MAX_RANGE_DAYS:
                raise forms.ValidationError(_("Choose at most a year."))
            if end > timezone.localdate():
                data["end"] = timezone.localdate()
        return data


@staff_permission_required("insights.view_insights")
def dashboard(request):
    span = metrics.default_range()
    form = RangeForm(request.GET or None, initial={"start": span.start, "end": span.end})
    if request.GET and form.is_valid():
        span = metrics.Range(form.cleaned_data["start"], form.cleaned_data["end"])
    end_at = span.end_at
    # The series come from the daily snapshots (ParticipationDay up to the latest one, live rows after it).
    until = functools.cache(snapshots.covered_until)
    tables = {
        "funnel": lambda: (
            [_("Stage"), pgettext("community group", "Groups")],
            [(str(label), n) for _value, label, n in metrics.stage_funnel()],
        ),
        "new-members": lambda: ([_("Week"), _("New members")], metrics.new_members_per_week(span)),
        "weekly-active": lambda: (
            [_("Week"), _("Active members")],
            snapshots.weekly_active_members(span, until=until()),
        ),
        "retention": lambda: (
            [_("Cohort week"), _("Members")] + [_("Week %(n)d") % {"n": n} for n in range(12)],
            [
                (week, size, *[f"{share}%" for share in shares])
                for week, size, shares in snapshots.retention_cohorts(span, until=until())
            ],
        ),
        "top-activities": lambda: (
            [pgettext("community group", "Group"), _("Activities"), _("Attendances")],
            metrics.top_activities(span),
        ),
        "top-points": lambda: ([pgettext("community group", "Group"), _("Points")], metrics.top_points(span)),
        "stage-changes": lambda: (
            [_("When"), pgettext("community group", "Group"), _("From"), pgettext("stage change", "To"), _("By")],
            [
                (c.created_at, c.group.name, c.from_label, c.to_label, c.actor or _("evaluation"))
                for c in metrics.stage_changes(span)
            ],
        ),
    }
    export = request.GET.get("export")
    if export in tables:
        # Only the table asked for is computed.
        header, rows = tables[export]()
        return exports.csv_response(f"insights-{export}", header, rows)

    new_members = metrics.new_members_per_week(span)
    weekly_active = snapshots.weekly_active_members(span, until=until())
    cohorts = snapshots.retention_cohorts(span, until=until())
    by_activities, by_points = metrics.top_groups(span)
    changes = metrics.stage_changes(span)
    funnel = metrics.stage_funnel()
    with_activity, active_groups = metrics.groups_with_activity(end_at)
    churned, ever_active, churn_gap = snapshots.churn(span.end, until=until())
    weeks = [week.strftime("%m-%d") for week, _n in new_members]
    context = {
        "form": form,
        "span": span,
        "figures": {
            "covered": metrics.members_covered(),
            "active_7d": snapshots.active_members(span.end, 7, until=until()),
            "active_28d": snapshots.active_members(span.end, 28, until=until()),
            "with_activity": with_activity,
            "active_groups": active_groups,
            "with_activity_share": round(100 * with_activity / active_groups) if active_groups else 0,
            "churned": churned,
            "ever_active": ever_active,
            "churn_share": round(100 * churned / ever_active) if ever_active else 0,
            "churn_gap": churn_gap,
        },
        "funnel_chart": charts.bar_list([(label, n) for _value, label, n in funnel]),
        "growth_chart": charts.line_chart(
            _("New and active members per week"),
            weeks,
            [n for _week, n in new_members],
            [n for _week, n in weekly_active],
            names=(_("New members"), _("Active members")),
        ),
        "cohorts": cohorts,
        "cohort_rows": [
            (week, size, [(share, *charts.heat_shade(share)) for share in shares]) for week, size, shares in cohorts
        ],
        "by_activities": by_activities,
        "by_points": by_points,
        "changes": changes,
        "snapshots": DailySnapshot.objects.filter(date__gte=span.start - timedelta(days=1), date__lte=span.end)[:60],
        "covered_until": until(),
        "win_back": winback.figures(),
        "query": request.GET.urlencode().replace("&export=", "&_=") if request.GET else "",
    }
    return TemplateResponse(request, "insights/dashboard.html", context)
