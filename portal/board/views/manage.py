"""The leaders' pages of a board: the report queue, mutes, the moderation log and the board's settings.

Leaders and co-leaders of the group (and staff) only; everyone else gets 403. Lists paginate in SQL.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms_moderation import HandleReportForm, MuteForm, VisibilityForm
from ..models import MAX_TAGS, BoardTag, ModerationAction, Mute, Report
from ..services import board_settings as settings_services
from ..services.common import BoardError
from ..services.moderation import mute_member, unmute_member
from ..services.reports import dismiss_report, uphold_report
from .moderation import board_view

LOG_PER_PAGE = 50
REPORTS_PER_PAGE = 30
#: How long handled reports stay in the leaders' queue, under the open ones.
RECENTLY = timedelta(days=14)


def _context(group, viewer, tab, **extra):
    return {"group": group, "viewer": viewer, "tab": tab, **extra}


def _report_rows(queryset):
    return queryset.select_related("reporter", "post", "post__author", "comment", "comment__author", "handled_by")


def leaders_queue(group):
    """Open reports the group's leaders handle: everything but the reports on a leader's own content."""
    return Report.objects.open().filter(group=group, to_team=False)


@board_view(moderator=True)
def reports(request, group, viewer):
    queue = leaders_queue(group) if not request.user.is_staff else Report.objects.open().filter(group=group)
    page = Paginator(_report_rows(queue.order_by("created_at", "id")), REPORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    handled = _report_rows(
        Report.objects.filter(group=group, handled_at__gte=timezone.now() - RECENTLY).order_by("-handled_at", "-id")
    )[:20]
    context = _context(group, viewer, "reports", reports=page, handled=handled, form=HandleReportForm())
    return render(request, "board/manage/reports.html", context)


@require_POST
@board_view(moderator=True)
def handle_report(request, group, viewer, pk):
    report = get_object_or_404(Report, group=group, pk=pk)
    form = HandleReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the report."))
        return redirect("board:reports", slug=group.slug)
    try:
        if form.cleaned_data["action"] == "uphold":
            uphold_report(viewer, report, reason=form.cleaned_data["reason"])
            messages.success(request, _("The content is hidden and the author sees your reason."))
        else:
            dismiss_report(viewer, report, note=form.cleaned_data["reason"])
            messages.success(request, _("The report is dismissed."))
    except BoardError as error:
        messages.error(request, str(error))
    return redirect("board:reports", slug=group.slug)


@board_view(moderator=True)
def mutes(request, group, viewer):
    form = MuteForm(request.POST if request.method == "POST" else None, group=group)
    if request.method == "POST" and request.POST.get("action") == "unmute":
        member = get_user_model().objects.filter(pk=_int(request.POST.get("member"))).first()
        try:
            if member is None:
                raise BoardError(_("This member is not muted."))
            unmute_member(viewer, member)
        except BoardError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The member can write on the board again."))
        return redirect("board:mutes", slug=group.slug)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mute_member(viewer, data["member"], days=data["days"], reason=data["reason"])
        except BoardError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The member is muted in this group."))
            return redirect("board:mutes", slug=group.slug)
    current = Mute.objects.current().filter(group=group).select_related("member", "created_by").order_by("until")
    return render(request, "board/manage/mutes.html", _context(group, viewer, "mutes", form=form, mutes=current))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@board_view(moderator=True)
def log(request, group, viewer):
    actions = ModerationAction.objects.filter(group=group).select_related("actor", "member", "post", "comment")
    page = Paginator(actions, LOG_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "board/manage/log.html", _context(group, viewer, "log", actions=page))


def _settings_action(request, viewer):
    """One POST of the settings page: the visibility, or one change to the tags."""
    action, tag_id = request.POST.get("action", ""), _int(request.POST.get("tag"))
    tag = BoardTag.objects.filter(group=viewer.group, pk=tag_id).first() if tag_id else None
    if action == "visibility":
        form = VisibilityForm(request.POST)
        if not form.is_valid():
            raise BoardError(_("Choose who can read the board."))
        settings_services.set_visibility(viewer, form.cleaned_data["visibility"])
        return _("Saved. The board's readers have changed.")
    if action == "add":
        settings_services.add_tag(viewer, request.POST.get("name", ""))
        return _("The tag is added.")
    if tag is None:
        raise BoardError(_("This tag no longer exists."))
    if action == "rename":
        settings_services.rename_tag(viewer, tag, request.POST.get("name", ""))
        return _("The tag is renamed.")
    if action == "remove":
        settings_services.remove_tag(viewer, tag)
        return _("The tag is removed; its posts keep their place without it.")
    if action in ("up", "down"):
        settings_services.move_tag(viewer, tag, up=action == "up")
        return _("The order is saved.")
    raise BoardError(_("That action is not available."))


@board_view(moderator=True)
def board_settings(request, group, viewer):
    if request.method == "POST":
        try:
            message = _settings_action(request, viewer)
        except BoardError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, message)
        return redirect("board:settings", slug=group.slug)
    context = _context(
        group,
        viewer,
        "settings",
        visibility_form=VisibilityForm(instance=viewer.settings),
        tags=BoardTag.objects.filter(group=group),
        max_tags=MAX_TAGS,
    )
    return render(request, "board/manage/settings.html", context)
