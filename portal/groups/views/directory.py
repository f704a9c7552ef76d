"""The directory and each group's page (served by GroupIndexPage's routes: the page hands the request here), the
league of groups and a member's own groups."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from wagtail import hooks

from website.core.params import choice_from

from .. import boards, services
from ..forms import JoinForm
from ..models import (
    CommunityGroup,
    GroupApplication,
    JoinRequest,
    LeadershipTransfer,
    Membership,
    SpinOff,
    Topic,
)

GROUPS_PER_PAGE = 24


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


def page_sections(request, group, is_member):
    """HTML that apps above groups add to the group page (the board's pinned and latest posts) through the
    "group_page_sections" hook: functions (request, group, is_member) -> HTML or "". Groups imports none of them.
    The page is cached for anonymous visitors, so a section may vary on ``is_member`` but not on who is looking."""
    return [html for hook in hooks.get_hooks("group_page_sections") if (html := hook(request, group, is_member))]


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
            "page_sections": page_sections(request, group, is_member),
        },
    )


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
