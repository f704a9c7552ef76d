"""An archived group's board is read-only, for its leaders too: what was written stays readable by whoever read it
before, nobody adds to it (posts, comments, likes, check-ins, reports, topics, pins, 精华, reviews, nor the points
and notifications they bring), and the leaders can still take things down (hide, unpin, remove the 精华 mark)."""

import pytest
from django.utils import timezone

from portal.board.models import CheckIn, Post, Report
from portal.board.services import moderation
from portal.board.services.checkins import check_in
from portal.groups.models import CommunityGroup
from portal.notifications.models import Notification
from portal.points.models import PointEntry
from tests.utils import flashed

pytestmark = pytest.mark.django_db

READ_ONLY = "This group is archived; its board is read-only."


def archive(group):
    CommunityGroup.objects.filter(pk=group.pk).update(status=CommunityGroup.Status.ARCHIVED)
    group.refresh_from_db()


@pytest.fixture
def assignment_entry(board_group, viewer, assignment):
    return check_in(viewer(board_group.group, board_group.alice), assignment, body="这周的作业")


def test_members_read_an_archived_board_but_add_nothing_to_it(client, board_group, make_post, assignment_entry):
    post = make_post(board_group.group, board_group.alice, title="旧帖")
    archive(board_group.group)
    client.force_login(board_group.bob)
    page = client.get(board_group.url("index")).content.decode()
    assert "旧帖" in page and READ_ONLY in page
    topic_pk = assignment_entry.topic.pk
    for url, data in (
        (board_group.url("like_post", post.pk), {}),
        (board_group.url("report_post", post.pk), {"reason": "spam"}),
        (board_group.url("check_in", topic_pk), {"body": "还能打卡吗"}),
    ):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert READ_ONLY in flashed(response), url
    assert post.likes.count() == 0 and not Report.objects.exists()
    assert CheckIn.objects.count() == 1


def test_leaders_add_nothing_to_an_archived_board(client, board_group, make_post, assignment_entry):
    post = make_post(board_group.group, board_group.alice, title="旧帖")
    archive(board_group.group)
    client.force_login(board_group.leader)
    for action in ("pin", "feature", "lock"):
        response = client.post(board_group.url("moderate_post", post.pk), {"action": action})
        assert READ_ONLY in flashed(response), action
    post.refresh_from_db()
    assert not (post.is_pinned or post.is_featured or post.comments_locked)
    response = client.post(board_group.url("review_check_in", assignment_entry.pk), {"comment": "很好"})
    assert READ_ONLY in flashed(response)
    assignment_entry.refresh_from_db()
    assert not assignment_entry.is_reviewed
    response = client.get(board_group.url("new_topic"))
    assert response.status_code == 302 and READ_ONLY in flashed(response)
    assert Post.objects.filter(kind=Post.Kind.CHECK_IN).count() == 1
    assert not PointEntry.objects.filter(member=board_group.alice, rule__code__in=["board_featured"]).exists()
    assert not Notification.objects.filter(recipient=board_group.alice, kind="board.featured").exists()


def test_leaders_still_take_things_down_on_an_archived_board(client, board_group, make_post, viewer):
    post = make_post(board_group.group, board_group.alice, title="旧帖")
    leader = viewer(board_group.group, board_group.leader)
    moderation.pin_post(leader, post)
    moderation.feature_post(leader, post)
    archive(board_group.group)
    client.force_login(board_group.co_leader)
    for action in ("unpin", "unfeature"):
        client.post(board_group.url("moderate_post", post.pk), {"action": action})
    client.post(board_group.url("moderate_post", post.pk), {"action": "hide", "reason": "过时的信息"})
    post.refresh_from_db()
    assert not post.is_pinned and not post.is_featured and post.is_hidden


def test_an_archived_boards_pages_offer_leaders_only_taking_things_down(
    client, board_group, make_post, assignment_entry
):
    """The buttons follow what the views allow: no pin, 精华, comment lock, new topic or review form, while hiding,
    unpinning and removing 精华 stay."""
    g = board_group
    featured = make_post(g.group, g.alice, title="精华帖", featured_at=timezone.now(), pinned_at=timezone.now())
    plain = make_post(g.group, g.bob, title="普通帖")
    topic = assignment_entry.topic
    client.force_login(g.leader)
    before = client.get(g.url("post", plain.pk)).content.decode()
    assert 'value="pin"' in before and 'value="lock"' in before
    assert g.url("review_check_in", assignment_entry.pk) in client.get(g.url("post", topic.post_id)).content.decode()
    archive(g.group)

    plain_page = client.get(g.url("post", plain.pk)).content.decode()
    featured_page = client.get(g.url("post", featured.pk)).content.decode()
    board_page = client.get(g.url("index")).content.decode()
    topic_page = client.get(g.url("post", topic.post_id)).content.decode()

    for action in ("pin", "feature", "lock", "unlock"):
        assert f'value="{action}"' not in plain_page, action
    assert 'value="hide"' in plain_page
    assert 'value="unpin"' in featured_page and 'value="unfeature"' in featured_page
    assert g.url("new_topic") not in board_page and g.url("new_topic") not in topic_page
    assert 'action="' + g.url("review_check_in", assignment_entry.pk) + '"' not in topic_page
