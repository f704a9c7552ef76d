"""Fixtures for the board tests: one group with a leader, a co-leader and two members, an outsider, and helpers.

The tests read English: services run under English (`_english`), so `reverse()` gives /en/board/... URLs and the
messages come out in the source language. Rows are made directly with tests/board/factories.py (`make_post`) or
through the services, never half of each for the same thing.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.board.models import BoardSettings
from portal.board.services.checkins import open_topic
from portal.board.services.common import viewer_for
from portal.groups import services as group_services
from portal.groups.models import Membership
from portal.groups.services import leaders
from tests.board.factories import BoardTagFactory, CommentFactory, PostFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory


@pytest.fixture(autouse=True)
def _english():
    """Service messages (BoardError) and pages come out in English, the language the assertions read."""
    with translation.override("en"):
        yield


@dataclass
class BoardGroup:
    """A group and its people: `leader`, `co_leader`, `alice` and `bob` (members), `outsider` (not a member)."""

    group: object
    leader: object
    co_leader: object
    alice: object
    bob: object
    outsider: object

    @property
    def members(self):
        return [self.leader, self.co_leader, self.alice, self.bob]

    def url(self, name, *args):
        """A board URL of this group: url("index"), url("post", post.pk)."""
        return reverse(f"board:{name}", args=[self.group.slug, *args])


@pytest.fixture
def board_group(db):
    """The group most board tests use, made the way the site makes it (leader in the Leaders group, co-leader set by
    the leader through the group services)."""
    leader = MemberFactory(email="leader@example.com", display_name="组长阿青")
    group = CommunityGroupFactory(leader=leader, name="周末读书会", slug="weekend-readers")
    leaders.sync_leader_group(leader)
    co_leader = MembershipFactory(group=group, member=MemberFactory(display_name="副组长小雨")).member
    actor = Membership.objects.get(group=group, member=leader)
    group_services.set_role(group, actor, co_leader.pk, Membership.Role.CO_LEADER)
    alice = MembershipFactory(group=group, member=MemberFactory(email="alice@example.com", display_name="阿丽")).member
    bob = MembershipFactory(group=group, member=MemberFactory(email="bob@example.com", display_name="小波")).member
    outsider = MemberFactory(email="outsider@example.com", display_name="路人小周")
    group.refresh_from_db()
    return BoardGroup(group=group, leader=leader, co_leader=co_leader, alice=alice, bob=bob, outsider=outsider)


@pytest.fixture
def group(board_group):
    return board_group.group


@pytest.fixture
def viewer():
    """Helper: `viewer(group, user)` is the services' Viewer for that person (read fresh, as a request would)."""

    def make(group, user):
        return viewer_for(group, user)

    return make


@pytest.fixture
def make_post(db):
    """Factory fixture: `make_post(group, author, title=..., body=..., tag=..., pinned_at=..., ...)` creates a Post
    row directly (no points, no mentions); defaults make a plain post with a title and a one-paragraph body."""

    def make(group, author, **kwargs):
        return PostFactory(group=group, author=author, **kwargs)

    return make


@pytest.fixture
def make_comment(db):
    """Factory fixture: `make_comment(post, author, body=..., parent=...)`; keeps the post's comment_count in step."""

    def make(post, author, **kwargs):
        return CommentFactory(post=post, author=author, **kwargs)

    return make


@pytest.fixture
def make_tag(db):
    """Factory fixture: `make_tag(group, name="作业")`, one of the group's own tags."""

    def make(group, name, **kwargs):
        return BoardTagFactory(group=group, name=name, **kwargs)

    return make


@pytest.fixture
def members_only():
    """Helper: `members_only(group)` makes the group's board readable by members only."""

    def make(group):
        settings, _ = BoardSettings.objects.update_or_create(
            group=group, defaults={"visibility": BoardSettings.Visibility.MEMBERS}
        )
        group.board_settings = settings
        return settings

    return make


@pytest.fixture
def assignment(board_group, viewer):
    """A weekly assignment (每周作业) the leader opened today, running four weeks: its CheckInTopic."""
    today = timezone.localdate()
    post = open_topic(
        viewer(board_group.group, board_group.leader),
        title="第一周作业",
        body="<p>交一张作品照片</p>",
        cadence="weekly",
        ends_on=today + timedelta(days=27),
        is_assignment=True,
    )
    return post.check_in_topic
