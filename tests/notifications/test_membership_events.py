"""Membership notifications: join requests to the leaders, decisions to the applicant, founding and recruitment
applications to the community team, spin-offs to the old group's members and waitlist, stage changes to the leaders.

Each event reaches exactly its recipients, in their language, on their channel (a decision cannot be switched off),
once however often it is emitted; those that default to e-mail arrive in the outbox with the title as subject.
"""

import pytest
from django.contrib.auth.models import Group as AuthGroup
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal.groups.models import CommunityGroup, GroupApplication, GroupRules, JoinRequest, Membership
from portal.groups.notifications import membership as notices
from portal.groups.services import (
    approve_requests,
    decide_application,
    lifecycle,
    reject_requests,
    request_to_join,
    spinoff,
    submit_application,
)
from portal.notifications.models import Notification, Preference
from portal.notifications.types import Channel
from recruitment.models import Application
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory, TopicFactory
from tests.page_factories import RecruitmentCallPageFactory, question
from tests.utils import route
from website.core.permissions import COMMUNITY_TEAM


def in_language(language, message, **params):
    """``message`` (a template's msgid) as a member reading ``language`` gets it, translated yet or not."""
    with translation.override(language):
        return gettext(message) % params


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a callable with its notifications fanned out and mailed, as after a commit."""

    def call(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return call


@pytest.fixture
def leader(db):
    return MemberFactory(email="leader@example.com", display_name="组长阿青")


@pytest.fixture
def co_leader(db):
    return MemberFactory(email="co@example.com", display_name="Sam", language="en")


@pytest.fixture
def approval_group(leader, co_leader):
    group = CommunityGroupFactory(
        name="周末烘焙社",
        slug="weekend-baking",
        leader=leader,
        join_policy=CommunityGroup.JoinPolicy.APPROVAL,
        join_questions=["你为什么想加入？"],
    )
    MembershipFactory(group=group, member=co_leader, role=Membership.Role.CO_LEADER)
    MembershipFactory(group=group, member=MemberFactory(display_name="普通成员"))
    return group


@pytest.fixture
def team(db):
    """Two active members of the community team, one reading English, and one who left (inactive)."""
    members = [
        StaffUserFactory(email="team@example.com", display_name="运营阿泽", groups=[COMMUNITY_TEAM]),
        StaffUserFactory(email="team-en@example.com", display_name="Ada", language="en", groups=[COMMUNITY_TEAM]),
    ]
    StaffUserFactory(display_name="离职同事", groups=[COMMUNITY_TEAM], is_active=False)
    StaffUserFactory(display_name="只是编辑")  # Editors only: not told
    return members


def rows(kind):
    return list(Notification.objects.filter(kind=kind).select_related("recipient").order_by("recipient_id"))


def recipients(kind):
    return sorted(row.recipient_id for row in rows(kind))


def row_for(kind, member):
    return Notification.objects.get(kind=kind, recipient=member)


def mails_to(member):
    return [message for message in mail.outbox if member.email in message.to]


def switch_off(member, kind):
    Preference.objects.create(member=member, kind=kind, channel=Channel.OFF)


# --- Join requests ---------------------------------------------------------------------------------------------------


def test_a_join_request_tells_the_leaders_in_their_language_and_mails_them(
    client, run, approval_group, leader, co_leader
):
    applicant = MemberFactory(display_name="小林")
    client.force_login(applicant)

    run(client.post, reverse("groups:join", kwargs={"slug": approval_group.slug}), {"answer_0": "我爱做面包"})

    request = JoinRequest.objects.get(member=applicant)
    assert recipients("groups.join_requested") == sorted([leader.pk, co_leader.pk])
    english = row_for("groups.join_requested", co_leader)
    assert english.title == in_language(
        "en", "%(applicant)s asks to join “%(group)s”", applicant="小林", group="周末烘焙社"
    )
    assert english.title == "小林 asks to join “周末烘焙社”"
    chinese = row_for("groups.join_requested", leader)
    assert chinese.title == in_language(
        "zh-hans", "%(applicant)s asks to join “%(group)s”", applicant="小林", group="周末烘焙社"
    )
    assert english.url == reverse("groups:manage_requests", kwargs={"slug": approval_group.slug})
    assert (english.target_id, english.actor_id) == (request.pk, applicant.pk)
    [message] = mails_to(co_leader)
    assert message.subject == english.title
    assert f"/portal/groups/{approval_group.slug}/manage/requests/" in message.body
    assert [m.subject for m in mails_to(leader)] == [chinese.title]
    assert mails_to(applicant) == []


def test_a_leader_who_switched_join_requests_off_is_not_told(run, approval_group, leader, co_leader):
    switch_off(co_leader, "groups.join_requested")

    run(request_to_join, approval_group, MemberFactory(), ["想学做面包"])

    assert recipients("groups.join_requested") == [leader.pk]
    assert mails_to(co_leader) == []


def test_a_join_request_emitted_twice_tells_each_leader_once(run, approval_group, leader, co_leader):
    request = run(request_to_join, approval_group, MemberFactory(), ["想学做面包"])
    run(notices.join_requested, request)

    assert recipients("groups.join_requested") == sorted([leader.pk, co_leader.pk])
    assert len(mails_to(leader)) == len(mails_to(co_leader)) == 1


def test_joining_an_open_group_or_its_waitlist_tells_no_leader(run, leader):
    group = CommunityGroupFactory(leader=leader, join_policy=CommunityGroup.JoinPolicy.OPEN, capacity=3, members=1)

    run(request_to_join, group, MemberFactory())  # seated at once
    run(request_to_join, group, MemberFactory())  # full: waitlisted

    assert JoinRequest.objects.filter(group=group, status=JoinRequest.Status.WAITLISTED).count() == 1
    assert rows("groups.join_requested") == []
    assert mails_to(leader) == []


# --- Decisions -------------------------------------------------------------------------------------------------------


@pytest.fixture
def pending(approval_group):
    def make(**member):
        return JoinRequest.objects.create(
            group=approval_group, member=MemberFactory(**member), answers=[{"question": "?", "answer": "!"}]
        )

    return make


def test_an_approval_through_the_manage_page_tells_the_applicant_in_chinese(
    client, run, approval_group, leader, pending
):
    request = pending(display_name="小林")
    client.force_login(leader)

    response = run(
        client.post,
        reverse("groups:manage_requests", kwargs={"slug": approval_group.slug}),
        {"requests": [request.pk], "action": "approve"},
    )

    assert response.status_code == 302
    notice = row_for("groups.request_decided", request.member)
    assert notice.title == "欢迎加入“周末烘焙社”"
    assert notice.url == approval_group.get_absolute_url()
    assert notice.actor_id == leader.pk
    [message] = mails_to(request.member)
    assert message.subject == notice.title
    assert recipients("groups.request_decided") == [request.member.pk]


def test_a_rejection_reads_the_reason_in_english(run, approval_group, leader, pending):
    request = pending(language="en")

    run(reject_requests, approval_group, leader, [request], reason="Locals only, sorry.")

    notice = row_for("groups.request_decided", request.member)
    assert notice.title == "Your request to join “周末烘焙社” was not approved"
    assert "did not approve your request this time" in notice.body and "Locals only, sorry." in notice.body
    with translation.override("en"):
        assert notice.url == approval_group.get_absolute_url()  # the applicant's language
    [message] = mails_to(request.member)
    assert message.subject == notice.title and "Locals only, sorry." in message.body


def test_a_decision_reaches_the_applicant_even_with_the_type_switched_off(run, approval_group, leader, pending):
    request = pending()
    switch_off(request.member, "groups.request_decided")

    run(approve_requests, approval_group, leader, [request])

    assert recipients("groups.request_decided") == [request.member.pk]
    assert mails_to(request.member) == []  # "off" for a type that stays on means: on the site only


def test_deciding_twice_tells_the_applicant_once(run, approval_group, leader, pending):
    request = pending()

    run(approve_requests, approval_group, leader, [request])
    run(approve_requests, approval_group, leader, [request])  # no longer pending: nothing to decide
    request.refresh_from_db()
    run(notices.request_decided, request, leader)  # the emitter itself, again

    assert recipients("groups.request_decided") == [request.member.pk]
    assert len(mails_to(request.member)) == 1


def test_a_request_put_on_the_waitlist_is_no_decision(run, leader, pending, approval_group):
    CommunityGroup.objects.filter(pk=approval_group.pk).update(capacity=3)  # leader, co-leader, member: full
    approval_group.refresh_from_db()
    request = pending()

    run(approve_requests, approval_group, leader, [request])

    assert JoinRequest.objects.get(pk=request.pk).status == JoinRequest.Status.WAITLISTED
    assert rows("groups.request_decided") == []


# --- Founding applications -------------------------------------------------------------------------------------------


def found(applicant, name="新群主的读书会"):
    return submit_application(
        applicant,
        name=name,
        topic=TopicFactory(),
        city="杭州",
        purpose="给喜欢读书的人一个固定的聚会。",
        planned_activities="每两周一次共读。",
        expected_size=20,
    )


@pytest.fixture
def review_mode(db):
    rules = GroupRules.load()
    rules.approval_mode = GroupRules.Mode.REVIEW
    rules.save()
    return rules


def test_an_application_in_review_mode_tells_the_active_community_team(run, review_mode, team):
    applicant = MemberFactory(display_name="小林")

    application = run(found, applicant)

    assert recipients("groups.founding_submitted") == sorted(member.pk for member in team)
    english = row_for("groups.founding_submitted", team[1])
    assert english.title == "小林 applied to found “新群主的读书会”"
    chinese = row_for("groups.founding_submitted", team[0])
    assert chinese.title == in_language(
        "zh-hans", "%(applicant)s applied to found “%(name)s”", applicant="小林", name="新群主的读书会"
    )
    assert english.url == reverse("groups_admin:decide_application", args=[application.pk])
    assert [m.subject for m in mails_to(team[1])] == [english.title]
    assert mails_to(applicant) == []


def test_an_application_approved_at_once_tells_nobody_on_the_team(run, team):
    application = run(found, MemberFactory())

    assert GroupApplication.objects.get(pk=application.pk).status == GroupApplication.Status.APPROVED
    assert rows("groups.founding_submitted") == []


def test_a_returned_application_submitted_again_is_news_again_but_a_repeat_is_not(run, review_mode, team):
    applicant = MemberFactory()
    application = run(found, applicant)
    run(notices.founding_submitted, application)  # the same submission again: nothing new
    assert len(rows("groups.founding_submitted")) == 2

    decide_application(application, team[0], status=GroupApplication.Status.RETURNED, note="写清楚城市。")
    switch_off(team[1], "groups.founding_submitted")
    application.refresh_from_db()
    run(
        submit_application,
        applicant,
        name=application.name,
        topic=application.topic,
        city="杭州市西湖区",
        purpose=application.purpose,
        planned_activities=application.planned_activities,
        expected_size=application.expected_size,
        application=application,
    )

    assert sorted(
        Notification.objects.filter(kind="groups.founding_submitted").values_list("recipient_id", flat=True)
    ) == sorted([team[0].pk, team[0].pk, team[1].pk])


# --- Recruitment applications ----------------------------------------------------------------------------------------

QUESTION = "你为什么想当群主？"


def test_an_application_to_a_call_tells_the_team_once_and_again_after_a_withdrawal(client, run, team):
    call = RecruitmentCallPageFactory(questions=[question(QUESTION, "multiline")])
    field = call.questions.get(label=QUESTION).clean_name
    applicant = MemberFactory(display_name="小林")
    client.force_login(applicant)

    run(client.post, route(call, "apply"), {field: "我办过读书会。"})
    run(client.post, route(call, "apply"), {field: "再点一次"})  # refused: one application per call

    application = Application.objects.get()
    assert recipients("recruitment.application_submitted") == sorted(member.pk for member in team)
    english = row_for("recruitment.application_submitted", team[1])
    assert english.title == f"小林 applied to “{call.title}”"
    assert english.url == reverse("recruitment_review", args=[call.pk])
    assert english.target_id == application.pk
    assert [m.subject for m in mails_to(team[1])] == [english.title]

    switch_off(team[1], "recruitment.application_submitted")
    run(client.post, route(call, "withdraw"))
    run(client.post, route(call, "apply"), {field: "想清楚了，再申请一次。"})

    assert len(rows("recruitment.application_submitted")) == 3
    assert len(mails_to(team[0])) == 2 and len(mails_to(team[1])) == 1


# --- Spin-offs -------------------------------------------------------------------------------------------------------


def test_a_spin_off_tells_the_old_groups_members_and_waitlist_not_the_new_leader_or_proposer(run, leader):
    group = CommunityGroupFactory(
        name="西湖读书会", leader=leader, capacity=4, members=3, join_policy=CommunityGroup.JoinPolicy.OPEN
    )
    nominee, member, other = (m.member for m in group.memberships.filter(role=Membership.Role.MEMBER))
    other.language = "en"
    other.save(update_fields=["language"])
    waiting = MemberFactory()
    run(request_to_join, group, waiting)  # full: waitlisted
    switch_off(member, "groups.spun_off")
    proposer = group.memberships.get(role=Membership.Role.LEADER)
    offer = spinoff.offer(group, proposer, nominee_id=nominee.pk, name="西湖读书会·城东")

    accepted = run(spinoff.answer, offer, nominee, accept=True)
    run(notices.spun_off, accepted)  # again: nothing new

    assert recipients("groups.spun_off") == sorted([other.pk, waiting.pk])
    notice = row_for("groups.spun_off", other)
    assert notice.title == "“西湖读书会” has founded a sister group, “西湖读书会·城东”"
    assert nominee.get_display_name() in notice.body
    assert notice.url == group.get_absolute_url()  # where the invitation to move is shown
    assert [m.subject for m in mails_to(other)] == [notice.title]
    assert len(mails_to(waiting)) == 1


# --- Stage changes ---------------------------------------------------------------------------------------------------


@pytest.fixture
def staffer(db):
    return StaffUserFactory(groups=[AuthGroup.objects.get(name=COMMUNITY_TEAM)])


def test_a_promotion_congratulates_the_leaders_in_their_language(run, approval_group, leader, co_leader, staffer):
    change = run(lifecycle.set_stage_by_hand, approval_group, CommunityGroup.Stage.GROWING, staffer, "提前扶持")

    assert recipients("groups.stage_changed") == sorted([leader.pk, co_leader.pk])
    chinese = row_for("groups.stage_changed", leader)
    assert chinese.title == "“周末烘焙社”升到了成长阶段"
    english = row_for("groups.stage_changed", co_leader)
    assert english.title == "“周末烘焙社” moved up to the Growing stage"
    assert "Well done" in english.body
    assert english.url == reverse("groups:manage_growth", kwargs={"slug": approval_group.slug})
    assert english.key == f"stage:{approval_group.pk}:stage:{change.pk}"
    assert [m.subject for m in mails_to(leader)] == [chinese.title]
    assert [m.subject for m in mails_to(co_leader)] == [english.title]


def test_a_demotion_by_the_team_says_so_and_never_congratulates(run, leader, co_leader, staffer):
    group = CommunityGroupFactory(name="西湖读书会", leader=leader, stage=CommunityGroup.Stage.CORE)
    MembershipFactory(group=group, member=co_leader, role=Membership.Role.CO_LEADER)
    switch_off(leader, "groups.stage_changed")

    change = run(lifecycle.set_stage_by_hand, group, CommunityGroup.Stage.GROWING, staffer, "活跃度下降")
    run(notices.stage_changed, group, change=change, direction="demotion")  # again: nothing new

    assert recipients("groups.stage_changed") == [co_leader.pk]
    notice = row_for("groups.stage_changed", co_leader)
    assert notice.title == "“西湖读书会” moved back to the Growing stage"
    assert "The community team made this change" in notice.body
    assert "Congratulations" not in notice.body and "Well done" not in notice.body
    assert mails_to(leader) == [] and len(mails_to(co_leader)) == 1


def test_a_group_turning_dormant_tells_its_leaders_what_wakes_it_up(run, approval_group, leader, co_leader):
    run(notices.stage_changed, approval_group, dormant=True)
    run(notices.stage_changed, approval_group, dormant=True)

    assert recipients("groups.stage_changed") == sorted([leader.pk, co_leader.pk])
    english = row_for("groups.stage_changed", co_leader)
    assert english.title == "“周末烘焙社” is now dormant"
    assert "Hold an activity" in english.body
    assert english.url == reverse("groups:activity_create", kwargs={"slug": approval_group.slug})
    assert row_for("groups.stage_changed", leader).title == "“周末烘焙社”已进入休眠"
    assert len(mails_to(leader)) == 1
