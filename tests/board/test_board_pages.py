"""Details of the board's pages members meet: the topic form's dates in Chinese, a check-in topic's card, who sees
"Report", and who may open a hidden check-in's images by their private address."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.accounts.display import fallback_name
from portal.board.models import CheckIn, Report
from portal.board.services.checkins import check_in, hide_check_in, open_topic
from portal.board.services.reports import report
from tests.utils import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic_post(board_group, viewer):
    today = timezone.localdate()
    return open_topic(
        viewer(board_group.group, board_group.leader),
        title="每日阅读打卡",
        body="<p>每天读十页。</p>",
        cadence="daily",
        starts_on=today,
        ends_on=today + timedelta(days=20),
        today=today,
    )


def test_the_topic_form_in_chinese_keeps_its_initial_end_date(client, board_group):
    """A date input only takes YYYY-MM-DD; the Chinese date format would leave it empty."""
    client.force_login(board_group.leader)
    with translation.override("zh-hans"):
        url = reverse("board:new_topic", args=[board_group.group.slug])
    assert not url.startswith("/en/")
    page = client.get(url).content.decode()
    ends = timezone.localdate() + timedelta(days=20)
    assert f'name="ends_on" value="{ends.isoformat()}"' in page


def test_a_check_in_topic_card_shows_its_cadence_count_and_end(client, board_group, topic_post):
    client.force_login(board_group.alice)
    page = client.get(board_group.url("index")).content.decode()
    ends = topic_post.check_in_topic.ends_on.isoformat()
    assert "Daily check-in" in page and "0 check-ins" in page and f"Until {ends}" in page
    assert "0 comments" not in page and "0 likes" not in page


def _report_post_link(client, board_group, post):
    return board_group.url("report_post", post.pk) in client.get(board_group.url("post", post.pk)).content.decode()


def test_report_is_for_other_members_never_the_author_nor_the_leaders(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice, title="周末书单")
    client.force_login(board_group.bob)
    assert _report_post_link(client, board_group, post)
    for person in (board_group.alice, board_group.leader, board_group.co_leader):
        client.force_login(person)
        assert not _report_post_link(client, board_group, post), person


def test_the_reports_queue_names_the_reporter_by_the_sites_rule(client, board_group, make_post, viewer):
    """A member without a display name is "Member #id" there as everywhere, never an empty name."""
    post = make_post(board_group.group, board_group.bob, title="加微信领书")
    alice = board_group.alice
    alice.display_name = ""
    alice.save(update_fields=["display_name"])
    report(viewer(board_group.group, alice), post=post, reason=Report.Reason.SPAM)
    client.force_login(board_group.leader)
    page = client.get(board_group.url("reports")).content.decode()
    assert f"Reported by {fallback_name(alice)}," in page


def test_a_hidden_check_ins_image_is_for_its_author_and_the_leaders(
    client, board_group, topic_post, viewer, png_bytes
):
    group = board_group.group
    check_in(
        viewer(group, board_group.alice),
        topic_post.check_in_topic,
        body="今天的笔记",
        images=[upload("note.png", png_bytes((40, 30)))],
    )
    entry = CheckIn.objects.get()
    url = entry.images.get().image.url
    assert url.startswith("/private-media/")
    client.force_login(board_group.bob)
    assert client.get(url).status_code == 200  # shown to the group's members while it is not hidden

    hide_check_in(viewer(group, board_group.leader), entry, "广告")
    for person, status in (
        (board_group.bob, 404),
        (board_group.outsider, 404),
        (board_group.alice, 200),
        (board_group.leader, 200),
        (board_group.co_leader, 200),
    ):
        client.force_login(person)
        assert client.get(url).status_code == status, person
    client.logout()
    assert client.get(url).status_code == 404


def test_a_tags_pages_keep_the_tag_on_the_older_and_newest_links(client, board_group):
    from datetime import timedelta as _delta

    from portal.board.listing import PAGE_SIZE

    from .factories import BoardTagFactory, PostFactory

    group = board_group.group
    tag = BoardTagFactory(group=group)
    now = timezone.now()
    for n in range(PAGE_SIZE + 1):
        PostFactory(group=group, tag=tag, created_at=now - _delta(minutes=n))
    url = reverse("board:index", args=[group.slug])

    first = client.get(url, {"tag": tag.pk}).content.decode()
    older = first.split('rel="next" href="')[1].split('"')[0]
    assert older.startswith("?before=") and older.endswith(f"&amp;tag={tag.pk}")

    second = client.get(url + older.replace("&amp;", "&")).content.decode()
    assert f'href="{url}?tag={tag.pk}"' in second
    assert 'rel="next"' not in second
