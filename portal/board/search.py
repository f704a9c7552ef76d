"""What the site search finds on the boards: shown posts on boards the visitor may read (website.home's search view).

Everyone finds the posts of open boards in active groups (``Post.objects.public()``'s rule); a signed-in member also
finds the posts of their own groups' members-only boards; nobody else ever does, and hidden or deleted posts never.
Titles and excerpts are indexed with the Chinese segmentation of website.core.search (Post.search_fields), and
Wagtail's index follows every save of a post (it indexes every ``index.Indexed`` model on save, like groups).
"""

from django.db.models import Q
from wagtail.search.backends import get_search_backend

from portal.groups.models import CommunityGroup, Membership
from website.core.search import title_matches

from .models import BoardSettings, Post

MAX_POST_RESULTS = 8
# Re-ranked from this many backend hits, so a title match beyond the first few still comes first.
CANDIDATES = 50


def readable_groups(user):
    """Active groups whose board ``user`` may read in search results: open boards, and their own groups' boards."""
    readable = ~Q(board_settings__visibility=BoardSettings.Visibility.MEMBERS)
    if user.is_authenticated:
        readable |= Q(pk__in=Membership.objects.active().filter(member=user).values("group_id"))
    return CommunityGroup.objects.active().filter(readable).values("pk")


def search_posts(query, parsed, user):
    """Posts matching ``parsed`` that ``user`` may read, titles holding every term first, then by relevance.

    The readable groups are a subquery on ``group_id`` (a FilterField), so the backend filters in SQL.
    """
    posts = Post.objects.filter(
        group_id__in=readable_groups(user), hidden_at__isnull=True, deleted_at__isnull=True
    ).select_related("group")
    hits = list(get_search_backend().search(parsed, posts, order_by_relevance=True)[:CANDIDATES])
    return sorted(hits, key=lambda post: not title_matches(post.heading, query))[:MAX_POST_RESULTS]
