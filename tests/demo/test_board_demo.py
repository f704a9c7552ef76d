"""The demo boards: what issue 14 promises the demo shows, built once (members, groups, boards) and read as visitors,
members and leaders meet it. The whole demo (load_demo_data) runs in tests/demo/test_illustrations.py; here only
the builders the boards stand on run, to keep this test a few seconds."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from portal.board.models import BoardSettings, CheckIn, CheckInTopic, Comment, Mention, Post, PostImage, Report
from portal.board.services.checkins import streaks
from portal.board.services.common import RULE_FEATURED
from portal.groups.models import CommunityGroup, Membership
from portal.points.models import PointEntry, ScopeDailyTally
from website.demo import accounts, board, groups
from website.demo.core import ART_MARKER, Artwork, DemoContext, file_signature, image_file


@pytest.fixture
def quick_art(monkeypatch):
    """Group covers and post pictures as tiny blank images: drawing them is tested in test_illustrations.py and
    costs most of a demo build."""
    monkeypatch.setattr(Artwork, "render", lambda artwork: Image.new("RGB", (8, 8), "white"))


def _counts():
    return (
        Post.objects.count(),
        Comment.objects.count(),
        CheckIn.objects.count(),
        Report.objects.count(),
        PointEntry.objects.count(),
    )


@pytest.mark.django_db
def test_demo_boards_show_what_the_issue_promises_and_a_second_build_adds_nothing(client, quick_art):
    context = DemoContext(password="demo-password")
    accounts.members(context)
    groups.groups(context)
    board.boards(context)
    now = timezone.now()
    today = timezone.localdate()
    baking = CommunityGroup.objects.get(slug="hz-baking")
    leader = Membership.objects.get(group=baking, role=Membership.Role.LEADER).member

    # Believable boards: several groups, each with its posts spread over the last weeks, comments, likes, images.
    for slug in board.BOARDS:
        posts = Post.objects.filter(group__slug=slug)
        assert posts.count() >= 4, slug
        assert all(post.created_at < now for post in posts)
    assert Post.objects.filter(created_at__lt=now - timedelta(days=14)).exists()
    assert Post.objects.filter(title="", kind=Post.Kind.POST).exists()  # short posts without a title
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert PostImage.objects.exists() and Mention.objects.exists()

    # The leader's pinned rules and a 精华 post, whose author earned the 精华 points in the group.
    pinned = Post.objects.get(group=baking, pinned_at__isnull=False)
    assert "群规" in pinned.title and pinned.author == leader
    featured = Post.objects.get(group=baking, featured_at__isnull=False)
    assert featured.like_count > 10 and featured.comment_count > 3
    award = PointEntry.objects.get(rule__code=RULE_FEATURED, member=featured.author, scope_id=baking.pk)
    tally = ScopeDailyTally.objects.filter(member=featured.author, scope_id=baking.pk).aggregate(total=Sum("earned"))
    assert tally["total"] >= award.amount

    # A running daily check-in topic: streaks of different lengths, one member back after a gap.
    running = CheckInTopic.objects.get(post__group__slug="bj-xiangshan-run", cadence=CheckInTopic.Cadence.DAILY)
    assert running.starts_on < today < running.ends_on
    lengths = sorted(streaks(running).values(), reverse=True)
    assert lengths[0] >= 7 and len([n for n in lengths if n >= 2]) >= 3 and 0 in lengths
    for entry in running.check_ins.all():
        assert entry.period == timezone.localtime(entry.created_at).date() or entry.period == today

    # A weekly assignment over three weeks, some check-ins reviewed by the leader with a comment.
    assignment = CheckInTopic.objects.get(post__group=baking, is_assignment=True)
    assert len(set(assignment.check_ins.values_list("period", flat=True))) == 3
    reviewed = assignment.check_ins.filter(reviewed_at__isnull=False)
    assert reviewed.exists() and all(c.review_comment and c.reviewed_by == leader for c in reviewed)
    assert assignment.check_ins.filter(reviewed_at__isnull=True).exists()

    # Reports the leader handled: one upheld (the comment hidden with a reason), one dismissed.
    upheld = Report.objects.get(group=baking, status=Report.Status.UPHELD)
    assert upheld.comment.is_hidden and upheld.comment.hidden_reason and upheld.handled_by == leader
    assert Report.objects.filter(group=baking, status=Report.Status.DISMISSED, comment__hidden_at=None).exists()

    # The members-only board: a visitor is sent to log in, a member reads it.
    books = CommunityGroup.objects.get(slug="cd-picture-books")
    assert BoardSettings.for_group(books).members_only
    url = reverse("board:index", kwargs={"slug": books.slug})
    assert client.get(url).status_code == 302
    client.force_login(Membership.objects.get(group=books, role=Membership.Role.LEADER).member)
    assert client.get(url).status_code == 200

    # The demo member's own board, as they see it after logging in: the rules first, then the discussions.
    client.force_login(leader)
    page = client.get(reverse("board:index", kwargs={"slug": baking.slug}))
    assert page.status_code == 200
    assert pinned.title in page.content.decode()
    topic_page = client.get(running.post.get_absolute_url())
    assert topic_page.status_code == 200

    # A second build writes nothing new, and redraws a picture an older demo version drew.
    before = _counts()
    picture = PostImage.objects.first()
    outdated = image_file(Image.new("RGB", (8, 8)), "old.jpg", comment=f"{ART_MARKER}/v0/bread/1/8x8")
    picture.image.save("old.jpg", outdated)
    board.boards(context)
    assert _counts() == before
    picture.refresh_from_db()
    assert file_signature(picture.image)[0] == Artwork("bread", 1, (8, 8)).signature
