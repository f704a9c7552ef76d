"""The insights dashboard in the Wagtail admin: the programme's numbers for a date range, charts and CSV exports."""

from datetime import timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from website.core import exports

from . import charts, metrics
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


def dashboard(request):
    if not request.user.has_perm("insights.view_insights"):
        raise PermissionDenied
    span = metrics.default_range()
    form = RangeForm(request.GET or None, initial={"start": span.start, "end": span.end})
    if request.GET and form.is_valid():
        span = metrics.Range(form.cleaned_data["start"], form.cleaned_data["end"])
    end_at = span.end_at
    export = request.GET.get("export")

    new_members = metrics.new_members_per_week(span)
    weekly_active = metrics.weekly_active_members(span)
    cohorts = metrics.retention_cohorts(span)
    by_activities, by_points = metrics.top_groups(span)
    changes = metrics.stage_changes(span)
    funnel = metrics.stage_funnel()
    tables = {
        "funnel": (
            [_("Stage"), pgettext("community group", "Groups")],
            [(str(label), n) for _value, label, n in funnel],
        ),
        "new-members": ([_("Week"), _("New members")], new_members),
        "weekly-active": ([_("Week"), _("Active members")], weekly_active),
        "retention": (
            [_("Cohort week"), _("Members")] + [_("Week %(n)d") % {"n": n} for n in range(12)],
            [(week, size, *[f"{share}%" for share in shares]) for week, size, shares in cohorts],
        ),
        "top-activities": ([pgettext("community group", "Group"), _("Activities"), _("Attendances")], by_activities),
        "top-points": ([pgettext("community group", "Group"), _("Points")], by_points),
        "stage-changes": (
            [_("When"), pgettext("community group", "Group"), _("From"), pgettext("stage change", "To"), _("By")],
            [(c.created_at, c.group.name, c.from_label, c.to_label, c.actor or _("evaluation")) for c in changes],
        ),
    }
    if export in tables:
        header, rows = tables[export]
        return exports.csv_response(f"insights-{export}", header, rows)

    with_activity, active_groups = metrics.groups_with_activity(end_at)
    churned, ever_active, churn_gap = metrics.churn(end_at)
    weeks = [week.strftime("%m-%d") for week, _n in new_members]
    context = {
        "form": form,
        "span": span,
        "figures": {
            "covered": metrics.members_covered(),
            "active_7d": metrics.active_members(end_at, 7),
            "active_28d": metrics.active_members(end_at, 28),
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
        "query": request.GET.urlencode().replace("&export=", "&_=") if request.GET else "",
    }
    return TemplateResponse(request, "insights/dashboard.html", context)
