"""One member acting many times at once: founding past "groups led", and a double click on the last seat.

The races themselves need PostgreSQL (see tests/concurrency.py). The state a lost race used to leave behind (seated
and waitlisted at once) is also built directly, on any database, to show that leaving never re-seats a member from
their own stale request nor mails them that a seat opened.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.groups.models import (
    Activity,
    ActivityRSVP,
    CommunityGroup,
    GroupApplication,
    GroupRules,
    JoinRequest,
    Membership,
)
from portal.groups.services import GroupActionError, leave_group, request_to_join, submit_application
from portal.groups.services import activities as activity_services
from portal.points.models import PointEntry
from tests.concurrency import requires_postgresql, run_concurrently
from tests.groups.factories import (
    CommunityGroupFactory,
    GroupApplicationFactory,
    JoinRequestFactory,
    MemberFactory,
    MembershipFactory,
)
from tests.groups.lifecycle.factories import ActivityFactory

race = pytest.mark.django_db(transaction=True)


def _application(topic, name):
    return {
        "name": name,
        "topic": topic,
        "city": "杭州",
        "purpose": "周末一起做点什么。",
        "planned_activities": "每月两次线下活动。",
        "expected_size": 20,
    }


def _founding_entries(member):
    return PointEntry.objects.filter(member=member, rule__code="group_founded", kind=PointEntry.Kind.EARN)


def _groups_led(member):
    return Membership.objects.filter(
        member=member, role=Membership.Role.LEADER, state=Membership.State.ACTIVE, group__status="active"
    ).count()


# --- Founding (PostgreSQL) ------------------------------------------------------------------------------------------


@race
@requires_postgresql
def test_one_member_founding_eight_times_at_once_founds_one_group_when_one_place_is_left(topic):
    rules = GroupRules.load()
    assert rules.approval_mode == GroupRules.Mode.AUTOMATIC
    member = MemberFactory()
    for _ in range(rules.max_groups_led - 1):
        CommunityGroupFactory(topic=topic, leader=member)

    results, unexpected = run_concurrently(
        8, lambda i: submit_application(member, **_application(topic, f"夜跑团{i}")), expected=(GroupActionError,)
    )

    assert unexpected == []
    founded = [r for r in results if isinstance(r, GroupApplication)]
    assert len(founded) == 1, results
    assert _groups_led(member) == rules.max_groups_led
    assert CommunityGroup.objects.filter(name__startswith="夜跑团").count() == 1
    assert _founding_entries(member).count() == 1
    assert GroupApplication.objects.filter(applicant=member).count() == 1  # refused ones leave nothing behind


@race
@requires_postgresql
def test_one_member_founding_eight_times_at_once_stops_at_the_groups_led_rule(topic):
    rules = GroupRules.load()
    member = MemberFactory()

    results, unexpected = run_concurrently(
        8, lambda i: submit_application(member, **_application(topic, f"读书会{i}")), expected=(GroupActionError,)
    )

    assert unexpected == []
    founded = CommunityGroup.objects.filter(founder=member)
    assert founded.count() == rules.max_groups_led == _groups_led(member)
    # Founding points once per group founded, never for a refused attempt.
    assert _founding_entries(member).count() == rules.max_groups_led
    assert sum(isinstance(r, GroupActionError) for r in results) == 8 - rules.max_groups_led


@race
@requires_postgresql
def test_eight_founding_posts_at_once_by_one_member_found_one_group_when_one_place_is_left(topic):
    from django.test import Client

    rules = GroupRules.load()
    member = MemberFactory()
    for _ in range(rules.max_groups_led - 1):
        CommunityGroupFactory(topic=topic, leader=member)
    clients = []
    for _ in range(8):
        client = Client()
        client.force_login(member)
        clients.append(client)

    def post(i):
        data = {**_application(topic, f"城南夜跑团{i}"), "topic": topic.pk, "confirm_distinct": "on"}
        return clients[i].post("/en/portal/groups/found/", data).status_code

    results, unexpected = run_concurrently(8, post)

    assert unexpected == []
    assert all(code in (200, 302, 429) for code in results), results  # a form error or a redirect, never a 500
    assert CommunityGroup.objects.filter(name__startswith="城南夜跑团").count() == 1
    assert _groups_led(member) == rules.max_groups_led
    assert _founding_entries(member).count() == 1


# --- The last seat (PostgreSQL) -------------------------------------------------------------------------------------


@race
@requires_postgresql
@pytest.mark.parametrize("attempt", range(3))
def test_one_member_joining_twice_at_once_for_the_last_seat_is_seated_once_and_not_waitlisted(topic, attempt):
    group = CommunityGroupFactory(topic=topic, leader=MemberFactory(), capacity=2)  # the leader holds one seat
    member = MemberFactory()

    results, unexpected = run_concurrently(
        2, lambda i: request_to_join(CommunityGroup.objects.get(pk=group.pk), member), expected=(GroupActionError,)
    )

    assert unexpected == []
    assert sum(isinstance(r, Membership) for r in results) == 1, results
    assert Membership.objects.filter(group=group, member=member, state=Membership.State.ACTIVE).count() == 1
    assert not JoinRequest.objects.filter(group=group, member=member).exists()
    group.refresh_from_db()
    assert group.member_count == 2


@race
@requires_postgresql
def test_one_member_joining_four_times_at_once_a_full_group_is_waitlisted_once(topic):
    group = CommunityGroupFactory(topic=topic, leader=MemberFactory(), capacity=1)
    member = MemberFactory()

    results, unexpected = run_concurrently(
        4, lambda i: request_to_join(CommunityGroup.objects.get(pk=group.pk), member), expected=(GroupActionError,)
    )

    assert unexpected == []
    assert sum(isinstance(r, JoinRequest) for r in results) == 1, results
    assert JoinRequest.objects.filter(group=group, member=member, status=JoinRequest.Status.WAITLISTED).count() == 1


@race
@requires_postgresql
def test_one_member_signing_up_twice_at_once_for_the_last_place_holds_one_place(topic):
    group = CommunityGroupFactory(topic=topic, leader=MemberFactory())
    member = MembershipFactory(group=group).member
    activity = ActivityFactory(group=group, capacity=1)

    results, unexpected = run_concurrently(
        3,
        lambda i: activity_services.rsvp(Activity.objects.get(pk=activity.pk), member),
        expected=(GroupActionError,),
    )

    assert unexpected == []
    assert sum(r is None for r in results) == 1, results  # rsvp returns nothing when it succeeds
    assert ActivityRSVP.objects.filter(activity=activity, member=member, status="going").count() == 1
    activity.refresh_from_db()
    assert activity.rsvp_count == 1


# --- What a lost race left behind (any database) --------------------------------------------------------------------


@pytest.fixture
def full_group(topic):
    """A full open group (capacity 3): its leader, the member who double-clicked, and one more member."""
    return CommunityGroupFactory(topic=topic, leader=MemberFactory(), members=2, capacity=3)


def _double_clicked(group):
    """A member both seated and waitlisted, as the double click on the last seat used to leave them."""
    member = Membership.objects.filter(group=group, role=Membership.Role.MEMBER).first().member
    request = JoinRequestFactory(group=group, member=member, status=JoinRequest.Status.WAITLISTED)
    return member, request


def test_leaving_does_not_reseat_a_member_from_their_own_stale_request(
    client, full_group, mailoutbox, django_capture_on_commit_callbacks
):
    member, stale = _double_clicked(full_group)
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/portal/groups/{full_group.slug}/leave/")

    assert response.status_code == 302
    membership = Membership.objects.get(group=full_group, member=member)
    assert membership.state == Membership.State.LEFT
    stale.refresh_from_db()
    assert stale.status == JoinRequest.Status.WITHDRAWN
    full_group.refresh_from_db()
    assert full_group.member_count == 2
    assert mail.outbox == []


def test_leaving_gives_the_seat_to_the_next_member_waiting_behind_a_stale_request(
    full_group, mailoutbox, django_capture_on_commit_callbacks
):
    member, stale = _double_clicked(full_group)
    waiting = MemberFactory(email="waiting@example.com")
    JoinRequestFactory(
        group=full_group,
        member=waiting,
        status=JoinRequest.Status.WAITLISTED,
        waitlisted_at=stale.waitlisted_at + timedelta(seconds=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        leave_group(full_group, member)

    assert Membership.objects.get(group=full_group, member=member).state == Membership.State.LEFT
    assert Membership.objects.get(group=full_group, member=waiting).state == Membership.State.ACTIVE
    assert [m.to for m in mail.outbox] == [["waiting@example.com"]]


def test_a_request_older_than_the_members_last_seat_is_not_served(
    full_group, mailoutbox, django_capture_on_commit_callbacks
):
    # Left behind before the fix: the member left (and kept their request), so it looks like any waiting request.
    member, stale = _double_clicked(full_group)
    Membership.objects.filter(group=full_group, member=member).update(
        state=Membership.State.LEFT, ended_at=timezone.now()
    )
    CommunityGroup.objects.filter(pk=full_group.pk).update(member_count=2)
    other = MembershipFactory(group=full_group, member=MemberFactory()).member  # fills the group again
    full_group.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        leave_group(full_group, other)

    assert Membership.objects.get(group=full_group, member=member).state == Membership.State.LEFT
    stale.refresh_from_db()
    assert stale.status == JoinRequest.Status.WITHDRAWN
    assert mail.outbox == []


def test_a_request_made_after_leaving_is_served(full_group, mailoutbox, django_capture_on_commit_callbacks):
    # The other side of the rule above: a member who left and then asked again is really waiting.
    member = Membership.objects.filter(group=full_group, role=Membership.Role.MEMBER).first().member
    leave_group(full_group, member)
    filler = MembershipFactory(group=full_group, member=MemberFactory()).member
    JoinRequestFactory(
        group=full_group,
        member=member,
        status=JoinRequest.Status.WAITLISTED,
        waitlisted_at=timezone.now() + timedelta(seconds=1),
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        leave_group(full_group, filler)

    assert Membership.objects.get(group=full_group, member=member).state == Membership.State.ACTIVE
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_a_member_seated_another_way_has_no_open_request_left(full_group, topic):
    # Seating closes the member's open request for that group, whichever path seated them.
    from portal.groups.services import spinoff

    member, stale = _double_clicked(full_group)
    waiting = MemberFactory()
    JoinRequestFactory(group=full_group, member=waiting, status=JoinRequest.Status.WAITLISTED)
    new = CommunityGroupFactory(topic=topic, leader=MemberFactory())
    JoinRequestFactory(group=new, member=waiting, status=JoinRequest.Status.PENDING)
    spin_off = spinoff.SpinOff.objects.create(
        from_group=full_group, nominee=new.founder or member, name=new.name, status="accepted", new_group=new
    )

    spinoff.move(spin_off, waiting)

    assert Membership.objects.get(group=new, member=waiting).state == Membership.State.ACTIVE
    assert not JoinRequest.objects.filter(member=waiting, status__in=JoinRequest.OPEN_STATUSES).exists()


# --- Review mode: "groups led" is checked again when the community team approves --------------------------------


def test_approving_an_application_past_the_groups_led_rule_is_a_message(client, rules, topic, community_team_member):
    rules.approval_mode = GroupRules.Mode.REVIEW
    rules.save()
    member = MemberFactory()
    # Submitted while the member still had a free place; they have filled it since.
    application = submit_application(member, **_application(topic, "第四个社群"))
    for _ in range(rules.max_groups_led):
        CommunityGroupFactory(topic=topic, leader=member)
    client.force_login(community_team_member)

    response = client.post(f"/admin/community/applications/{application.pk}/decide/", {"decision": "approve"})

    assert response.status_code == 200
    assert "already leads 3 groups" in response.content.decode()
    application.refresh_from_db()
    assert application.status == GroupApplication.Status.SUBMITTED
    assert not CommunityGroup.objects.filter(name="第四个社群").exists()
    assert _founding_entries(member).count() == 0


def test_accepting_a_spin_off_whose_name_was_taken_a_moment_ago_is_a_message(topic, monkeypatch):
    from portal.groups.services import spinoff

    leader = MemberFactory()
    group = CommunityGroupFactory(topic=topic, leader=leader, members=1)
    nominee = Membership.objects.get(group=group, role=Membership.Role.MEMBER).member
    offer = spinoff.SpinOff.objects.create(from_group=group, nominee=nominee, proposed_by=leader, name="城东分队")
    CommunityGroupFactory(topic=topic, name="城东分队")  # founded by someone else after the check
    monkeypatch.setattr(spinoff, "name_taken", lambda name, exclude_group=None: False)

    with pytest.raises(GroupActionError, match="exists already"):
        spinoff.answer(offer, nominee, accept=True)

    offer.refresh_from_db()
    assert offer.status == spinoff.SpinOff.Status.PENDING
    assert not Membership.objects.filter(member=nominee, role=Membership.Role.LEADER).exists()


def test_a_slug_taken_a_moment_ago_by_another_founding_gets_a_fresh_one(topic, monkeypatch):
    from portal.groups import services
    from portal.groups.services import founding

    CommunityGroupFactory(topic=topic, name="另一个社群", slug="night-runners")
    application = GroupApplicationFactory(name="Night Runners!", topic=topic)
    slugs = iter(["night-runners", "night-runners-2"])  # the first one was free when it was checked
    monkeypatch.setattr(founding, "_unique_slug", lambda name: next(slugs))

    group = services.approve_application(application)

    assert (group.name, group.slug) == ("Night Runners!", "night-runners-2")
