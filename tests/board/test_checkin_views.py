"""Check-in topics as members meet them: the topic page, checking in, the leaders' forms, who may read."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from portal.board.models import CheckIn, CheckInImage, CheckInTopic, ModerationAction, Post
from portal.board.services.checkins import open_topic
from tests.utils import flashed, form_errors, upload

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


@pytest.fixture
def on_day(monkeypatch):
    """Helper: `on_day(day)` makes the views' local date ``day`` (the services take it from them)."""

    def set_day(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_day


@pytest.fixture
def topic_post(board_group, viewer):
    """A daily topic opened today by the leader, running three weeks."""
    today = timezone.localdate()
    return open_topic(
        viewer(board_group.group, board_group.leader),
        title="每日阅读打卡",
        body="<p>每天读十页，写一句感想。</p>",
        cadence="daily",
        starts_on=today,
        ends_on=today + timedelta(days=20),
        today=today,
    )


def said(response):
    """The message the last action queued (earlier ones stay queued when a test does not follow the redirect)."""
    return flashed(response)[-1]


def post_check_in(client, board_group, post, body="读完了第三章", **extra):
    return client.post(board_group.url("check_in", post.pk), {"body": body, **extra})


# --- Opening a topic --------------------------------------------------------------------------------------------


def test_a_leader_opens_a_topic_through_the_form(client, board_group):
    client.force_login(board_group.leader)
    page = client.get(board_group.url("new_topic"))
    assert page.status_code == 200 and "Open a check-in topic" in page.content.decode()
    ends = timezone.localdate() + timedelta(days=13)
    response = client.post(
        board_group.url("new_topic"),
        {"title": "两周打卡", "intro": "<p>每天<b>练习</b></p>", "cadence": "daily", "ends_on": ends.isoformat()},
    )
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == board_group.url("post", post.pk)
    assert post.is_check_in and post.body == "<p>每天<strong>练习</strong></p>"
    assert post.check_in_topic.ends_on == ends and post.check_in_topic.starts_on == timezone.localdate()


def test_a_topic_ending_before_it_starts_is_refused_with_a_message(client, board_group):
    client.force_login(board_group.leader)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        board_group.url("new_topic"), {"title": "打卡", "cadence": "daily", "ends_on": yesterday.isoformat()}
    )
    assert form_errors(response) == {"__all__": ["The end date must be on or after the start date."]}
    assert not Post.objects.exists()


@pytest.mark.parametrize("data", [{}, {"title": "x", "cadence": "yearly", "ends_on": "2026-13-45"}])
def test_a_broken_topic_form_is_a_form_error(client, board_group, data):
    client.force_login(board_group.leader)
    response = client.post(board_group.url("new_topic"), data)
    assert response.status_code == 200 and response.context["form"].errors
    assert not Post.objects.exists()


def test_members_may_not_open_topics_and_visitors_sign_in_first(client, board_group):
    response = client.get(board_group.url("new_topic"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(board_group.alice)
    assert client.get(board_group.url("new_topic")).status_code == 403
    assert client.post(board_group.url("new_topic"), {"title": "x"}).status_code == 403
    assert not Post.objects.exists()


# --- The topic page and checking in -----------------------------------------------------------------------------


def test_three_members_check_in_on_two_days_and_see_their_streaks(client, board_group, viewer, on_day):
    on_day(MONDAY)
    post = open_topic(
        viewer(board_group.group, board_group.leader),
        title="每日阅读打卡",
        body="",
        cadence="daily",
        ends_on=MONDAY + timedelta(days=20),
    )
    people = [board_group.alice, board_group.bob, board_group.co_leader]
    for day in (MONDAY, MONDAY + timedelta(days=1)):
        on_day(day)
        for member in people:
            client.force_login(member)
            response = post_check_in(client, board_group, post, body=f"{member.display_name}今天读了十页")
            assert response.status_code == 302
            assert said(response) == "Checked in. Keep it going!"
    client.force_login(board_group.alice)
    page = client.get(board_group.url("post", post.pk)).content.decode()
    assert "You checked in today." in page
    assert "Your streak: 2 days" in page
    assert page.count('<th scope="row">') == 3
    assert page.count('<span class="visually-hidden">checked in</span>') == 6
    assert CheckInTopic.objects.get().check_in_count == 6


def test_a_second_check_in_the_same_day_is_refused_with_a_message(client, board_group, topic_post):
    client.force_login(board_group.alice)
    post_check_in(client, board_group, topic_post)
    response = post_check_in(client, board_group, topic_post, body="又来一次")
    assert response.status_code == 302 and response["Location"] == board_group.url("post", topic_post.pk)
    assert said(response) == "You have already checked in today. Come back tomorrow!"
    assert list(CheckIn.objects.values_list("body", flat=True)) == ["读完了第三章"]
    page = client.get(board_group.url("post", topic_post.pk)).content.decode()
    assert 'name="body"' not in page and "You checked in today." in page


def test_a_member_checks_in_with_images(client, board_group, topic_post, png_bytes):
    client.force_login(board_group.alice)
    files = [upload(f"p{n}.png", png_bytes((40, 30))) for n in range(2)]
    post_check_in(client, board_group, topic_post, images=files)
    check_in = CheckIn.objects.get()
    assert [image.image.name.endswith(".jpg") for image in check_in.images.all()] == [True, True]
    page = client.get(board_group.url("post", topic_post.pk)).content.decode()
    assert page.count("Image 1 of this check-in") == 1 and "Image 2 of this check-in" in page


def test_ten_images_are_refused_before_anything_is_saved(client, board_group, topic_post, png_bytes):
    client.force_login(board_group.alice)
    files = [upload(f"p{n}.png", png_bytes()) for n in range(10)]
    response = post_check_in(client, board_group, topic_post, images=files)
    assert form_errors(response, "check_in_form") == {"images": ["At most 9 images."]}
    assert not CheckIn.objects.exists() and not CheckInImage.objects.exists()


@pytest.mark.parametrize("body", ["", "字" * 1001])
def test_an_empty_or_too_long_check_in_is_a_form_error(client, board_group, topic_post, body):
    client.force_login(board_group.alice)
    response = post_check_in(client, board_group, topic_post, body=body)
    assert "body" in form_errors(response, "check_in_form")
    assert not CheckIn.objects.exists()


def test_check_ins_after_the_end_date_are_refused(client, board_group, topic_post, on_day):
    on_day(timezone.localdate() + timedelta(days=21))
    client.force_login(board_group.alice)
    page = client.get(board_group.url("post", topic_post.pk)).content.decode()
    assert "This topic ended on" in page and 'name="body"' not in page
    response = post_check_in(client, board_group, topic_post)
    assert "ended" in said(response)
    assert not CheckIn.objects.exists()


def test_a_muted_member_is_refused_with_the_reason(client, board_group, topic_post):
    from portal.board.models import Mute

    Mute.objects.create(
        group=board_group.group,
        member=board_group.bob,
        until=timezone.now() + timedelta(days=2),
        reason="刷屏",
        created_by=board_group.leader,
    )
    client.force_login(board_group.bob)
    response = post_check_in(client, board_group, topic_post)
    assert "刷屏" in said(response)
    assert not CheckIn.objects.exists()


def test_outsiders_are_refused_and_visitors_sent_to_sign_in(client, board_group, topic_post):
    response = post_check_in(client, board_group, topic_post)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(board_group.outsider)
    page = client.get(board_group.url("post", topic_post.pk)).content.decode()
    assert "Join the group to check in." in page
    response = post_check_in(client, board_group, topic_post)
    assert said(response) == "Only members of this group can do that."
    assert not CheckIn.objects.exists()


def test_a_members_only_topic_is_closed_to_visitors_and_outsiders(client, board_group, topic_post, members_only):
    members_only(board_group.group)
    response = client.get(board_group.url("post", topic_post.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(board_group.outsider)
    assert client.get(board_group.url("post", topic_post.pk)).status_code == 403
    assert post_check_in(client, board_group, topic_post).status_code == 403
    client.force_login(board_group.alice)
    assert client.get(board_group.url("post", topic_post.pk)).status_code == 200


def test_a_check_in_full_of_markup_stays_text(client, board_group, topic_post):
    client.force_login(board_group.alice)
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    post_check_in(client, board_group, topic_post, body=payload)
    page = client.get(board_group.url("post", topic_post.pk)).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_completion_table_is_an_accessible_table(client, board_group, topic_post):
    client.force_login(board_group.alice)
    post_check_in(client, board_group, topic_post)
    page = client.get(board_group.url("post", topic_post.pk)).content.decode()
    assert '<caption id="topic-table-caption">' in page and '<th scope="col">Member</th>' in page
    # The scrolling region is named by the caption, not by the section's heading (landmark names stay unique).
    assert 'role="region" aria-labelledby="topic-table-caption"' in page
    assert '<th scope="row">阿丽</th>' in page
    assert '<span aria-hidden="true">✓</span><span class="visually-hidden">checked in</span>' in page


# --- Leaders: reviews and hiding --------------------------------------------------------------------------------


def test_a_leader_reviews_an_assignment_check_in_on_the_page(client, board_group, viewer, assignment):
    from portal.board.services.checkins import check_in

    entry = check_in(viewer(board_group.group, board_group.alice), assignment, body="这周的作业")
    client.force_login(board_group.leader)
    page = client.get(board_group.url("post", assignment.pk)).content.decode()
    assert "Mark as reviewed" in page
    response = client.post(board_group.url("review_check_in", entry.pk), {"comment": "构图很好，继续！"})
    assert response["Location"].endswith(f"#check-in-{entry.pk}")
    assert said(response) == "Review saved. The member can see your comment."
    response = client.post(board_group.url("review_check_in", entry.pk), {"comment": "再点评一次"})
    assert said(response) == "This check-in has already been reviewed."
    entry.refresh_from_db()
    assert entry.review_comment == "构图很好，继续！" and entry.reviewed_by == board_group.leader
    client.force_login(board_group.alice)
    page = client.get(board_group.url("post", assignment.pk)).content.decode()
    assert "构图很好，继续！" in page and "Mark as reviewed" not in page


def test_members_cannot_review_or_hide(client, board_group, viewer, assignment):
    from portal.board.services.checkins import check_in

    entry = check_in(viewer(board_group.group, board_group.alice), assignment, body="这周的作业")
    client.force_login(board_group.bob)
    response = client.post(board_group.url("review_check_in", entry.pk), {"comment": "不错"})
    assert said(response) == "Only the group's leaders can do that."
    response = client.post(board_group.url("moderate_check_in", entry.pk), {"action": "hide", "reason": "x"})
    assert said(response) == "Only the group's leaders can do that."
    entry.refresh_from_db()
    assert not entry.is_reviewed and not entry.is_hidden


def test_a_leader_hides_a_check_in_with_a_reason_its_author_sees(client, board_group, topic_post):
    client.force_login(board_group.alice)
    post_check_in(client, board_group, topic_post, body="加我微信买书")
    entry = CheckIn.objects.get()
    client.force_login(board_group.leader)
    url = board_group.url("moderate_check_in", entry.pk)
    assert (
        said(client.post(url, {"action": "hide", "reason": ""}))
        == "Give a reason for hiding it; the member will see it."
    )
    assert (
        said(client.post(url, {"action": "hide", "reason": "广告"}))
        == "The check-in is hidden. Its author sees your reason."
    )
    assert ModerationAction.objects.get().action == ModerationAction.Action.HIDE
    client.force_login(board_group.bob)
    assert "加我微信买书" not in client.get(board_group.url("post", topic_post.pk)).content.decode()
    client.force_login(board_group.alice)
    page = client.get(board_group.url("post", topic_post.pk)).content.decode()
    assert "加我微信买书" in page and "Hidden by a leader: 广告" in page
    client.force_login(board_group.leader)
    assert said(client.post(url, {"action": "unhide"})) == "The check-in is shown again."
    client.force_login(board_group.bob)
    assert "加我微信买书" in client.get(board_group.url("post", topic_post.pk)).content.decode()


def test_unknown_check_ins_and_actions_are_not_errors(client, board_group, topic_post):
    client.force_login(board_group.leader)
    assert client.post(board_group.url("moderate_check_in", 999999), {"action": "hide"}).status_code == 404
    assert client.post(board_group.url("review_check_in", 999999), {"comment": "x"}).status_code == 404
    assert client.get(board_group.url("check_in", topic_post.pk)).status_code == 405
    assert client.get(board_group.url("post", topic_post.pk), {"page": "abc"}).status_code == 200
    assert client.get(board_group.url("post", topic_post.pk), {"page": "99999999999"}).status_code == 200
