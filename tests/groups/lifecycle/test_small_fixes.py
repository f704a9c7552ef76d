"""Finding 7's smaller fixes: a declined core proposal holds the group back; stage e-mails follow the direction;
similar groups share a name or a topic and city, not a city alone; a recruited leader is shown they are exempt."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from portal.groups.metrics import GroupMetrics
from portal.groups.models import CommunityGroup, LifecycleRules, StageProposal
from portal.groups.services import leaders, similar_groups
from portal.groups.services.lifecycle import CORE, GROWING, NEW, History, decide_proposal, evaluate, run_evaluation
from tests.groups.factories import CommunityGroupFactory, MemberFactory, TopicFactory
from tests.groups.lifecycle.helpers import build_group, stage_of

NOW = datetime(2026, 6, 15, 2, 0, tzinfo=UTC)
AT_CORE = GroupMetrics(members=30, active_members=15, activities=4, points=500)


def growing(**fields):
    return History(
        stage=GROWING,
        stage_changed_at=NOW - timedelta(days=200),
        last_activity_at=NOW - timedelta(days=3),
        founded_at=NOW - timedelta(days=300),
        **fields,
    )


# --- A decline holds the group back (pure evaluation) ---------------------------------------------------------------


def test_a_group_declined_yesterday_is_not_proposed_again():
    decision = evaluate(AT_CORE, LifecycleRules(), growing(declined_at=NOW - timedelta(days=1)), NOW)

    assert (decision.action, decision.to_stage) == ("hold", CORE)


def test_a_decline_holds_for_the_configured_days_and_no_longer():
    rules = LifecycleRules(decline_hold_days=10)

    assert evaluate(AT_CORE, rules, growing(declined_at=NOW - timedelta(days=9)), NOW).action == "hold"
    assert evaluate(AT_CORE, rules, growing(declined_at=NOW - timedelta(days=10)), NOW).action == "propose"
    assert LifecycleRules().decline_hold_days == 30


def test_without_a_decline_the_group_is_proposed():
    assert evaluate(AT_CORE, LifecycleRules(), growing(), NOW).action == "propose"


# --- A decline holds the group back (the nightly job) ---------------------------------------------------------------


@pytest.fixture
def growing_group(low_rules, leader):
    leader.language = "en"
    leader.save(update_fields=["language"])
    group = build_group(members=5, active=4, activities=2, points=40, leader=leader)
    CommunityGroup.objects.filter(pk=group.pk).update(
        stage=GROWING, stage_changed_at=timezone.now() - timedelta(days=40)
    )
    group.refresh_from_db()
    return group


def test_a_declined_proposal_is_not_made_again_the_next_night(growing_group, team_member):
    run_evaluation()
    decide_proposal(StageProposal.objects.get(group=growing_group), team_member, confirm=False, note="再观察")

    report = run_evaluation(now=timezone.now() + timedelta(days=1))

    assert report.evaluated == 1 and report.proposed == 0 and report.held == 1
    assert list(StageProposal.objects.filter(group=growing_group).values_list("status", flat=True)) == ["declined"]
    assert stage_of(growing_group) == GROWING


def test_after_the_hold_the_group_is_proposed_again(growing_group, team_member):
    run_evaluation()
    proposal = StageProposal.objects.get(group=growing_group)
    decide_proposal(proposal, team_member, confirm=False)
    StageProposal.objects.filter(pk=proposal.pk).update(decided_at=timezone.now() - timedelta(days=31))

    report = run_evaluation(now=timezone.now() + timedelta(days=1))

    assert report.proposed == 1
    assert StageProposal.objects.filter(group=growing_group, status=StageProposal.Status.PENDING).count() == 1


def test_the_decision_screen_and_the_growth_tab_explain_the_hold(growing_group, team_member, leader, login):
    run_evaluation()
    proposal = StageProposal.objects.get(group=growing_group)
    profile = UserProfile.get_for_user(team_member)  # the admin in English, the language these assertions read
    profile.preferred_language = "en"
    profile.save()
    client = login(team_member)
    page = client.get(reverse("groups_admin:decide_proposal", args=[proposal.pk])).content.decode()
    assert "does not propose this group again for 30 days" in page

    decide_proposal(proposal, team_member, confirm=False)
    until = timezone.localtime(timezone.now() + timedelta(days=30)).strftime("%Y-%m-%d")  # the page shows local dates
    page = client.get(reverse("groups_admin:decide_proposal", args=[proposal.pk])).content.decode()
    assert f"does not propose this group again before {until}" in page

    client = login(leader)
    page = client.get("/en" + reverse("groups:manage_growth", args=[growing_group.slug])).content.decode()
    assert f"can be proposed again from {until}" in page


# --- The stage e-mail follows the direction -------------------------------------------------------------------------


def _mail_about(group):
    return [message for message in mail.outbox if group.name in message.subject]


def test_a_demotion_is_not_congratulated(low_rules, django_capture_on_commit_callbacks):
    group = build_group(members=3, active=1, activities=1, points=0, leader=MemberFactory(language="en"))
    CommunityGroup.objects.filter(pk=group.pk).update(
        stage=CORE, stage_changed_at=timezone.now() - timedelta(days=60), lifecycle_strikes=1
    )

    with django_capture_on_commit_callbacks(execute=True):
        run_evaluation()

    assert stage_of(group) == GROWING
    [message] = _mail_about(group)
    assert "moved back to the Growing stage" in message.subject
    assert "moved back from the Core stage to the Growing stage" in message.body
    assert "Well done" not in message.body and "Congratulations" not in message.body


def test_a_promotion_is_congratulated(low_rules, django_capture_on_commit_callbacks):
    group = build_group(members=3, active=2, activities=1, points=10, leader=MemberFactory(language="en"))

    with django_capture_on_commit_callbacks(execute=True):
        run_evaluation()

    [message] = _mail_about(group)
    assert "moved up to the Growing stage" in message.subject
    assert "Well done" in message.body


def test_a_demotion_by_hand_says_the_community_team_made_it(
    growing_group, team_member, login, django_capture_on_commit_callbacks
):
    client = login(team_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("groups_admin:set_stage", args=[growing_group.pk]), {"stage": NEW, "reason": "长期未活动"})

    [message] = _mail_about(growing_group)
    assert "moved back to the New stage" in message.subject
    assert "The community team made this change" in message.body and "Well done" not in message.body


def test_a_group_turning_dormant_is_told_so_once(low_rules, django_capture_on_commit_callbacks):
    group = build_group(members=2, active=0, activities=1, points=0, days=100, leader=MemberFactory(language="en"))

    with django_capture_on_commit_callbacks(execute=True):
        run_evaluation()
        run_evaluation(now=timezone.now() + timedelta(days=1))

    [message] = _mail_about(group)
    assert "is now dormant" in message.subject
    assert "takes no new members" in message.body and "Well done" not in message.body
    assert "/manage/activities/new/" in message.body


# --- Similar groups: a similar name, or the same topic in the same city -------------------------------------------


def test_a_group_in_the_same_city_on_another_topic_is_not_similar(topic):
    films = TopicFactory()
    same_topic = CommunityGroupFactory(name="西湖骑游", topic=topic, city="杭州")
    CommunityGroupFactory(name="杭州电影夜", topic=films, city="杭州")
    CommunityGroupFactory(name="杭州读书会", topic=films, city="杭州市")

    assert similar_groups("杭州骑行俱乐部", topic, "杭州") == [same_topic]


def test_a_similar_name_is_flagged_in_any_city_and_topic(topic):
    films = TopicFactory()
    near = CommunityGroupFactory(name="上海骑行社", topic=films, city="上海")
    CommunityGroupFactory(name="上海电影夜", topic=films, city="上海")

    assert similar_groups("杭州骑行俱乐部", topic, "杭州") == [near]


def test_english_names_match_on_words_not_on_the_city_or_generic_words(topic):
    films = TopicFactory()
    near = CommunityGroupFactory(name="Shanghai Cyclists", topic=films, city="Shanghai")
    CommunityGroupFactory(name="Hangzhou Film Club", topic=films, city="Hangzhou")

    assert similar_groups("Hangzhou Cyclists Club", topic, "Hangzhou") == [near]


# --- Founding: a recruited leader is exempt from the admission rules ------------------------------------------------


def test_a_recruited_leader_sees_that_the_admission_rules_do_not_apply(db, login):
    newcomer = MemberFactory(date_joined=timezone.now() - timedelta(days=1), language="en")
    leaders.grant(newcomer, actor=None)

    page = login(newcomer).get("/en/portal/groups/found/").content.decode()

    assert "the admission rules do not apply to you" in page
    assert "Account at least 7 days old" not in page and "Not met yet" not in page


def test_a_member_without_a_grant_still_sees_the_checklist(db, login):
    newcomer = MemberFactory(date_joined=timezone.now() - timedelta(days=1), language="en")

    page = login(newcomer).get("/en/portal/groups/found/").content.decode()

    assert "Account at least 7 days old" in page and "the admission rules do not apply" not in page
