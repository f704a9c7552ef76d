"""The community team's view of board reports in the admin: which rows its queue lists, what each row carries about
the reported content, and a decision taken there.

The queue lists one row per reported post or comment (its earliest report in the chosen state), so content reported
five times is decided once; each row carries how many reports on the same content are open and how many were decided
before. Everything is a query: the listing pages in SQL and costs the same for 5 rows or 5,000.
"""

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import ESCALATE_AFTER, Report
from .common import viewer_for
from .reports import dismiss_report, uphold_report

__all__ = ["STATES", "UPHOLD", "DISMISS", "state_filter", "in_state", "with_counts", "decide"]

UPHOLD, DISMISS = "uphold", "dismiss"

#: The queue's states; "team" (open and the team's to decide) is the default.
STATES = ("team", "leaders", "upheld", "dismissed")


def state_filter(state, now=None):
    """The condition for one of STATES: the team's open reports (the default), open ones still with the leaders,
    or decided ones. The same rule as ``Report.objects.for_team()``."""
    cutoff = (now or timezone.now()) - ESCALATE_AFTER
    if state == "leaders":
        return Q(status=Report.Status.OPEN, to_team=False, created_at__gt=cutoff)
    if state == "upheld":
        return Q(status=Report.Status.UPHELD)
    if state == "dismissed":
        return Q(status=Report.Status.DISMISSED)
    return Q(status=Report.Status.OPEN) & (Q(to_team=True) | Q(created_at__lte=cutoff))


def in_state(queryset, state, now=None):
    """``queryset`` narrowed to the state, one row per reported post or comment (its earliest report there)."""
    condition = state_filter(state, now)
    earlier = _same_content_as_outer(Report.objects.filter(condition)).filter(pk__lt=OuterRef("pk"))
    return queryset.filter(condition).filter(~Exists(earlier))


def _same_content_as_outer(queryset):
    """Reports on the outer row's content. A post's own reports have no comment: 0 stands for "the post itself", so
    one equality compares contents."""
    return queryset.alias(content_key=Coalesce("comment_id", 0)).filter(
        post_id=OuterRef("post_id"), content_key=Coalesce(OuterRef("comment_id"), 0)
    )


def _count(queryset):
    counted = _same_content_as_outer(queryset).order_by().values("post_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_counts(queryset):
    """Annotate ``open_on_content`` and ``decided_on_content``: the reports on the same content, open and decided."""
    return queryset.annotate(
        open_on_content=_count(Report.objects.open()),
        decided_on_content=_count(Report.objects.filter(~Q(status=Report.Status.OPEN))),
    )


@transaction.atomic
def decide(user, report, decision, reason):
    """A staff member hides the reported content (``reason`` shown to its author) or dismisses the report.

    The services lock every report on the same content in primary-key order, so two people deciding two reports on
    the same content queue up, and check again under the lock: a report already decided raises BoardError.
    """
    viewer = viewer_for(report.group, user)
    if decision == UPHOLD:
        return uphold_report(viewer, report, reason=reason)
    return dismiss_report(viewer, report, note=reason)
