"""The member dashboard's board panel ("member_dashboard_panels", registered in apps.py): new posts in my groups."""

from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from portal.groups.models import CommunityGroup, Membership

from .models import Post

#: Posts the panel lists, newest first, across all the member's groups.
PANEL_POSTS = 8
#: Only posts this recent are "new": it also bounds what the database reads for a member of busy groups.
NEW_FOR_DAYS = 30


def new_posts_in_my_groups(user, *, now=None):
    """The latest shown posts others wrote in the active groups ``user`` belongs to: one query (the groups are a
    subquery), the group and the author of each row in it. Members read their groups' boards whatever the setting."""
    since = (now or timezone.now()) - timedelta(days=NEW_FOR_DAYS)
    my_groups = Membership.objects.active().filter(member=user).values("group_id")
    return list(
        Post.objects.shown()
        .filter(group_id__in=my_groups, group__status=CommunityGroup.Status.ACTIVE, created_at__gte=since)
        .exclude(author=user)
        .select_related("group", "author")
        .order_by("-created_at", "-pk")[:PANEL_POSTS]
    )


def board_panel(request):
    return render_to_string(
        "board/dashboard_panel.html", {"posts": new_posts_in_my_groups(request.user)}, request=request
    )
