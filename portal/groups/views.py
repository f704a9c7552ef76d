"""Group pages and actions: views check who is asking, call a service, and render."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from website.core.params import choice_from, ids_from
from website.core.ratelimit import limited

from . import boards, leaders, services
from .forms import (
    DecisionForm,
    GroupApplicationForm,
    GroupProfileForm,
    GroupSettingsForm,
    JoinForm,
    MemberActionForm,
)
from .models import (
    CommunityGroup,
    GroupApplication,
    GroupRules,
    JoinRequest,
    LeadershipTransfer,
    Membership,
    SpinOff,
    Topic,
)

GROUPS_PER_PAGE = 24
MEMBERS_PER_PAGE = 30
REQUESTS_PER_PAGE = 30


# --- Directory and group page (served by GroupIndexPage's routes) ---------------------------------------------------


def group_list(request, index_page):
    groups = CommunityGroup.objects.active().select_related("topic")
    topics = list(Topic.objects.all())
    params = request.GET
    q = params.get("q", "").strip()[:50]
    topic = params.get("topic", "")[:50]
    city = params.get("city", "").strip()[:40]
    stage = choice_from(params.get("stage", ""), CommunityGroup.Stage.values)
    has_room = params.get("room") == "1"
    # Dormant groups (quiet for too long, closed to newcomers) are left out unless the visitor asks for them.
    with_dormant = params.get("dormant") == "1"
    sort = params.get("sort", "popular")
    if q:
        groups = groups.filter(Q(name__icontains=q) | Q(summary__icontains=q) | Q(city__icontains=q))
    if topic:
        groups = groups.filter(topic__slug=topic)
    if city:
        groups = groups.filter(city__icontains=city)
    if stage:
        groups = groups.filter(stage=stage)
    if has_room:
        groups = groups.with_room()
    if not with_dormant:
        groups = groups.filter(dormant=False)
    groups = groups.order_by("-founded_at", "-pk") if sort == "new" else groups.order_by("-member_count", "-pk")
    page_obj = Paginator(groups, GROUPS_PER_PAGE).get_page(params.get("page"))
    kept = {key: value for key, value in params.items() if key != "page" and value}
    return TemplateResponse(
        request,
        "groups/group_index_page.html",
        {
            "page": index_page,
            "self": index_page,
            "groups": page_obj,
            "topics": topics,
            "stages": CommunityGroup.Stage.choices,
            "filters": {
                "q": q,
                "topic": topic,
                "city": city,
                "stage": stage,
                "room": has_room,
                "dormant": with_dormant,
                "sort": sort,
            },
            "query_string": urlencode(kept),
        },
    )


def group_detail(request, index_page, slug):
    group = get_object_or_404(CommunityGroup.objects.select_related("topic"), slug=slug)
    members = top_members = None
    mine = None
    if request.user.is_authenticated:
        # A group never exceeds 100 members, so one query gives the list, the leaders and the visitor's own row.
        members = list(
            group.memberships.active().select_related("member__point_balance").order_by("role", "joined_at")
        )
        mine = next((m for m in members if m.member_id == request.user.pk), None)
    state = services.join_state(group, request.user, membership=mine)
    is_member = state.code in ("member", "leader")
    if is_member:
        leaders = [m for m in members if m.role != Membership.Role.MEMBER]
        top_members = boards.group_top_members(group)
    else:
        members = None
        leaders = list(
            Membership.objects.leading().filter(group=group).select_related("member__point_balance").order_by("role")
        )
    transfer = spin_off_offer = open_spin_off = None
    if request.user.is_authenticated and is_member:
        transfer = LeadershipTransfer.objects.filter(
            group=group, to_member=request.user, status=LeadershipTransfer.Status.PENDING
        ).first()
    if request.user.is_authenticated and (is_member or state.code == "waitlisted"):
        # One query for both: an offer to this member, and a sister group anyone may move to.
        for candidate in (
            SpinOff.objects.filter(from_group=group)
            .filter(
                Q(status=SpinOff.Status.PENDING, nominee=request.user)
                | Q(status=SpinOff.Status.ACCEPTED, new_group__status=CommunityGroup.Status.ACTIVE)
            )
            .select_related("new_group")
            .order_by("-created_at")
        ):
            if candidate.status == SpinOff.Status.PENDING:
                spin_off_offer = spin_off_offer or candidate
            else:
                open_spin_off = open_spin_off or candidate
        if not is_member:
            spin_off_offer = None
    upcoming_activities, past_activities = boards.group_activities(group)
    return TemplateResponse(
        request,
        "groups/group_detail.html",
        {
            "page": index_page,
            "self": index_page,
            "group": group,
            "state": state,
            "is_member": is_member,
            "leaders": leaders,
            "members": members,
            "top_members": top_members,
            "join_form": JoinForm(group=group) if state.code in ("request", "request_full") else None,
            "transfer": transfer,
            "spin_off_offer": spin_off_offer,
            "open_spin_off": open_spin_off,
            "upcoming_activities": upcoming_activities,
            "past_activities": past_activities,
        },
    )


def _group_or_404(slug):
    return get_object_or_404(CommunityGroup.objects.select_related("topic"), slug=slug)


def _back_to(group):
    return redirect(group.get_absolute_url())


# --- Joining --------------------------------------------------------------------------------------------------------


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


# --- Founding -------------------------------------------------------------------------------------------------------


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


# --- Leading --------------------------------------------------------------------------------------------------------


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
        _manage_context(group, membership, requests=page_obj, status=status, tab="requests"),
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
    rules = GroupRules.load()
    max_capacity = min(rules.max_group_size, 100)
    original_capacity = group.capacity
    form = GroupSettingsForm(request.POST or None, request.FILES or None, instance=group, max_capacity=max_capacity)
    if request.method == "POST" and form.is_valid():
        new_capacity = form.cleaned_data["capacity"]
        group.join_questions = form.cleaned_data["join_questions_text"]
        # Capacity is state guarded by a conditional update; the form saves everything else.
        group.capacity = original_capacity
        group.save(update_fields=["join_policy", "join_questions", "chat_qr", "chat_instructions", "meeting_place"])
        changed = {name: {"to": str(form.cleaned_data.get(name, ""))} for name in form.changed_data}
        try:
            if new_capacity != original_capacity:
                services.update_capacity(group, new_capacity)
        except services.GroupActionError as error:
            messages.error(request, str(error))
        else:
            services.record_profile_change(group, request.user, changed)
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


def league(request):
    """Groups ranked by points per member this month; public, like the directory."""
    return render(request, "groups/league.html", {"rows": boards.league()})


@login_required
def my_groups(request):
    memberships = (
        Membership.objects.active()
        .filter(member=request.user)
        .select_related("group", "group__topic")
        .order_by("-joined_at")
    )
    requests = JoinRequest.objects.filter(member=request.user).select_related("group").order_by("-created_at")[:50]
    applications = GroupApplication.objects.filter(applicant=request.user).select_related("group")[:20]
    return render(
        request,
        "groups/my_groups.html",
        {"memberships": memberships, "requests": requests, "applications": applications},
    )
