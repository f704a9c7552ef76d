"""Activity pages and actions, the leaders' stage checklist and spin-off; views check access, call services, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from website.core import ratelimit
from website.core.params import choice_from, ids_from

from ..forms import ActivityForm, ActivityReportForm, CheckInForm, SpinOffForm
from ..models import Activity, ActivityPhoto, ActivityRSVP, Attendance, CommunityGroup, Membership, SpinOff, Topic
from ..notifications import activities as activity_notices
from ..services import GroupActionError, lifecycle, spinoff
from ..services import activities as activity_services
from .common import _group_or_404
from .manage import _manage_context, manager_required

ACTIVITIES_PER_PAGE = 20


def _activity_or_404(group, pk):
    return get_object_or_404(Activity.objects.select_related("group"), pk=pk, group=group)


def upcoming(request):
    """Site-wide upcoming activities with filters (topic, city, online/offline)."""
    activities = (
        Activity.objects.upcoming()
        .filter(group__status=CommunityGroup.Status.ACTIVE)
        .select_related("group", "group__topic")
        .order_by("starts_at", "pk")
    )
    topic = request.GET.get("topic", "")[:50]
    city = request.GET.get("city", "").strip()[:40]
    mode = choice_from(request.GET.get("mode", ""), Activity.Mode.values)
    if topic:
        activities = activities.filter(group__topic__slug=topic)
    if city:
        activities = activities.filter(group__city__icontains=city)
    if mode:
        activities = activities.filter(mode=mode)
    page_obj = Paginator(activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    kept = "&".join(f"{key}={value}" for key, value in (("topic", topic), ("city", city), ("mode", mode)) if value)
    return render(
        request,
        "groups/activities/upcoming.html",
        {
            "activities": page_obj,
            "topics": Topic.objects.all(),
            "modes": Activity.Mode.choices,
            "filters": {"topic": topic, "city": city, "mode": mode},
            "query_string": kept,
        },
    )


def activity_detail(request, slug, pk):
    group = _group_or_404(slug)
    activity = _activity_or_404(group, pk)
    user = request.user
    membership = (
        Membership.objects.filter(group=group, member=user, state=Membership.State.ACTIVE).first()
        if user.is_authenticated
        else None
    )
    manager = membership is not None and membership.can_manage
    context = {
        "group": group,
        "activity": activity,
        "membership": membership,
        "manager": manager,
        "photos": list(activity.photos.all()),
    }
    if membership is not None:
        context["rsvp"] = ActivityRSVP.objects.filter(activity=activity, member=user).first()
        context["attended"] = Attendance.objects.filter(activity=activity, member=user).exists()
        context["check_in_form"] = CheckInForm()
    if manager:
        present = set(Attendance.objects.filter(activity=activity).values_list("member_id", flat=True))
        going = set(
            ActivityRSVP.objects.filter(activity=activity, status=ActivityRSVP.Status.GOING).values_list(
                "member_id", flat=True
            )
        )
        roster = group.memberships.active().select_related("member").order_by("role", "member__display_name")
        context["roster"] = [(m, m.member_id in going, m.member_id in present) for m in roster]
        context["report_form"] = ActivityReportForm(
            initial={"summary": activity.report_summary, "feedback": activity.report_feedback}
        )
    return render(request, "groups/activities/detail.html", context)


@manager_required()
def activity_create(request, group, membership):
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.group = group
        activity.created_by = request.user
        activity.save()
        activity_notices.activity_new(activity)
        messages.success(request, _("The activity is published on the group's page."))
        return redirect(activity.get_absolute_url())
    return render(
        request, "groups/activities/form.html", _manage_context(group, membership, form=form, tab="activities")
    )


@manager_required()
def activity_edit(request, group, membership, pk):
    activity = _activity_or_404(group, pk)
    # Taken before the form writes the submitted values onto the activity.
    before = activity_notices.time_and_place(activity)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        form.save()
        if "starts_at" in form.changed_data:
            activity_services.sync_attendance_times(activity)
        activity_notices.activity_changed(activity, before, actor=request.user)
        messages.success(request, _("The activity has been updated."))
        return redirect(activity.get_absolute_url())
    return render(
        request,
        "groups/activities/form.html",
        _manage_context(group, membership, form=form, activity=activity, tab="activities"),
    )


@manager_required()
def manage_activities(request, group, membership):
    activities = group.activities.order_by("-starts_at")
    page_obj = Paginator(activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "groups/manage/activities.html",
        _manage_context(group, membership, activities=page_obj, tab="activities", now=timezone.now()),
    )


def _member_action(request, slug, pk, action, success):
    group = _group_or_404(slug)
    activity = _activity_or_404(group, pk)
    try:
        action(activity)
    except GroupActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(activity.get_absolute_url())


@login_required
@require_POST
@ratelimit.limited("rsvp")
def rsvp(request, slug, pk):
    return _member_action(
        request, slug, pk, lambda a: activity_services.rsvp(a, request.user), _("You are signed up. See you there!")
    )


@login_required
@require_POST
def cancel_rsvp(request, slug, pk):
    return _member_action(
        request, slug, pk, lambda a: activity_services.cancel_rsvp(a, request.user), _("Your place has been freed.")
    )


@login_required
@require_POST
def check_in(request, slug, pk):
    form = CheckInForm(request.POST)
    code = form.data.get("code", "")[:8]
    group = _group_or_404(slug)
    activity = _activity_or_404(group, pk)
    # Only failures count, per member and activity: a blocked member is refused even the right code until it expires.
    key = f"activity:{activity.pk}:{request.user.pk}"
    if ratelimit.is_blocked(request, "check_in_failed", key=key):
        return ratelimit.too_many_requests(request)
    try:
        activity_services.check_in_with_code(activity, request.user, code)
    except GroupActionError as error:
        ratelimit.hit(request, "check_in_failed", key=key)
        messages.error(request, str(error))
    else:
        messages.success(request, _("You are checked in. Enjoy!"))
    return redirect(activity.get_absolute_url())


@manager_required()
@require_POST
def take_attendance(request, group, membership, pk):
    activity = _activity_or_404(group, pk)
    ids = ids_from(request.POST.getlist("present"))
    try:
        added = activity_services.mark_attendance(activity, ids)
    except GroupActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, ngettext("%(n)d member marked present.", "%(n)d members marked present.", added) % {"n": added}
        )
    return redirect(activity.get_absolute_url())


@manager_required()
@require_POST
def remove_attendance(request, group, membership, pk):
    """Correct the list: a member ticked off by mistake. The newcomer flag and the points follow."""
    activity = _activity_or_404(group, pk)
    ids = ids_from([request.POST.get("member", "")])
    attendance = (
        Attendance.objects.filter(activity=activity, member_id=ids[0]).select_related("member").first()
        if ids
        else None
    )
    try:
        if attendance is None:
            raise GroupActionError(_("This member is not on the attendance list."))
        activity_services.remove_attendance(activity, attendance.member, actor=request.user)
    except GroupActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The attendance has been removed."))
    return redirect(activity.get_absolute_url())


@manager_required()
@require_POST
def file_report(request, group, membership, pk):
    activity = _activity_or_404(group, pk)
    form = ActivityReportForm(request.POST, request.FILES, existing_photos=activity.photos.count())
    if form.is_valid():
        try:
            activity_services.file_report(
                activity, request.user, summary=form.cleaned_data["summary"], feedback=form.cleaned_data["feedback"]
            )
        except GroupActionError as error:
            messages.error(request, str(error))
        else:
            for upload in form.cleaned_data["photos"]:
                ActivityPhoto.objects.create(activity=activity, image=upload, uploaded_by=request.user)
            messages.success(request, _("Thank you! The report is on the activity's page."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(activity.get_absolute_url())


@manager_required()
@require_POST
def cancel_activity(request, group, membership, pk):
    activity = _activity_or_404(group, pk)
    try:
        activity_services.cancel_activity(activity, actor=request.user)
    except GroupActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The activity is cancelled and those signed up have been told."))
    return redirect(activity.get_absolute_url())


# --- Stage checklist and spin-off -----------------------------------------------------------------------------------


@manager_required()
def manage_growth(request, group, membership):
    progress = lifecycle.progress_for(group)
    spin_form = None
    pending_spin_off = group.spin_offs.filter(status=SpinOff.Status.PENDING).select_related("nominee").first()
    if membership.role == Membership.Role.LEADER and spinoff.can_spin_off(group) and pending_spin_off is None:
        spin_form = SpinOffForm(candidates=spinoff.candidates(group) or [])
    return render(
        request,
        "groups/manage/growth.html",
        _manage_context(
            group,
            membership,
            progress=progress,
            spin_form=spin_form,
            pending_spin_off=pending_spin_off,
            can_spin_off=spinoff.can_spin_off(group),
            stage_changes=group.stage_changes.all()[:5],
            tab="growth",
        ),
    )


@manager_required(leader_only=True)
@require_POST
def start_spin_off(request, group, membership):
    candidates = Membership.objects.active().filter(group=group, role=Membership.Role.MEMBER).select_related("member")
    form = SpinOffForm(request.POST, candidates=[m.member for m in candidates])
    if form.is_valid():
        try:
            spinoff.offer(
                group,
                membership,
                nominee_id=form.cleaned_data["nominee"],
                name=form.cleaned_data["name"],
                message=form.cleaned_data["message"],
            )
        except GroupActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The nominee has been asked. The new group exists once they accept."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("groups:manage_growth", slug=group.slug)


@login_required
@require_POST
def answer_spin_off(request, pk):
    offer = get_object_or_404(SpinOff.objects.select_related("from_group"), pk=pk, nominee=request.user)
    accept = request.POST.get("answer") == "accept"
    try:
        result = spinoff.answer(offer, request.user, accept=accept)
    except GroupActionError as error:
        messages.error(request, str(error))
        return redirect(offer.from_group.get_absolute_url())
    if accept:
        messages.success(request, _("Your new group exists. Welcome, leader!"))
        return redirect(result.new_group.get_absolute_url())
    messages.info(request, _("You declined the offer."))
    return redirect(offer.from_group.get_absolute_url())


@login_required
@require_POST
def move_to_spin_off(request, pk):
    offer = get_object_or_404(SpinOff.objects.select_related("from_group", "new_group"), pk=pk)
    try:
        new_group = spinoff.move(offer, request.user)
    except GroupActionError as error:
        messages.error(request, str(error))
        return redirect(offer.from_group.get_absolute_url())
    messages.success(request, _("Welcome to %(group)s!") % {"group": new_group.name})
    return redirect(new_group.get_absolute_url())
