"""A member's own moves: joining or asking to join, withdrawing a request, leaving, answering a leadership offer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from website.core.ratelimit import limited

from .. import services
from ..forms import JoinForm
from ..models import JoinRequest, LeadershipTransfer, Membership
from .common import _back_to, _group_or_404


@login_required
@limited("join")
def join(request, slug):
    group = _group_or_404(slug)
    # An open group's join button posts no fields; an empty POST must still bind the form.
    form = JoinForm(request.POST if request.method == "POST" else None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.request_to_join(group, request.user, form.answers())
        except services.GroupActionError as error:
            messages.error(request, str(error))
            return _back_to(group)
        if isinstance(result, Membership):
            messages.success(request, _("Welcome to %(group)s!") % {"group": group.name})
        elif result.status == JoinRequest.Status.WAITLISTED:
            messages.info(
                request, _("The group is full. You are on the waitlist and will be let in when a seat frees.")
            )
        else:
            messages.success(request, _("Your request has been sent to the group's leaders."))
        return _back_to(group)
    return render(request, "groups/join.html", {"group": group, "form": form})


@login_required
@require_POST
def withdraw(request, slug):
    group = _group_or_404(slug)
    join_request = JoinRequest.objects.filter(
        group=group, member=request.user, status__in=JoinRequest.OPEN_STATUSES
    ).first()
    if join_request is None:
        messages.error(request, _("You have no open request for this group."))
    else:
        try:
            services.withdraw_request(join_request, request.user)
        except services.GroupActionError as error:
            # A leader decided it a moment ago.
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your request has been withdrawn."))
    return _back_to(group)


@login_required
@require_POST
def leave(request, slug):
    group = _group_or_404(slug)
    try:
        services.leave_group(group, request.user)
    except services.GroupActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You have left %(group)s.") % {"group": group.name})
    return _back_to(group)


@login_required
@require_POST
def answer_transfer(request, pk):
    transfer = get_object_or_404(LeadershipTransfer.objects.select_related("group"), pk=pk, to_member=request.user)
    accept = request.POST.get("answer") == "accept"
    try:
        services.answer_leadership(transfer, request.user, accept=accept)
    except services.GroupActionError as error:
        messages.error(request, str(error))
    else:
        if accept:
            messages.success(request, _("You now lead %(group)s.") % {"group": transfer.group.name})
        else:
            messages.info(request, _("You declined the offer."))
    return _back_to(transfer.group)
