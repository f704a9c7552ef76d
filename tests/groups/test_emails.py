"""E-mails members get: application decided, join request decided, promoted from the waitlist, leadership."""

import pytest
from django.core import mail

from portal.groups.models import CommunityGroup, GroupApplication, GroupRules, JoinRequest, Membership
from portal.groups.services import (
    answer_leadership,
    approve_application,
    approve_requests,
    decide_application,
    leave_group,
    offer_leadership,
    reject_requests,
    request_to_join,
    submit_application,
)
from tests.groups.factories import (
    CommunityGroupFactory,
    GroupApplicationFactory,
    JoinRequestFactory,
    MemberFactory,
    MembershipFactory,
)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the action and then its on-commit callbacks (where e-mails are queued), like a committed request."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def english_member(db):
    return MemberFactory(email="alex@example.com", display_name="Alex", language="en")


def _only_mail_to(address):
    sent = [m for m in mail.outbox if address in m.to]
    assert len(sent) == 1, [(m.to, m.subject) for m in mail.outbox]
    return sent[0]


def test_automatic_approval_mails_the_founder_in_english(mailoutbox, run_on_commit, rules, topic, english_member):
    run_on_commit(
        submit_application,
        english_member,
        name="Riverside Runners",
        topic=topic,
        city="Hangzhou",
        purpose="Running after work.",
        planned_activities="Weekly runs.",
        expected_size=20,
    )
    message = _only_mail_to("alex@example.com")
    assert message.subject == "Your group “Riverside Runners” is live"
    assert "Hello Alex," in message.body and "you are its leader" in message.body
    group = GroupApplication.objects.get().group
    assert f"http://testserver/en/groups/{group.slug}/" in message.body  # links in the member's language
    assert f"/en/portal/groups/{group.slug}/manage/" in message.body


def test_staff_approval_mails_the_founder_with_the_note(mailoutbox, run_on_commit, staff_user, english_member):
    application = GroupApplicationFactory(applicant=english_member, name="Night Readers")
    run_on_commit(approve_application, application, reviewer=staff_user, note="Welcome aboard!")
    message = _only_mail_to("alex@example.com")
    assert "Night Readers" in message.subject and "Welcome aboard!" in message.body


def test_rejected_application_mails_the_reason(mailoutbox, run_on_commit, staff_user, english_member):
    application = GroupApplicationFactory(applicant=english_member, name="Night Readers")
    run_on_commit(
        decide_application, application, staff_user, status=GroupApplication.Status.REJECTED, note="Too close to X."
    )
    message = _only_mail_to("alex@example.com")
    assert message.subject == "Your application for “Night Readers” was not approved"
    assert "cannot approve it" in message.body and "Too close to X." in message.body


def test_returned_application_mails_what_to_change(mailoutbox, run_on_commit, staff_user, english_member):
    application = GroupApplicationFactory(applicant=english_member, name="Night Readers")
    run_on_commit(
        decide_application, application, staff_user, status=GroupApplication.Status.RETURNED, note="Name the city."
    )
    message = _only_mail_to("alex@example.com")
    assert message.subject == "Your application for “Night Readers” needs changes"
    assert "Name the city." in message.body
    assert f"/en/portal/groups/applications/{application.pk}/" in message.body


def test_approved_join_request_mails_a_welcome(mailoutbox, run_on_commit, approval_group, leader, english_member):
    request = JoinRequestFactory(group=approval_group, member=english_member)
    run_on_commit(approve_requests, approval_group, leader, [request])
    message = _only_mail_to("alex@example.com")
    assert message.subject == f"Welcome to “{approval_group.name}”"
    assert "You are now a member" in message.body


def test_rejected_join_request_mails_the_reason(mailoutbox, run_on_commit, approval_group, leader, english_member):
    request = JoinRequestFactory(group=approval_group, member=english_member)
    run_on_commit(reject_requests, approval_group, leader, [request], reason="Locals only, sorry.")
    message = _only_mail_to("alex@example.com")
    assert message.subject == f"Your request to join “{approval_group.name}” was not approved"
    assert "did not approve your request" in message.body and "Locals only, sorry." in message.body


def test_waitlisted_join_request_is_not_a_decision_mail(mailoutbox, run_on_commit, leader, english_member):
    group = CommunityGroupFactory(leader=leader, capacity=2, members=1, join_policy="approval")
    request = JoinRequestFactory(group=group, member=english_member)
    run_on_commit(approve_requests, group, leader, [request])
    assert JoinRequest.objects.get(pk=request.pk).status == JoinRequest.Status.WAITLISTED
    assert [m for m in mail.outbox if "alex@example.com" in m.to] == []


def test_promotion_from_the_waitlist_is_mailed(mailoutbox, run_on_commit, leader, english_member):
    group = CommunityGroupFactory(leader=leader, capacity=2, members=1)
    leaver = group.memberships.get(role=Membership.Role.MEMBER).member
    request_to_join(group, english_member)  # full: waitlisted
    run_on_commit(leave_group, group, leaver)
    message = _only_mail_to("alex@example.com")
    assert message.subject == f"A seat opened: you are now in “{group.name}”"
    assert "you were next on the waitlist" in message.body


def test_leadership_offer_is_mailed_to_the_member(mailoutbox, run_on_commit, group, leader, english_member):
    MembershipFactory(group=group, member=english_member)
    run_on_commit(offer_leadership, group, Membership.objects.get(group=group, member=leader), english_member.pk)
    message = _only_mail_to("alex@example.com")
    assert message.subject == f"You are invited to lead “{group.name}”"
    assert "组长阿青 would like to hand" in message.body


def test_accepted_transfer_is_mailed_to_the_former_leader(mailoutbox, run_on_commit, group, topic):
    former = MemberFactory(email="former@example.com", display_name="Sam", language="en")
    group = CommunityGroupFactory(topic=topic, leader=former)
    successor = MembershipFactory(group=group, member=MemberFactory(display_name="Kim")).member
    transfer = offer_leadership(group, Membership.objects.get(group=group, member=former), successor.pk)
    run_on_commit(answer_leadership, transfer, successor, accept=True)
    message = _only_mail_to("former@example.com")
    assert message.subject == f"“{group.name}” has a new leader"
    assert "Kim has accepted and now leads" in message.body


def test_chinese_member_gets_chinese_text_and_links_without_the_english_prefix(
    mailoutbox, run_on_commit, approval_group, leader
):
    member = MemberFactory(email="xiaoli@example.com", language="zh-hans")
    request = JoinRequestFactory(group=approval_group, member=member)
    run_on_commit(approve_requests, approval_group, leader, [request])
    message = _only_mail_to("xiaoli@example.com")
    assert f"http://testserver/groups/{approval_group.slug}/" in message.body
    assert "/en/" not in message.body
    assert not message.subject.startswith("Welcome to")  # rendered in Chinese, not in the English source text


def test_a_refused_decision_mails_nobody(mailoutbox, run_on_commit, staff_user, rules):
    rules.approval_mode = GroupRules.Mode.REVIEW
    rules.save()
    application = GroupApplicationFactory(status=GroupApplication.Status.REJECTED)
    with pytest.raises(Exception, match="already been decided"):
        run_on_commit(approve_application, application, reviewer=staff_user)
    assert mail.outbox == []


def test_leaders_get_one_gentle_notice_when_the_group_leaves_the_healthy_band(mailoutbox, run_on_commit, rules):
    leader = MemberFactory(language="en")
    group = CommunityGroupFactory(leader=leader, members=rules.healthy_size_max - 1)  # 50 with the leader
    CommunityGroup.objects.filter(pk=group.pk).update(size_band="within")
    run_on_commit(request_to_join, group, MemberFactory())  # 51: above the band
    notices = [m for m in mail.outbox if "A note about the size" in m.subject]
    assert [m.to for m in notices] == [[leader.email]]
    assert "now has 51 members, more than 50" in notices[0].body
    run_on_commit(request_to_join, group, MemberFactory())  # 52: still above, no second notice
    assert len([m for m in mail.outbox if "A note about the size" in m.subject]) == 1
