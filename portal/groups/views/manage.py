"""The leaders' pages of a group: overview, requests, members, settings and archiving; each checks the caller
leads the group (``manager_required``), calls a service and renders."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from website.core.params import ids_from

from .. import services
from ..forms import DecisionForm, GroupProfileForm, GroupSettingsForm, MemberActionForm
from ..models import GroupRules, JoinRequest, LeadershipTransfer, Membership
from ..services.group_settings import SETTINGS_FIELDS
from .common import _group_or_404

MEMBERS_PER_PAGE = 30


REQUESTS_PER_PAGE = 30


def manager_required(leader_only=False):
    """Load the group and the caller's leader/co-leader membership; 403 for anyone else, login for visitors."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, slug, *args, **kwargs):
            group = _group_or_404(slug)
            membership = services.managing_membership(group, request.user)
            if membership is None or (leader_only and membership.role != Membership.Role.LEADER):
                raise PermissionDenied
            if not group.is_active and request.method == "POST":
                messages.error(request, _("This group is archived."))
                return redirect("groups:manage", slug=group.slug)
            return view(request, group, membership, *args, **kwargs)

        return wrapped

    return decorator


def _manage_context(group, membership, **extra):
    return {
        "group": group,
        "membership": membership,
        "pending_count": group.join_requests.filter(status=JoinRequest.Status.PENDING).count(),
        **extra,
    }


@manager_required()
def manage(request, group, membership):
    """The manage area's front: edit the profile."""
    original = {name: getattr(group, name) for name in GroupProfileForm.Meta.fields}
    form = GroupProfileForm(request.POST or None, request.FILES or None, instance=group)
    if request.method == "POST" and form.is_valid():
        form.save()
        changed = {
            name: {"from": str(original[name] or ""), "to": str(getattr(group, name) or "")}
            for name in form.changed_data
        }
        services.record_profile_change(group, request.user, changed)
        messages.success(request, _("The group's profile has been saved."))
        return redirect("groups:manage", slug=group.slug)
    return render(request, "groups/manage/profile.html", _manage_context(group, membership, form=form, tab="profile"))


@manager_required()
def manage_requests(request, group, membership):
    status = request.GET.get("status", JoinRequest.Status.PENDING)
    if status not in (JoinRequest.Status.PENDING, JoinRequest.Status.WAITLISTED):
        status = JoinRequest.Status.PENDING
    queue = (
        group.join_requests.filter(status=status)
        .select_related("member")
        .order_by("waitlisted_at" if status == JoinRequest.Status.WAITLISTED else "created_at", "pk")
    )
    page_obj = Paginator(queue, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    if request.method == "POST":
        ids = ids_from(request.POST.getlist("requests"))
        form = DecisionForm(request.POST, request_ids=ids)
        if form.is_valid():
            chosen = list(
                group.join_requests.filter(
                    pk__in=form.cleaned_data["requests"], status=JoinRequest.Status.PENDING
                ).select_related("member")
            )
            if form.cleaned_data["action"] == "approve":
                admitted, waitlisted = services.approve_requests(group, request.user, chosen)
                messages.success(
                    request,
                    _("%(admitted)d approved, %(waitlisted)d put on the waitlist.")
                    % {"admitted": admitted, "waitlisted": waitlisted},
                )
            else:
                rejected = services.reject_requests(group, request.user, chosen, form.cleaned_data["reason"])
                messages.success(request, _("%(n)d rejected.") % {"n": rejected})
            return redirect("groups:manage_requests", slug=group.slug)
        messages.error(request, _("Select at least one request and an action."))
    return render(
        request,
        "groups/manage/requests.html",
        _manage_context(
            group,
            membership,
            requests=page_obj,
            status=status,
            showing_waitlist=status == JoinRequest.Status.WAITLISTED,
            tab="requests",
        ),
    )


@manager_required()
def manage_members(request, group, membership):
    if request.method == "POST":
        form = MemberActionForm(request.POST)
        if form.is_valid():
            action, member_id = form.cleaned_data["action"], form.cleaned_data["member"]
            try:
                if action == "promote":
                    services.set_role(group, membership, member_id, Membership.Role.CO_LEADER)
                elif action == "demote":
                    services.set_role(group, membership, member_id, Membership.Role.MEMBER)
                elif action in ("remove", "ban"):
                    services.remove_member(group, membership, member_id, ban=action == "ban")
                elif action == "transfer":
                    services.offer_leadership(group, membership, member_id)
            except services.GroupActionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Done."))
        else:
            messages.error(request, _("That action is not available."))
        return redirect(f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path)
    q = request.GET.get("q", "").strip()[:50]
    members = group.memberships.active().select_related("member").order_by("role", "joined_at")
    if q:
        # Names only: leaders never see members' e-mail addresses, so a search must not confirm one either.
        members = members.filter(member__display_name__icontains=q)
    page_obj = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    pending_transfer = (
        group.leadership_transfers.filter(status=LeadershipTransfer.Status.PENDING).select_related("to_member").first()
    )
    return render(
        request,
        "groups/manage/members.html",
        _manage_context(group, membership, members=page_obj, q=q, tab="members", pending_transfer=pending_transfer),
    )


@manager_required()
def manage_settings(request, group, membership):
    form = GroupSettingsForm(
        request.POST or None, request.FILES or None, instance=group, max_capacity=GroupRules.load().capacity_limit
    )
    if request.method == "POST" and form.is_valid():
        group.join_questions = form.cleaned_data["join_questions_text"]
        try:
            services.update_group_settings(
                group,
                membership,
                # The form has put its values on the group; the service saves them with the capacity, or nothing.
                settings={name: getattr(group, name) for name in SETTINGS_FIELDS},
                capacity=form.cleaned_data["capacity"],
                changed={name: {"to": str(form.cleaned_data.get(name, ""))} for name in form.changed_data},
            )
        except services.GroupActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Settings saved."))
        return redirect("groups:manage_settings", slug=group.slug)
    return render(
        request, "groups/manage/settings.html", _manage_context(group, membership, form=form, tab="settings")
    )


@manager_required(leader_only=True)
@require_POST
def manage_archive(request, group, membership):
    if request.POST.get("confirm") != group.name:
        messages.error(request, _("Type the group's name to confirm."))
        return redirect("groups:manage_settings", slug=group.slug)
    try:
        services.archive_group(group, request.user)
    except services.GroupActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The group has been archived."))
    return redirect(group.get_absolute_url())
