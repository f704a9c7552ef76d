"""Admission rules for founding a group, and how an application moves: automatic or reviewed, returned, resubmitted."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.groups.models import CommunityGroup, GroupApplication, GroupRules, Membership
from portal.groups.services import (
    GroupActionError,
    admission_checks,
    approve_application,
    decide_application,
    similar_groups,
    submit_application,
)
from tests.factories import UserFactory
from tests.groups.factories import CommunityGroupFactory, GroupApplicationFactory, MemberFactory, TopicFactory


def _checks(member, **kwargs):
    return {check.code: check.passed for check in admission_checks(member, **kwargs)}


def _apply(member, topic, name="城西夜跑团", **overrides):
    fields = {
        "name": name,
        "topic": topic,
        "city": "杭州",
        "purpose": "给下班后想跑步的人找个伴。",
        "planned_activities": "每周三晚上西湖边夜跑。",
        "expected_size": 30,
        **overrides,
    }
    return submit_application(member, **fields)


@pytest.fixture
def review_mode(rules):
    rules.approval_mode = GroupRules.Mode.REVIEW
    rules.save()
    return rules


def test_default_rules_let_an_established_verified_member_found_a_group(rules):
    member = MemberFactory()
    checks = _checks(member, name="全新的名字")
    assert checks == {"verified_email": True, "account_age": True, "max_groups_led": True, "unique_name": True}


def test_unverified_email_fails_the_admission_rules(rules):
    member = UserFactory(date_joined=timezone.now() - timedelta(days=30))  # address not verified
    assert _checks(member)["verified_email"] is False


def test_verified_email_rule_can_be_switched_off(rules):
    rules.require_verified_email = False
    rules.save()
    member = UserFactory(date_joined=timezone.now() - timedelta(days=30))
    assert "verified_email" not in _checks(member)


@pytest.mark.parametrize(("days", "passes"), [(0, False), (6, False), (7, True), (400, True)])
def test_account_must_be_old_enough(rules, days, passes):
    member = MemberFactory(date_joined=timezone.now() - timedelta(days=days, minutes=1))
    assert _checks(member)["account_age"] is passes


def test_zero_minimum_points_passes_and_leaves_the_rule_out(rules):
    assert rules.min_points == 0
    assert "min_points" not in _checks(MemberFactory())


def test_minimum_points_above_zero_blocks_everyone_until_points_exist(rules, topic):
    rules.min_points = 1
    rules.save()
    member = MemberFactory()
    assert _checks(member)["min_points"] is False
    with pytest.raises(GroupActionError, match="1"):
        _apply(member, topic)
    assert not GroupApplication.objects.exists()


def test_member_leading_the_maximum_number_of_groups_cannot_found_another(rules, topic):
    member = MemberFactory()
    for _ in range(rules.max_groups_led):
        CommunityGroupFactory(leader=member)
    assert _checks(member)["max_groups_led"] is False
    with pytest.raises(GroupActionError):
        _apply(member, topic)


def test_archived_groups_and_co_leader_roles_do_not_count_as_groups_led(rules):
    member = MemberFactory()
    for _ in range(rules.max_groups_led - 1):
        CommunityGroupFactory(leader=member)
    CommunityGroupFactory(leader=member, status=CommunityGroup.Status.ARCHIVED)
    co_led = CommunityGroupFactory(leader=MemberFactory())
    Membership.objects.create(group=co_led, member=member, role=Membership.Role.CO_LEADER)
    assert _checks(member)["max_groups_led"] is True


def test_group_name_must_be_unique_ignoring_case_and_spaces(rules):
    CommunityGroupFactory(name="Hangzhou Runners")
    member = MemberFactory()
    assert _checks(member, name="hangzhou RUNNERS")["unique_name"] is False
    assert _checks(member, name="  Hangzhou Runners ")["unique_name"] is False
    assert _checks(member, name="Hangzhou Runners Club")["unique_name"] is True


def test_similar_groups_finds_near_names_and_same_topic_in_the_same_city(rules):
    topic, other_topic = TopicFactory(), TopicFactory()
    near_name = CommunityGroupFactory(name="杭州烘焙社", topic=other_topic, city="北京")
    same_topic_city = CommunityGroupFactory(name="面包爱好者", topic=topic, city="杭州")
    CommunityGroupFactory(name="完全不同", topic=topic, city="成都")
    CommunityGroupFactory(name="杭州烘焙老社", status=CommunityGroup.Status.ARCHIVED)
    found = similar_groups("杭州烘焙", topic, "杭州")
    assert set(found) == {near_name, same_topic_city}


def test_automatic_mode_founds_the_group_with_its_leader_at_once(rules, topic):
    member = MemberFactory()
    application = _apply(member, topic, name="城西夜跑团")
    assert application.status == GroupApplication.Status.APPROVED
    group = application.group
    assert group.name == "城西夜跑团" and group.founder == member and group.topic == topic
    assert group.member_count == 1 and group.capacity == rules.max_group_size
    assert Membership.objects.get(group=group).role == Membership.Role.LEADER
    assert all(check["passed"] for check in application.rule_report)


def test_review_mode_queues_the_application_without_a_group(review_mode, topic):
    application = _apply(MemberFactory(), topic)
    assert application.status == GroupApplication.Status.SUBMITTED
    assert application.group is None
    assert not CommunityGroup.objects.exists()


def test_staff_approval_founds_the_group_and_records_the_reviewer(review_mode, topic, staff_user):
    application = _apply(MemberFactory(), topic)
    group = approve_application(application, reviewer=staff_user, note="欢迎！")
    application.refresh_from_db()
    assert application.status == GroupApplication.Status.APPROVED
    assert application.reviewer == staff_user and application.reviewer_note == "欢迎！"
    assert application.group == group and group.memberships.get().role == Membership.Role.LEADER


def test_a_decided_application_cannot_be_decided_again(review_mode, topic, staff_user):
    application = _apply(MemberFactory(), topic)
    decide_application(application, staff_user, status=GroupApplication.Status.REJECTED, note="名字太宽泛")
    with pytest.raises(GroupActionError):
        approve_application(application, reviewer=staff_user)
    with pytest.raises(GroupActionError):
        decide_application(application, staff_user, status=GroupApplication.Status.RETURNED, note="再看看")
    assert not CommunityGroup.objects.exists()


def test_rejecting_or_returning_needs_a_note(review_mode, staff_user):
    application = GroupApplicationFactory()
    with pytest.raises(GroupActionError):
        decide_application(application, staff_user, status=GroupApplication.Status.RETURNED, note="  ")
    application.refresh_from_db()
    assert application.status == GroupApplication.Status.SUBMITTED


def test_returned_application_can_be_edited_and_resubmitted(review_mode, topic, staff_user):
    member = MemberFactory()
    application = _apply(member, topic, name="读书")
    decide_application(application, staff_user, status=GroupApplication.Status.RETURNED, note="名字再具体一点")
    resubmitted = _apply(member, topic, name="城西周末读书会", application=application)
    assert resubmitted.pk == application.pk
    resubmitted.refresh_from_db()
    assert resubmitted.status == GroupApplication.Status.SUBMITTED
    assert resubmitted.name == "城西周末读书会"


def test_returned_application_resubmitted_in_automatic_mode_is_approved(review_mode, topic, staff_user):
    member = MemberFactory()
    application = _apply(member, topic, name="读书")
    decide_application(application, staff_user, status=GroupApplication.Status.RETURNED, note="名字再具体一点")
    review_mode.approval_mode = GroupRules.Mode.AUTOMATIC
    review_mode.save()
    _apply(member, topic, name="城西周末读书会", application=application)
    application.refresh_from_db()
    assert application.status == GroupApplication.Status.APPROVED
    assert application.group.name == "城西周末读书会"


@pytest.mark.parametrize("status", [GroupApplication.Status.SUBMITTED, GroupApplication.Status.REJECTED])
def test_only_a_returned_application_can_be_edited(review_mode, topic, status):
    application = GroupApplicationFactory(status=status)
    with pytest.raises(GroupActionError):
        _apply(application.applicant, topic, name="换个名字", application=application)
    application.refresh_from_db()
    assert application.name != "换个名字" and application.status == status


def test_nobody_can_resubmit_someone_elses_returned_application(review_mode, topic):
    application = GroupApplicationFactory(status=GroupApplication.Status.RETURNED)
    with pytest.raises(GroupActionError):
        _apply(MemberFactory(), topic, name="抢来的申请", application=application)
    application.refresh_from_db()
    assert application.name != "抢来的申请"
