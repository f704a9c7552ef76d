"""The board's reading and writing pages: the board, the 精华 tab, a post with its comments, writing and liking.

Each view finds the group, reads the viewer once (``viewer_for``), refuses readers the board is closed to (sign in for
visitors, a 403 page inviting signed-in non-members to join), calls one service and renders or redirects. Service
refusals (BoardError) come back as a message on the page the member came from. Likes and comments are plain POST
forms, so they work without JavaScript.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.display import shown_member
from portal.groups.models import CommunityGroup, Membership
from website.core.ratelimit import limited

from .. import comment_pages
from ..forms import CommentForm, PostForm
from ..listing import board_posts, keyset_page
from ..models import BoardTag, Comment, CommentLike, Mention, Post, PostLike
from ..services import likes, posts
from ..services.common import BoardError, require_writer, viewer_for
from . import checkins, comment_rows

MAX_PINNED_SHOWN = 3
FEATURED_PER_PAGE = 20


# --- Finding the group and the viewer -----------------------------------------------------------------------------


def _group_or_404(slug):
    # The settings row comes with the group (None when never saved): no query for BoardSettings.for_group.
    return get_object_or_404(CommunityGroup.objects.select_related("board_settings"), slug=slug)


def _refused(request, group, viewer):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    response = render(request, "board/members_only.html", {"group": group, "viewer": viewer}, status=403)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def board_page(view):
    """``view(request, group, viewer, **kwargs)`` for readers of the board only; members-only boards say noindex."""

    @wraps(view)
    def wrapper(request, slug, **kwargs):
        group = _group_or_404(slug)
        viewer = viewer_for(group, request.user)
        if not viewer.can_read:
            return _refused(request, group, viewer)
        response = view(request, group, viewer, **kwargs)
        if viewer.settings.members_only:
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _post_or_404(group, viewer, pk, *, related=(), with_like=False):
    queryset = Post.objects.visible_to(viewer.user, moderator=viewer.is_moderator).select_related(*related)
    if with_like and viewer.user.is_authenticated:
        # Whether the reader liked it, in the same query (the post page's budget counts every query).
        mine = PostLike.objects.filter(post=OuterRef("pk"), member=viewer.user, active=True)
        queryset = queryset.annotate(liked_by_viewer=Exists(mine))
    post = get_object_or_404(queryset, group=group, pk=pk)
    post.group = group
    return post


def _comment_or_404(group, viewer, pk):
    """A comment this reader sees, on a post they see: a hidden post's comments are not there for other members."""
    moderator = viewer.is_moderator
    queryset = Comment.objects.visible_to(viewer.user, moderator=moderator).select_related("post")
    posts = Post.objects.visible_to(viewer.user, moderator=moderator).filter(group=group)
    comment = get_object_or_404(queryset, pk=pk, post__in=posts)
    comment.post.group = group
    return comment


def _of_group(rows, group):
    """The group the page already has, set on each post, so links to the posts cost no query per row."""
    for post in rows:
        post.group = group
    return rows


def _refuse(request, error, url):
    messages.error(request, str(error))
    return redirect(url)


# --- Reading ------------------------------------------------------------------------------------------------------


def _tag_from(request, tags):
    value = request.GET.get("tag", "")
    return next((tag for tag in tags if str(tag.pk) == value), None)


@board_page
def board(request, group, viewer):
    """The board: pinned posts on top of the first page, then the newest posts, a keyset page at a time."""
    tags = list(BoardTag.objects.filter(group=group))
    tag = _tag_from(request, tags)
    cursor = request.GET.get("before")
    listed = board_posts(group, viewer, tag=tag)
    pinned = []
    if tag is None:
        # Pinned posts lead the first page and are left out of the pages below, so nobody reads them twice.
        if not cursor:
            pinned = list(listed.filter(pinned_at__isnull=False).order_by("-pinned_at")[:MAX_PINNED_SHOWN])
        listed = listed.filter(pinned_at__isnull=True)
    page = keyset_page(listed, cursor)
    _of_group([*pinned, *page.posts], group)
    return render(
        request,
        "board/board.html",
        {
            "group": group,
            "viewer": viewer,
            "tab": "posts",
            "tags": tags,
            "current_tag": tag,
            "pinned": pinned,
            "page": page,
            "is_first_page": not cursor,
        },
    )


@board_page
def featured(request, group, viewer):
    """The 精华 tab: posts the leaders marked, the most recently marked first."""
    queryset = (
        Post.objects.visible_to(viewer.user, moderator=viewer.is_moderator)
        .filter(group=group, featured_at__isnull=False)
        .select_related("author", "tag", "check_in_topic")
        .order_by("-featured_at", "-pk")
    )
    page = Paginator(queryset, FEATURED_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = _of_group(list(page.object_list), group)
    return render(
        request, "board/featured.html", {"group": group, "viewer": viewer, "tab": "featured", "page_obj": page}
    )


def _mention_links(post, user):
    """{name: profile URL or ""} for the members mentioned on this post's page, as this reader may see them."""
    links = {}
    for mention in Mention.objects.filter(post=post).select_related("member"):
        shown = shown_member(mention.member, user if user.is_authenticated else None)
        if not shown.is_hidden:
            links[str(shown.name)] = shown.profile_url
    return links


@board_page
def post_detail(request, group, viewer, pk, comment_form=None):
    post = _post_or_404(group, viewer, pk, related=("author", "tag", "check_in_topic"), with_like=True)
    if post.is_check_in:
        return checkins.topic_detail(request, group, post, viewer)
    return _render_post(request, group, viewer, post, comment_form=comment_form)


def _render_post(request, group, viewer, post, *, comment_form=None, status=200):
    user = viewer.user
    page = None
    if request.GET.get("thread"):
        page = comment_pages.thread_page(post, viewer, request.GET["thread"], request.GET.get("after"))
    if page is None:
        page = comment_pages.comment_page(post, viewer, request.GET.get("after"))
    liked_post = False
    liked_comments = set()
    if user.is_authenticated:
        liked_post = getattr(post, "liked_by_viewer", None)
        if liked_post is None:
            liked_post = PostLike.objects.filter(post=post, member=user, active=True).exists()
        shown_pks = [comment.pk for comment in page.comments]
        liked_comments = set(
            CommentLike.objects.filter(comment__in=shown_pks, member=user, active=True).values_list(
                "comment_id", flat=True
            )
        )
    mentions = _mention_links(post, user)
    can_comment = viewer.can_write and not post.comments_locked and not post.is_hidden
    comment_rows.prepare(page.comments, viewer, post, liked=liked_comments, mentions=mentions, can_reply=can_comment)
    return render(
        request,
        "board/post_detail.html",
        {
            "group": group,
            "viewer": viewer,
            "tab": "posts",
            "post": post,
            "images": list(post.images.all()),
            "threads": page.threads,
            "comment_page": page,
            "labels": comment_rows.labels(),
            "csrf_value": get_token(request),
            "liked": liked_post,
            "mentions": mentions,
            "comment_form": comment_form or CommentForm(),
            "can_comment": can_comment,
            "can_edit": posts.can_edit(viewer, post) and viewer.can_write,
            "can_delete": posts.can_delete(viewer, post),
        },
        status=status,
    )


@login_required
def my_boards(request):
    """/board/: the newest posts across the groups I belong to."""
    my_groups = Membership.objects.active().filter(member=request.user).values("group_id")
    listed = (
        Post.objects.shown()
        .filter(group__in=my_groups, group__status=CommunityGroup.Status.ACTIVE)
        .select_related("author", "tag", "group", "check_in_topic")
    )
    page = keyset_page(listed, request.GET.get("before"))
    return render(request, "board/mine.html", {"page": page, "is_first_page": not request.GET.get("before")})


# --- Writing ------------------------------------------------------------------------------------------------------


@limited("board_post")
@board_page
def new_post(request, group, viewer):
    board_url = reverse("board:index", args=[group.slug])
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not viewer.can_write:
        return _refuse(request, _writer_error(viewer), board_url)
    form = PostForm(request.POST or None, request.FILES or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            post = posts.create_post(
                viewer,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                tag=form.cleaned_data.get("tag"),
                images=form.cleaned_data.get("images") or (),
            )
        except BoardError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your post is on the board."))
            return redirect(post.get_absolute_url())
    return render(request, "board/post_form.html", {"group": group, "viewer": viewer, "tab": "posts", "form": form})


def _writer_error(viewer):
    try:
        require_writer(viewer)
    except BoardError as error:
        return error
    return BoardError(_("You cannot do that here."))


@limited("board_post")
@board_page
def edit_post(request, group, viewer, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = _post_or_404(group, viewer, pk, related=("tag",))
    post_url = post.get_absolute_url()
    if not (posts.can_edit(viewer, post) and viewer.can_write):
        error = _writer_error(viewer) if not viewer.can_write else BoardError(_("You can no longer edit this post."))
        return _refuse(request, error, post_url)
    initial = {"title": post.title, "body": post.body, "tag": post.tag}
    form = PostForm(request.POST or None, initial=initial, group=group, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            posts.edit_post(
                viewer,
                post,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                tag=form.cleaned_data.get("tag"),
            )
        except BoardError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(post_url)
    return render(
        request,
        "board/post_form.html",
        {"group": group, "viewer": viewer, "tab": "posts", "form": form, "post": post},
    )


def _member_post(view):
    """POST-only, signed-in, readable board: the common guard of the writing actions below."""
    return require_POST(login_required(board_page(view)))


@_member_post
def delete_post(request, group, viewer, pk):
    post = _post_or_404(group, viewer, pk)
    try:
        posts.delete_post(viewer, post)
    except BoardError as error:
        return _refuse(request, error, post.get_absolute_url())
    messages.success(request, _("The post was deleted."))
    return redirect("board:index", group.slug)


@limited("board_comment")
@_member_post
def comment(request, group, viewer, pk):
    post = _post_or_404(group, viewer, pk, related=("author", "tag", "check_in_topic"))
    post_url = post.get_absolute_url()
    form = CommentForm(request.POST)
    if not form.is_valid():
        if not viewer.can_write:
            return _refuse(request, _writer_error(viewer), post_url)
        if post.is_check_in:
            return _refuse(request, _("Write a comment first."), post_url)
        return _render_post(request, group, viewer, post, comment_form=form, status=200)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], post=post).first()
        if parent is None:
            return _refuse(request, _("The comment you replied to is no longer there."), post_url)
    try:
        new = posts.add_comment(viewer, post, body=form.cleaned_data["body"], parent=parent)
    except BoardError as error:
        return _refuse(request, error, post_url)
    return redirect(_comment_url(post, viewer, new))


def _wants_like(request):
    return request.POST.get("liked", "1") != "0"


@limited("board_like")
@_member_post
def like_post(request, group, viewer, pk):
    post = _post_or_404(group, viewer, pk)
    try:
        likes.set_post_like(viewer, post, _wants_like(request))
    except BoardError as error:
        return _refuse(request, error, post.get_absolute_url())
    return redirect(f"{post.get_absolute_url()}#post-likes")


@limited("board_like")
@_member_post
def like_comment(request, group, viewer, pk):
    comment = _comment_or_404(group, viewer, pk)
    post_url = comment.post.get_absolute_url()
    try:
        likes.set_comment_like(viewer, comment, _wants_like(request))
    except BoardError as error:
        return _refuse(request, error, post_url)
    return redirect(_comment_url(comment.post, viewer, comment))


def _comment_url(post, viewer, comment):
    """The comment on the page that holds it for this reader (its thread's page for a reply far down)."""
    return f"{post.get_absolute_url()}{comment_pages.page_query_for(post, viewer, comment)}#comment-{comment.pk}"


@_member_post
def delete_comment(request, group, viewer, pk):
    comment = _comment_or_404(group, viewer, pk)
    post_url = comment.post.get_absolute_url()
    try:
        posts.delete_comment(viewer, comment)
    except BoardError as error:
        return _refuse(request, error, post_url)
    messages.success(request, _("The comment was deleted."))
    return redirect(f"{post_url}#comments")
