"""A leader deleting a member's post or comment is moderation and goes in the log; an author's own deletion is not."""

from portal.board.models import ModerationAction
from portal.board.services import posts


def test_a_leader_deleting_a_member_s_post_is_logged(board_group, viewer, make_post):
    post = make_post(board_group.group, board_group.alice)

    posts.delete_post(viewer(board_group.group, board_group.leader), post)

    action = ModerationAction.objects.get()
    assert (action.action, action.post, action.member, action.actor) == (
        ModerationAction.Action.DELETE,
        post,
        board_group.alice,
        board_group.leader,
    )


def test_a_leader_deleting_a_member_s_comment_is_logged(board_group, viewer, make_post, make_comment):
    post = make_post(board_group.group, board_group.alice)
    comment = make_comment(post, board_group.bob)

    posts.delete_comment(viewer(board_group.group, board_group.co_leader), comment)

    action = ModerationAction.objects.get()
    assert (action.action, action.comment, action.member) == (ModerationAction.Action.DELETE, comment, board_group.bob)


def test_authors_deleting_their_own_content_leave_the_log_alone(board_group, viewer, make_post, make_comment):
    post = make_post(board_group.group, board_group.alice)
    comment = make_comment(post, board_group.alice)
    alice = viewer(board_group.group, board_group.alice)

    posts.delete_comment(alice, comment)
    posts.delete_post(alice, post)

    assert not ModerationAction.objects.exists()
