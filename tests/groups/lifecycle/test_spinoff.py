"""Spin-off (裂变): offered to the leader of a nearly full group, founded only when the nominee accepts, and members
and waitlisted applicants choose whether to move."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group as AuthGroup
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.groups.models import CommunityGroup, JoinRequest, Membership, SpinOff
from portal.groups.services import GroupActionError, spinoff
from tests.groups.factories import CommunityGroupFactory, JoinRequestFactory, MembershipFactory
from tests.groups.lifecycle.factories import ActivityFactory, attend, days_ago
from tests.groups.lifecycle.helpers import messages_of, zh


@pytest.fixture
def nearly_full(leader, topic):
    """A group of 10 seats in 苏州 with its leader and eight members: 90 % full."""
    group = CommunityGroupFactory(
        name="苏州园林摄影", slug="suzhou-photo", topic=topic, city="苏州", capacity=10, leader=leader
    )
    for _ in range(8):
        MembershipFactory(group=group)
    group.refresh_from_db()
    assert group.member_count == 9
    return group


def members_of(group):
    return [m.member for m in Membership.objects.filter(group=group, role=Membership.Role.MEMBER).order_by("pk")]


def start(client, group, nominee, name="苏州园林摄影二社"):
    return client.post(
        reverse("groups:start_spin_off", args=[group.slug]), {"name": name, "nominee": nominee.pk, "message": "你来带"}
    )


def test_a_spin_off_is_offered_at_ninety_percent_of_capacity(nearly_full):
    assert spinoff.can_spin_off(nearly_full)

    Membership.objects.filter(group=nearly_full, role=Membership.Role.MEMBER).first().delete()
    CommunityGroup.objects.filter(pk=nearly_full.pk).update(member_count=8)
    nearly_full.refresh_from_db()

    assert not spinoff.can_spin_off(nearly_full)


def test_the_leader_sees_the_offer_with_the_most_active_members_suggested(login, nearly_full, leader):
    keen, steady, *_ = members_of(nearly_full)
    for days in (3, 10, 20):
        activity = ActivityFactory(group=nearly_full, starts_at=days_ago(days))
        attend(activity, keen)
        if days == 3:
            attend(activity, steady)

    response = login(leader).get(reverse("groups:manage_growth", args=[nearly_full.slug]))

    form = response.context["spin_form"]
    assert form is not None
    suggested = [value for value, _label in form.fields["nominee"].choices]
    assert suggested[:2] == [keen.pk, steady.pk]
    assert leader.pk not in suggested


def test_below_ninety_percent_there_is_no_offer(login, leader, topic):
    group = CommunityGroupFactory(topic=topic, capacity=10, leader=leader, members=7)

    response = login(leader).get(reverse("groups:manage_growth", args=[group.slug]))
    refused = start(login(leader), group, members_of(group)[0])

    assert response.context["spin_form"] is None
    assert zh("Offered once the group reaches 90% of its capacity.", template=True) in response.content.decode()
    assert zh("A spin-off is offered once the group is at 90% of its capacity.") in messages_of(refused)
    assert not SpinOff.objects.exists()


def test_only_the_leader_is_offered_a_spin_off(login, nearly_full):
    co_leader = members_of(nearly_full)[0]
    Membership.objects.filter(group=nearly_full, member=co_leader).update(role=Membership.Role.CO_LEADER)
    membership = Membership.objects.get(group=nearly_full, member=co_leader)

    response = login(co_leader).get(reverse("groups:manage_growth", args=[nearly_full.slug]))

    assert response.context["spin_form"] is None
    assert zh("Only the leader can start a spin-off.") in response.content.decode()
    with pytest.raises(GroupActionError):
        spinoff.offer(nearly_full, membership, nominee_id=members_of(nearly_full)[0].pk, name="副组长的分社")


def test_candidates_are_the_most_active_members_of_the_last_30_days_here(nearly_full, leader):
    first, second, third, *rest = members_of(nearly_full)
    for days in (2, 5):
        activity = ActivityFactory(group=nearly_full, starts_at=days_ago(days))
        attend(activity, first)
        attend(activity, leader)
    attend(ActivityFactory(group=nearly_full, starts_at=days_ago(6)), second)
    for days in (40, 50, 60):  # long ago: does not count
        attend(ActivityFactory(group=nearly_full, starts_at=days_ago(days)), third)
    elsewhere = ActivityFactory(group=CommunityGroupFactory(), starts_at=days_ago(1))
    MembershipFactory(group=elsewhere.group, member=third)
    attend(elsewhere, third)  # another group: does not count

    candidates = spinoff.candidates(nearly_full)

    assert candidates[:2] == [first, second]
    assert leader not in candidates
    assert len(candidates) == 5


def test_nothing_exists_until_the_nominee_accepts(login, nearly_full, leader, django_capture_on_commit_callbacks):
    nominee = members_of(nearly_full)[0]
    groups_before = CommunityGroup.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = start(login(leader), nearly_full, nominee)

    assert zh("The nominee has been asked. The new group exists once they accept.") in messages_of(response)
    offer = SpinOff.objects.get()
    assert (offer.status, offer.nominee, offer.new_group) == (SpinOff.Status.PENDING, nominee, None)
    assert CommunityGroup.objects.count() == groups_before
    assert [message.to for message in mail.outbox] == [[nominee.email]]
    page = login(nominee).get(nearly_full.get_absolute_url()).content.decode()
    assert reverse("groups:answer_spin_off", args=[offer.pk]) in page


def test_a_second_offer_waits_for_the_first_answer(login, nearly_full, leader):
    first, second = members_of(nearly_full)[:2]
    client = login(leader)
    start(client, nearly_full, first)

    response = start(client, nearly_full, second, name="另一个分社")

    assert SpinOff.objects.count() == 1
    assert response.status_code == 302


def test_accepting_founds_a_new_group_in_stage_new_with_the_nominee_as_leader(
    login, nearly_full, leader, django_capture_on_commit_callbacks
):
    nominee = members_of(nearly_full)[0]
    start(login(leader), nearly_full, nominee)
    offer = SpinOff.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = login(nominee).post(reverse("groups:answer_spin_off", args=[offer.pk]), {"answer": "accept"})

    offer.refresh_from_db()
    new = offer.new_group
    assert response["Location"] == new.get_absolute_url()
    assert (new.name, new.stage, new.topic, new.city, new.founder) == (
        "苏州园林摄影二社",
        CommunityGroup.Stage.NEW,
        nearly_full.topic,
        "苏州",
        nominee,
    )
    assert new.member_count == 1
    assert Membership.objects.get(group=new, member=nominee).role == Membership.Role.LEADER
    assert offer.status == SpinOff.Status.ACCEPTED
    assert leader.email in [address for message in mail.outbox for address in message.to]
    assert nominee.groups.filter(pk=AuthGroup.objects.get(name="Leaders").pk).exists()


def test_declining_founds_nothing(login, nearly_full, leader):
    nominee = members_of(nearly_full)[0]
    start(login(leader), nearly_full, nominee)
    offer = SpinOff.objects.get()
    groups_before = CommunityGroup.objects.count()

    login(nominee).post(reverse("groups:answer_spin_off", args=[offer.pk]), {"answer": "decline"})

    offer.refresh_from_db()
    assert (offer.status, offer.new_group) == (SpinOff.Status.DECLINED, None)
    assert CommunityGroup.objects.count() == groups_before
    with pytest.raises(GroupActionError):
        spinoff.answer(offer, nominee, accept=True)


@pytest.fixture
def founded(nearly_full, leader):
    """An accepted spin-off of `nearly_full`, and a waitlisted applicant of the old group."""
    nominee = members_of(nearly_full)[0]
    offer = spinoff.offer(
        nearly_full, Membership.objects.get(group=nearly_full, member=leader), nominee_id=nominee.pk, name="园林二社"
    )
    spinoff.answer(offer, nominee, accept=True)
    offer.refresh_from_db()
    return offer


def test_a_member_moves_and_the_old_membership_ends(login, founded):
    old, new = founded.from_group, founded.new_group
    mover = members_of(old)[1]

    response = login(mover).post(reverse("groups:move_to_spin_off", args=[founded.pk]))

    assert response["Location"] == new.get_absolute_url()
    assert Membership.objects.get(group=old, member=mover).state == Membership.State.LEFT
    assert Membership.objects.get(group=new, member=mover).state == Membership.State.ACTIVE
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.member_count, new.member_count) == (8, 2)


def test_a_waitlisted_applicant_moves_and_the_request_is_withdrawn(login, founded):
    request = JoinRequestFactory(group=founded.from_group, status=JoinRequest.Status.WAITLISTED)

    login(request.member).post(reverse("groups:move_to_spin_off", args=[founded.pk]))

    request.refresh_from_db()
    assert request.status == JoinRequest.Status.WITHDRAWN
    assert Membership.objects.get(group=founded.new_group, member=request.member).state == Membership.State.ACTIVE


def test_others_cannot_move(login, founded, outsider, leader):
    pending = JoinRequestFactory(group=founded.from_group, status=JoinRequest.Status.PENDING)

    refused = [
        login(person).post(reverse("groups:move_to_spin_off", args=[founded.pk]))
        for person in (outsider, pending.member)
    ]
    leader_stays = login(leader).post(reverse("groups:move_to_spin_off", args=[founded.pk]))

    for response in refused:
        assert zh("Only members and waitlisted applicants of the group can move.") in messages_of(response)
    assert zh("The leader stays with the group.") in messages_of(leader_stays)
    assert not Membership.objects.filter(group=founded.new_group).exclude(member=founded.nominee).exists()
    assert Membership.objects.get(group=founded.from_group, member=leader).state == Membership.State.ACTIVE


def test_a_member_moves_once(login, founded):
    mover = members_of(founded.from_group)[1]
    client = login(mover)
    client.post(reverse("groups:move_to_spin_off", args=[founded.pk]))

    again = client.post(reverse("groups:move_to_spin_off", args=[founded.pk]))

    assert zh("Only members and waitlisted applicants of the group can move.") in messages_of(again)
    founded.new_group.refresh_from_db()
    assert founded.new_group.member_count == 2
    assert timezone.now() - Membership.objects.get(group=founded.new_group, member=mover).joined_at < timedelta(
        minutes=5
    )
