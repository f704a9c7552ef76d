"""The member dashboard's groups panel: a member's groups, open requests and applications with their states."""

from django.template.loader import render_to_string

from .models import GroupApplication, JoinRequest, Membership
from .services import pending_transfer_for


def groups_panel(request):
    user = request.user
    memberships = list(
        Membership.objects.active().filter(member=user).select_related("group").order_by("-joined_at")[:12]
    )
    requests = list(
        JoinRequest.objects.filter(member=user, status__in=JoinRequest.OPEN_STATUSES)
        .select_related("group")
        .order_by("-created_at")[:12]
    )
    applications = list(
        GroupApplication.objects.filter(applicant=user, status__in=GroupApplication.OPEN_STATUSES).order_by(
            "-created_at"
        )[:5]
    )
    return render_to_string(
        "groups/dashboard_panel.html",
        {
            "memberships": memberships,
            "requests": requests,
            "applications": applications,
            "transfer": pending_transfer_for(user),
        },
        request=request,
    )
