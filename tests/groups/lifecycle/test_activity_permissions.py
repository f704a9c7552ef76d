"""Who may reach each activity, growth and spin-off endpoint, and member input that must render inert."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.groups.models import Activity, Membership, SpinOff
from tests.groups.lifecycle.factories import ActivityFactory

PAYLOAD = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


@pytest.fixture
def activity(group):
    return ActivityFactory(group=group, starts_at=timezone.now() - timedelta(minutes=20))


@pytest.fixture
def spin_off(group, make_member, leader):
    return SpinOff.objects.create(from_group=group, nominee=make_member(), proposed_by=leader, name="西湖骑行二社")


# (name, method, needs the activity in the URL)
MANAGE_ENDPOINTS = [
    ("manage_activities", "get", False),
    ("activity_create", "get", False),
    ("activity_create", "post", False),
    ("manage_growth", "get", False),
    ("start_spin_off", "post", False),
    ("activity_edit", "get", True),
    ("activity_edit", "post", True),
    ("activity_attendance", "post", True),
    ("activity_attendance_remove", "post", True),
    ("activity_report", "post", True),
    ("activity_cancel", "post", True),
]
MEMBER_ENDPOINTS = [
    ("activity_rsvp", "post", True),
    ("activity_cancel_rsvp", "post", True),
    ("activity_check_in", "post", True),
]


def endpoint_url(name, with_activity, group, activity):
    if with_activity:
        return reverse(f"groups:{name}", kwargs={"slug": group.slug, "pk": activity.pk})
    return reverse(f"groups:{name}", kwargs={"slug": group.slug})


def call(client, method, url):
    return getattr(client, method)(url, {"title": "改掉", "code": "ABCDEF", "summary": "x", "present": ["1"]})


def unchanged(activity):
    fresh = Activity.objects.get(pk=activity.pk)
    return (fresh.title, fresh.status, fresh.attended_count, fresh.reported_at) == (
        activity.title,
        activity.status,
        activity.attended_count,
        activity.reported_at,
    )


@pytest.mark.parametrize(("name", "method", "with_activity"), MANAGE_ENDPOINTS + MEMBER_ENDPOINTS)
def test_anonymous_visitors_are_sent_to_log_in(client, group, activity, name, method, with_activity):
    url = endpoint_url(name, with_activity, group, activity)

    response = call(client, method, url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert unchanged(activity)


@pytest.mark.parametrize("name", ["answer_spin_off", "move_to_spin_off"])
def test_anonymous_visitors_cannot_answer_or_move_to_a_spin_off(client, spin_off, name):
    response = client.post(reverse(f"groups:{name}", args=[spin_off.pk]), {"answer": "accept"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert SpinOff.objects.get(pk=spin_off.pk).status == SpinOff.Status.PENDING


@pytest.mark.parametrize(("name", "method", "with_activity"), MANAGE_ENDPOINTS)
def test_a_plain_member_gets_403_on_manage_endpoints(login, group, activity, make_member, name, method, with_activity):
    response = call(login(make_member()), method, endpoint_url(name, with_activity, group, activity))

    assert response.status_code == 403
    assert unchanged(activity)


@pytest.mark.parametrize(("name", "method", "with_activity"), MANAGE_ENDPOINTS)
def test_the_leader_of_another_group_gets_403(login, group, activity, other_group_leader, name, method, with_activity):
    response = call(login(other_group_leader), method, endpoint_url(name, with_activity, group, activity))

    assert response.status_code == 403
    assert unchanged(activity)


def test_a_co_leader_manages_activities_but_cannot_start_a_spin_off(login, group, activity, make_member):
    client = login(make_member(role=Membership.Role.CO_LEADER))

    assert client.get(reverse("groups:manage_activities", args=[group.slug])).status_code == 200
    assert client.post(reverse("groups:start_spin_off", args=[group.slug]), {"name": "x"}).status_code == 403


def test_the_nominee_alone_answers_a_spin_off(login, spin_off, make_member):
    response = login(make_member()).post(reverse("groups:answer_spin_off", args=[spin_off.pk]), {"answer": "accept"})

    assert response.status_code == 404
    assert SpinOff.objects.get(pk=spin_off.pk).status == SpinOff.Status.PENDING


def test_the_check_in_code_is_shown_to_leaders_only(client, login, group, activity, leader, make_member):
    anonymous = client.get(activity.get_absolute_url()).content.decode()
    member = login(make_member()).get(activity.get_absolute_url()).content.decode()
    leading = login(leader).get(activity.get_absolute_url()).content.decode()

    assert activity.check_in_code not in anonymous
    assert activity.check_in_code not in member
    assert activity.check_in_code in leading


def test_an_online_link_is_shown_to_members_only(client, login, group, make_member):
    online = ActivityFactory(group=group, mode="online", place="", link="https://meet.example.com/secret-room")

    assert "secret-room" not in client.get(online.get_absolute_url()).content.decode()
    assert "secret-room" in login(make_member()).get(online.get_absolute_url()).content.decode()


# --- Untrusted input -------------------------------------------------------------------------------------------------


@pytest.fixture
def hostile(group, activity, leader, make_member):
    """An activity, an upcoming one and a filed report carrying script in every free-text field."""
    Activity.objects.filter(pk=activity.pk).update(
        title=PAYLOAD,
        description=PAYLOAD,
        report_summary=PAYLOAD,
        report_feedback=PAYLOAD,
        reported_at=timezone.now(),
    )
    ActivityFactory(group=group, title=PAYLOAD, description=PAYLOAD)
    return Activity.objects.get(pk=activity.pk)


def assert_inert(response):
    html = response.content.decode()
    assert response.status_code == 200
    assert PAYLOAD not in html
    assert ESCAPED in html


def test_script_in_an_activity_and_its_report_renders_inert(client, login, hostile, leader):
    assert_inert(client.get(hostile.get_absolute_url()))
    assert_inert(login(leader).get(hostile.get_absolute_url()))


def test_script_in_activity_titles_renders_inert_in_every_list(client, login, hostile, group, leader):
    assert_inert(client.get(group.get_absolute_url()))
    assert_inert(client.get(reverse("activities")))
    assert_inert(login(leader).get(reverse("groups:manage_activities", args=[group.slug])))


def test_script_posted_through_the_forms_is_stored_as_text_and_shown_inert(login, group, leader, activity):
    client = login(leader)
    start = timezone.localtime(timezone.now() + timedelta(days=1))
    client.post(
        reverse("groups:activity_create", args=[group.slug]),
        {
            "title": PAYLOAD,
            "mode": "offline",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "place": PAYLOAD,
            "description": PAYLOAD,
        },
    )
    client.post(
        reverse("groups:activity_report", kwargs={"slug": group.slug, "pk": activity.pk}),
        {"summary": PAYLOAD, "feedback": PAYLOAD},
    )

    created = Activity.objects.get(title=PAYLOAD)
    assert_inert(client.get(created.get_absolute_url()))
    assert_inert(client.get(activity.get_absolute_url()))
