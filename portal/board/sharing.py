"""What a board post looks like on a share poster (website.core.sharing): only readers of the board get a card, as
only they get the post's page; a members-only board's post is a 404 to everyone else."""

from django.utils.translation import ngettext

from website.core import sharing

from .models import Post
from .services.common import viewer_for


def post_card(request, pk):
    post = Post.objects.select_related("group__topic", "group__board_settings").filter(pk=pk).first()
    if post is None or post.is_check_in:
        return None
    group = post.group
    viewer = viewer_for(group, request.user)
    if (
        not viewer.can_read
        or not Post.objects.visible_to(viewer.user, moderator=viewer.is_moderator).filter(pk=post.pk).exists()
    ):
        return None
    # A post's images are private files: the poster shows the first one only where anyone may open it.
    first = post.images.order_by("pk").first()
    public = not viewer.settings.members_only and not post.is_hidden
    cover = first.image if first is not None and public else group.cover or None
    facts = [
        group.name,
        sharing.local_time(post.created_at),
        ngettext("%(count)d comment", "%(count)d comments", post.comment_count) % {"count": post.comment_count},
    ]
    return sharing.ShareCard(title=post.heading, path=post.get_absolute_url(), facts=facts, cover=cover)


def register():
    sharing.register("post", post_card)
