"""Check-in topics' pages and actions: open a topic, the topic page (through the post page), check in, review, hide.

Views check who reads and who acts, call services.checkins, and render; a refusal is a message on the topic page.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.groups.models import CommunityGroup
from website.core import ratelimit

from ..forms_checkins import CheckInForm, HideCheckInForm, ReviewForm, TopicForm
from ..models import CheckIn, Post
from ..services import checkins as services
from ..services.common import BoardError, viewer_for

CHECK_INS_PER_PAGE = 20


def _group_and_viewer(request, slug):
    group = get_object_or_404(CommunityGroup, slug=slug)
    return group, viewer_for(group, request.user)


def _refuse_reader(request, viewer):
    """None when the viewer may read the board; else the sign-in page (visitors) or 403 (signed-in non-members)."""
    if viewer.can_read:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _topic_post_or_404(group, viewer, pk):
    posts = Post.objects.visible_to(viewer.user, moderator=viewer.is_moderator).select_related("check_in_topic")
    post = get_object_or_404(posts, pk=pk, group=group, kind=Post.Kind.CHECK_IN)
    post.group = group
    return post


def _check_in_or_404(group, viewer, pk):
    """A check-in on a board this person reads, under a topic they see; anyone else is told nothing is there."""
    if not viewer.can_read:
        raise Http404
    topics = Post.objects.visible_to(viewer.user, moderator=viewer.is_moderator).filter(group=group)
    queryset = CheckIn.objects.select_related("topic__post", "member")
    check_in = get_object_or_404(queryset, pk=pk, topic__post__in=topics)
    check_in.topic.post.group = group
    return check_in


def _page_number(request):
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


def _recent_check_ins(topic, viewer, page):
    """One page of check-ins, newest first, read with OFFSET/LIMIT (one row more tells whether a next page exists)."""
    check_ins = CheckIn.objects.filter(topic=topic)
    if not viewer.is_moderator:
        # Hidden check-ins: to their author (with the reason) and the leaders only.
        check_ins = check_ins.filter(Q(hidden_at__isnull=True) | Q(member_id=viewer.user.pk or 0))
    start = (page - 1) * CHECK_INS_PER_PAGE
    rows = list(
        check_ins.select_related("member", "reviewed_by")
        .prefetch_related("images")
        .order_by("-created_at", "-id")[start : start + CHECK_INS_PER_PAGE + 1]
    )
    return rows[:CHECK_INS_PER_PAGE], len(rows) > CHECK_INS_PER_PAGE


def topic_detail(request, group, post, viewer, *, check_in_form=None, status=200):
    """A check-in topic's page, called by posts.post_detail for a post of kind check-in (and on a refused form)."""
    refused = _refuse_reader(request, viewer)
    if refused is not None:
        return refused
    topic = post.check_in_topic
    topic.post = post
    today = timezone.localdate()
    period = topic.period_of(today)
    progress = services.topic_progress(topic, today=today)
    user = request.user
    checked_in_now = user.is_authenticated and progress.has_checked_in(user.pk, period)
    may_check_in = viewer.can_write and topic.is_open_on(today) and not checked_in_now and not post.is_hidden
    page = _page_number(request)
    recent, has_next = _recent_check_ins(topic, viewer, page)
    context = {
        "group": group,
        "viewer": viewer,
        "tab": "posts",
        "post": post,
        "topic": topic,
        "today": today,
        "progress": progress,
        "table": progress.table,
        "my_streak": progress.streaks.get(user.pk, 0) if user.is_authenticated else 0,
        "streak_leaders": progress.streak_leaders(),
        "checked_in_now": checked_in_now,
        "not_started": today < topic.starts_on,
        "has_ended": today > topic.ends_on,
        "check_in_form": check_in_form or (CheckInForm() if may_check_in else None),
        "review_form": ReviewForm() if viewer.is_moderator and topic.is_assignment else None,
        "hide_form": HideCheckInForm() if viewer.is_moderator else None,
        "check_ins": recent,
        "page": page,
        "next_page": page + 1 if has_next else None,
        "previous_page": page - 1 if page > 1 else None,
    }
    return render(request, "board/topic_detail.html", context, status=status)


def new_topic(request, slug):
    """A leader opens a check-in topic (or a weekly assignment)."""
    group, viewer = _group_and_viewer(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not viewer.is_moderator:
        raise PermissionDenied
    if not group.is_active:
        messages.error(request, _("This group is archived; its board is read-only."))
        return redirect("board:index", group.slug)
    form = TopicForm(request.POST if request.method == "POST" else None, group=group)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.open_topic(
                viewer,
                title=data["title"],
                body=data["intro"],
                cadence=data["cadence"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                is_assignment=data["is_assignment"],
                tag=data["tag"],
            )
        except BoardError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The check-in topic is open. Members can check in on its page."))
            return redirect(post.get_absolute_url())
    return render(request, "board/topic_form.html", {"group": group, "viewer": viewer, "tab": "posts", "form": form})


@require_POST
@ratelimit.limited("board_check_in")
def check_in(request, slug, pk):
    group, viewer = _group_and_viewer(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(_topic_url(group, pk))
    refused = _refuse_reader(request, viewer)
    if refused is not None:
        return refused
    post = _topic_post_or_404(group, viewer, pk)
    form = CheckInForm(request.POST, request.FILES)
    if not form.is_valid():
        return topic_detail(request, group, post, viewer, check_in_form=form)
    try:
        services.check_in(
            viewer, post.check_in_topic, body=form.cleaned_data["body"], images=form.cleaned_data["images"]
        )
    except BoardError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Checked in. Keep it going!"))
    return redirect(post.get_absolute_url())


def _topic_url(group, pk):
    return reverse("board:post", kwargs={"slug": group.slug, "pk": pk})


def _back_to_check_in(check_in):
    return redirect(f"{check_in.topic.post.get_absolute_url()}#check-in-{check_in.pk}")


@require_POST
def review(request, slug, pk):
    """A leader reviews a check-in of a weekly assignment."""
    group, viewer = _group_and_viewer(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    check_in = _check_in_or_404(group, viewer, pk)
    form = ReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise BoardError(" ".join(message for errors in form.errors.values() for message in errors))
        services.review_check_in(viewer, check_in, comment=form.cleaned_data["comment"])
    except BoardError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Review saved. The member can see your comment."))
    return _back_to_check_in(check_in)


@require_POST
def moderate_check_in(request, slug, pk):
    """A leader hides a check-in with a reason, or shows it again."""
    group, viewer = _group_and_viewer(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    check_in = _check_in_or_404(group, viewer, pk)
    action = request.POST.get("action")
    try:
        if action == "unhide":
            services.unhide_check_in(viewer, check_in)
            messages.success(request, _("The check-in is shown again."))
        elif action == "hide":
            # The service checks the reason (required, its length) and says what is wrong with it.
            services.hide_check_in(viewer, check_in, request.POST.get("reason", "")[:1000])
            messages.success(request, _("The check-in is hidden. Its author sees your reason."))
        else:
            raise BoardError(_("Choose what to do with this check-in."))
    except BoardError as error:
        messages.error(request, str(error))
    return _back_to_check_in(check_in)
