"""What the board adds to other apps' pages through their hooks: the group page's board section
(groups' "group_page_sections") and a member's public posts on their profile (accounts' "member_profile_sections").

Both read a fixed number of rows (one or two queries each, whatever the size of the board) and show only what
every reader of the page may read: the group page is cached for anonymous visitors (signals.py purges it on every
change it shows), and a profile lists public posts only (Post.objects.public()), never a members-only board's.
"""

from django.db.models import Q
from django.template.loader import render_to_string

from .models import BoardSettings, Post
from .services.moderation import MAX_PINNED

#: Posts the group page shows under the pinned ones; the board itself has the rest.
GROUP_PAGE_LATEST = 5
#: Public posts a profile lists, newest first.
PROFILE_POSTS = 10


def _reads_board(user, group, is_member):
    """Members read their group's board whatever the setting (no query); others need the settings row (one)."""
    if is_member or (user.is_authenticated and user.is_staff):
        return True
    return not BoardSettings.for_group(group).members_only


def pinned_and_latest(group):
    """(pinned posts, latest unpinned posts) of the group's board, shown ones only, in one query: the pinned (at most
    MAX_PINNED, by rule) and the GROUP_PAGE_LATEST newest others, with their authors and tags."""
    posts = Post.objects.shown().filter(group=group)
    latest = posts.filter(pinned_at__isnull=True).order_by("-created_at", "-pk").values("pk")[:GROUP_PAGE_LATEST]
    rows = list(
        posts.filter(Q(pinned_at__isnull=False) | Q(pk__in=latest))
        .select_related("author", "tag")
        .order_by("-created_at", "-pk")[: MAX_PINNED + GROUP_PAGE_LATEST]
    )
    pinned = sorted((post for post in rows if post.is_pinned), key=lambda post: post.pinned_at, reverse=True)
    return pinned[:MAX_PINNED], [post for post in rows if not post.is_pinned]


def group_page_section(request, group, is_member):
    """The group page's board section: pinned posts, then the latest ones, with links to the board and its 精华 tab.

    One query for a member (the posts), two for anyone else (the board's settings first); a members-only board shows
    a short note instead to visitors who may not read it.
    """
    context = {"group": group, "is_member": is_member, "can_read": _reads_board(request.user, group, is_member)}
    if context["can_read"]:
        context["pinned"], context["latest"] = pinned_and_latest(group)
    return render_to_string("board/sections/group_page.html", context, request=request)


def member_profile_section(request, member):
    """A member's public posts (newest ten) on their profile, or nothing when they have none; one query.

    The profile view has already applied the member's profile visibility; the posts are those anyone may read.
    """
    posts = list(
        Post.objects.public()
        .filter(author=member)
        .select_related("group")
        .only(
            "pk",
            "title",
            "excerpt",
            "created_at",
            "comment_count",
            "like_count",
            "featured_at",
            "kind",
            "group__slug",
            "group__name",
        )
        .order_by("-created_at", "-pk")[:PROFILE_POSTS]
    )
    if not posts:
        return ""
    return render_to_string("board/sections/profile.html", {"member": member, "posts": posts}, request=request)
