"""What the post page's comment list shows of each comment, worked out once per page in Python.

A page shows up to a few hundred comments; asking the template for three URLs, a display name, a few translated
labels and the body's mentions per comment cost ~3 ms a comment (700 ms for 200). Here each URL is reversed once per
page and filled in per comment, each author's displayed name is worked out once, the labels are translated once,
and the body's mention pattern is built once; the template only prints attributes.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from portal.accounts.display import shown_member

from ..services import posts
from ..templatetags.board_tags import comment_text_renderer

_SAMPLE_PK = 987654321987654321


def _url_maker(name, slug):
    """``make(pk)`` -> the URL of ``board:<name>`` for this group and pk, with one ``reverse()`` per page."""
    head, _sample, tail = reverse(f"board:{name}", args=[slug, _SAMPLE_PK]).rpartition(str(_SAMPLE_PK))
    return lambda pk: f"{head}{pk}{tail}"


def labels():
    """The labels every comment repeats, translated once per page."""
    return {
        "like": pgettext("board", "Like"),
        "reply": pgettext("board comment", "Reply"),
        "delete": pgettext("board comment", "Delete"),
        "report": pgettext("report content", "Report"),
        "author": pgettext("board post author", "Author"),
        "deleted": _("This comment was deleted."),
        "hidden": _("This comment was hidden by a leader."),
    }


def _who(viewer):
    user = viewer.user if viewer.user.is_authenticated else None
    seen = {}

    def who(member):
        if member.pk not in seen:
            seen[member.pk] = shown_member(member, user)
        return seen[member.pk]

    return who


def prepare(comments, viewer, post, *, liked, mentions, can_reply):
    """Set on each comment what the list prints: ``who``, ``body_html``, flags and URLs, notes and labels."""
    slug = post.group.slug
    like_url, delete_url = _url_maker("like_comment", slug), _url_maker("delete_comment", slug)
    report_url = _url_maker("report_comment", slug)
    who, text = _who(viewer), comment_text_renderer(mentions)
    user_pk = viewer.user.pk if viewer.user.is_authenticated else None
    for comment in comments:
        comment.liked = comment.pk in liked
        # Strings, so the template does not localize numbers per use (number_format was a tenth of the page).
        comment.key, comment.likes_shown = str(comment.pk), str(comment.like_count)
        if comment.is_placeholder:
            continue
        comment.who = who(comment.author)
        # What |date:"c" and |date:"Y-m-d H:i" print, without two template filters per comment.
        local = timezone.localtime(comment.created_at)
        comment.time_iso, comment.time_shown = local.isoformat(), local.strftime("%Y-%m-%d %H:%M")
        comment.body_html = text(comment.body)
        comment.is_by_post_author = comment.author_id == post.author_id
        comment.can_like = viewer.can_write and not comment.is_hidden
        comment.like_url = like_url(comment.pk) if comment.can_like else ""
        comment.can_reply = can_reply and not comment.is_hidden
        if comment.can_reply:
            comment.reply_label = _("Reply to %(name)s") % {"name": comment.who.name}
        # The conditions of board/includes/report_link.html, for a comment, without an include per comment: members
        # who may write report others' shown comments; leaders and staff hide them directly instead.
        mine = comment.author_id == user_pk
        can_report = viewer.can_write and not viewer.is_moderator and not mine
        can_report = can_report and not comment.is_hidden and not comment.is_deleted
        comment.report_url = report_url(comment.pk) if can_report else ""
        comment.can_delete = not comment.is_deleted and posts.can_delete_comment(viewer, comment)
        comment.delete_url = delete_url(comment.pk) if comment.can_delete else ""
        comment.hidden_note = _hidden_note(comment, viewer) if comment.is_hidden else ""
        comment.likes_label = _likes(comment.like_count) if comment.like_count and not comment.can_like else ""


def _hidden_note(comment, viewer):
    if viewer.is_moderator:
        return _("Hidden from members: %(reason)s") % {"reason": comment.hidden_reason}
    return _("Hidden by a leader: %(reason)s") % {"reason": comment.hidden_reason}


def _likes(count):
    return ngettext("%(counter)s like", "%(counter)s likes", count) % {"counter": count}
