"""Reporting a post or comment, the leaders' buttons on posts and comments, and a post's earlier versions.

Each view loads the group and the viewer, checks who may, calls one service and goes back to the post with a
message; the services refuse with a message for the person acting (BoardError), which the views show as it is.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.groups.models import CommunityGroup
from website.core.ratelimit import limited

from ..forms_moderation import ModerateForm, ReportForm
from ..models import Comment, Post
from ..services import moderation as services
from ..services.common import BoardError, viewer_for
from ..services.reports import AlreadyReported, report


def board_view(*, moderator=False):
    """Load the group by slug and the signed-in viewer; ``moderator`` views answer 403 to everyone else."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, slug, *args, **kwargs):
            group = get_object_or_404(CommunityGroup, slug=slug)
            viewer = viewer_for(group, request.user)
            if moderator and not viewer.is_moderator:
                raise PermissionDenied
            if not viewer.can_read:
                raise Http404
            return view(request, group, viewer, *args, **kwargs)

        return wrapped

    return decorator


def _post_or_404(group, pk):
    return get_object_or_404(Post.objects.existing().select_related("group", "author"), group=group, pk=pk)


def _comment_or_404(group, pk):
    return get_object_or_404(
        Comment.objects.filter(deleted_at__isnull=True).select_related("post", "post__group", "author"),
        post__group=group,
        post__deleted_at__isnull=True,
        pk=pk,
    )


def _report(request, group, viewer, post, comment=None):
    # Hidden content (or a comment under a hidden post) is not there for anyone but its author and the leaders.
    hidden = any(t is not None and t.is_hidden and t.author_id != request.user.pk for t in (post, comment))
    if (hidden and not viewer.is_moderator) or not viewer.can_read:
        raise Http404
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            report(viewer, post=post, comment=comment, reason=data["reason"], detail=data["detail"])
        except AlreadyReported as error:
            messages.info(request, str(error))
        except BoardError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you. The group's leaders will look at your report."))
        return redirect(post.get_absolute_url())
    context = {"group": group, "viewer": viewer, "post": post, "comment": comment, "form": form, "tab": "posts"}
    return render(request, "board/report_form.html", context)


@limited("board_report")
@board_view()
def report_post(request, group, viewer, pk):
    return _report(request, group, viewer, _post_or_404(group, pk))


@limited("board_report")
@board_view()
def report_comment(request, group, viewer, pk):
    comment = _comment_or_404(group, pk)
    return _report(request, group, viewer, comment.post, comment)


def _apply(request, action, reason, *, on, hide, unhide, viewer):
    """Run one moderation action; the message says what happened or why not."""
    done = {
        "pin": (lambda: services.pin_post(viewer, on, True), _("The post is pinned.")),
        "unpin": (lambda: services.pin_post(viewer, on, False), _("The post is no longer pinned.")),
        "feature": (lambda: services.feature_post(viewer, on, True), _("The post is marked as featured.")),
        "unfeature": (lambda: services.feature_post(viewer, on, False), _("The post is no longer featured.")),
        "lock": (lambda: services.lock_comments(viewer, on, True), _("Comments are locked.")),
        "unlock": (lambda: services.lock_comments(viewer, on, False), _("Comments are open again.")),
        "hide": (lambda: hide(viewer, on, reason), _("Hidden. The author sees it with your reason.")),
        "unhide": (lambda: unhide(viewer, on), _("Shown again to everyone.")),
    }
    call, message = done[action]
    try:
        call()
    except BoardError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message)


@require_POST
@board_view(moderator=True)
def moderate_post(request, group, viewer, pk):
    post = _post_or_404(group, pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That action is not available."))
    else:
        data = form.cleaned_data
        _apply(
            request,
            data["action"],
            data["reason"],
            on=post,
            viewer=viewer,
            hide=services.hide_post,
            unhide=services.unhide_post,
        )
    return redirect(post.get_absolute_url())


@require_POST
@board_view(moderator=True)
def moderate_comment(request, group, viewer, pk):
    comment = _comment_or_404(group, pk)
    form = ModerateForm(request.POST)
    if not form.is_valid() or form.cleaned_data["action"] not in ("hide", "unhide"):
        messages.error(request, _("That action is not available."))
    else:
        data = form.cleaned_data
        _apply(
            request,
            data["action"],
            data["reason"],
            on=comment,
            viewer=viewer,
            hide=services.hide_comment,
            unhide=services.unhide_comment,
        )
    return redirect(f"{comment.post.get_absolute_url()}#comment-{comment.pk}")


@board_view(moderator=True)
def post_history(request, group, viewer, pk):
    """What a post said before each edit, newest first: for the leaders and staff."""
    post = _post_or_404(group, pk)
    context = {"group": group, "viewer": viewer, "post": post, "edits": post.edits.all(), "tab": "posts"}
    return render(request, "board/post_history.html", context)
