"""Recruitment calls: applying once, withdrawing, closed calls, required questions; the staff review with bulk
decisions, notes, quota, e-mails and CSV; what acceptance grants (founding rights, Leaders, lecturer) and revoking."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from portal.groups.models import GroupApplication, GroupRules, LeaderGrant, Membership
from portal.groups.services import GroupActionError, submit_application
from portal.groups.services.leaders import LEADERS
from recruitment import services
from recruitment.models import Application, CallCounter, RecruitmentCallPage
from tests.factories import UserFactory
from tests.groups.factories import MemberFactory, TopicFactory
from tests.page_factories import RecruitmentCallPageFactory, question
from tests.utils import flashed, route, zh

pytestmark = pytest.mark.django_db

QUESTION = "你为什么想当群主？"


def review_url(call):
    return f"/admin/recruitment/calls/{call.pk}/review/"


def answer_field(call):
    return call.questions.get(label=QUESTION).clean_name


def call_with_question(**fields):
    return RecruitmentCallPageFactory(questions=[question(QUESTION, "multiline")], **fields)


def apply_as(client, member, call, answer="我办过读书会。"):
    client.force_login(member)
    return client.post(route(call, "apply"), {answer_field(call): answer})


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


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Applying -------------------------------------------------------------------------------------------------------


def test_a_member_applies_with_the_editor_defined_questions(client, member):
    call = call_with_question()

    response = apply_as(client, member, call, "我在杭州办过三年读书会。")

    assert response.status_code == 302
    application = Application.objects.get(call=call, member=member)
    assert application.status == Application.Status.SUBMITTED
    assert application.answers == [{"question": QUESTION, "answer": "我在杭州办过三年读书会。"}]


def test_a_required_question_left_empty_re_renders_the_form_with_an_error(client, member):
    call = call_with_question()
    client.force_login(member)

    response = client.post(route(call, "apply"), {answer_field(call): ""})

    assert response.status_code == 200
    assert answer_field(call) in response.context["form"].errors
    assert not Application.objects.exists()


def test_applying_twice_gets_a_message_and_keeps_one_application(client, member):
    call = call_with_question()
    apply_as(client, member, call)

    response = apply_as(client, member, call, "第二次")

    assert response.status_code == 302
    assert zh("You have already applied to this call.") in flashed(response)
    assert Application.objects.filter(call=call, member=member).count() == 1
    assert Application.objects.get().answers[0]["answer"] == "我办过读书会。"


def test_a_duplicate_that_slips_past_the_check_is_a_message_not_a_500(client, member, monkeypatch):
    call = call_with_question()
    Application.objects.create(call=call, member=member, answers=[])
    # Simulate the race: the first lookup sees nothing, the insert meets the unique constraint.
    real_filter = Application.objects.filter

    class RacingManager:
        def select_for_update(self):
            return self

        def filter(self, **kwargs):
            return real_filter(pk=-1)

    monkeypatch.setattr(Application.objects, "select_for_update", lambda: RacingManager())

    response = apply_as(client, member, call)

    assert response.status_code == 302
    assert zh("You have already applied to this call.") in flashed(response)
    assert Application.objects.filter(call=call, member=member).count() == 1


def test_withdraw_then_apply_again(client, member):
    call = call_with_question()
    apply_as(client, member, call)

    client.post(route(call, "withdraw"))
    assert Application.objects.get().status == Application.Status.WITHDRAWN
    page = client.get(call.url)
    assert page.context["application"].status == Application.Status.WITHDRAWN
    assert "form" in page.context

    apply_as(client, member, call, "想清楚了，再申请一次。")
    application = Application.objects.get()
    assert application.status == Application.Status.SUBMITTED
    assert application.answers[0]["answer"] == "想清楚了，再申请一次。"


def test_a_decided_application_cannot_be_withdrawn(client, member, team_member):
    call = call_with_question()
    apply_as(client, member, call)
    services.decide(list(Application.objects.all()), team_member, Application.Status.REJECTED)

    response = client.post(route(call, "withdraw"))

    assert zh("You have no open application to this call.") in flashed(response)
    assert Application.objects.get().status == Application.Status.REJECTED


@pytest.mark.parametrize(("opens", "closes"), [(-10, -1), (2, 10)], ids=["closed", "not-yet-open"])
def test_a_call_outside_its_dates_refuses_applications(client, member, opens, closes):
    now = timezone.now()
    call = call_with_question(opens_at=now + timedelta(days=opens), closes_at=now + timedelta(days=closes))

    response = apply_as(client, member, call)

    assert zh("This call is not open.") in flashed(response)
    assert not Application.objects.exists()
    assert client.get(call.url).status_code == 200


def test_applying_needs_a_signed_in_member(client):
    call = call_with_question()
    response = client.post(route(call, "apply"), {answer_field(call): "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Application.objects.exists()


def test_a_member_sees_only_their_own_application(client):
    call = call_with_question()
    mine, theirs = MemberFactory(), MemberFactory()
    apply_as(client, theirs, call, "别人的秘密回答")
    services.decide(list(Application.objects.filter(member=theirs)), UserFactory(), Application.Status.SHORTLISTED)
    apply_as(client, mine, call, "我的回答")

    response = client.get(call.url)

    assert response.context["application"].member == mine
    assert response.context["application"].status == Application.Status.SUBMITTED
    assert "别人的秘密回答" not in response.content.decode()
    for url in ("/admin/recruitment/application/", review_url(call)):
        assert client.get(url).status_code in (302, 403)
    other = Application.objects.get(member=theirs)
    inspect = client.get(f"/admin/recruitment/application/inspect/{other.pk}/")
    assert inspect.status_code in (302, 403)
    assert "别人的秘密回答" not in content(inspect).decode()


def test_script_in_an_answer_is_inert_in_the_review_screen(client, member, team_member):
    call = call_with_question()
    apply_as(client, member, call, '<script>alert("x")</script>')
    client.force_login(team_member)

    html = client.get(review_url(call)).content.decode()

    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


# --- Staff review ---------------------------------------------------------------------------------------------------


def applicants(call, count):
    members = [MemberFactory(email=f"applicant{i}@example.com") for i in range(count)]
    for member in members:
        services.apply(call, member, [{"question": QUESTION, "answer": "我想试试"}])
    return [Application.objects.get(call=call, member=m) for m in members]


def test_staff_shortlist_accept_and_reject_in_bulk_with_notes_and_each_member_is_emailed(
    client, team_member, mailoutbox, django_capture_on_commit_callbacks
):
    call = call_with_question(title="春季群主招募", role=RecruitmentCallPage.Role.VOLUNTEER)
    a, b, c = applicants(call, 3)
    client.force_login(team_member)

    assert client.get(review_url(call)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review_url(call), {"applications": [a.pk, b.pk], "action": "shortlisted", "note": "电话聊过，很合适"}
        )
    assert response.status_code == 302
    for application in (a, b):
        application.refresh_from_db()
        assert application.status == Application.Status.SHORTLISTED
        assert application.staff_note == "电话聊过，很合适"
        assert application.decided_by == team_member
    assert Application.objects.get(pk=c.pk).status == Application.Status.SUBMITTED
    assert sorted(m.to[0] for m in mailoutbox) == ["applicant0@example.com", "applicant1@example.com"]

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(call), {"applications": [a.pk], "action": "accepted", "note": "欢迎"})
        client.post(review_url(call), {"applications": [b.pk, c.pk], "action": "rejected", "note": ""})

    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses == {
        a.pk: Application.Status.ACCEPTED,
        b.pk: Application.Status.REJECTED,
        c.pk: Application.Status.REJECTED,
    }
    assert Application.objects.get(pk=a.pk).staff_note == "电话聊过，很合适\n欢迎"
    assert sorted(m.to[0] for m in mailoutbox) == [
        "applicant0@example.com",
        "applicant1@example.com",
        "applicant2@example.com",
    ]
    assert all("春季群主招募" in m.subject for m in mailoutbox)
    accepted_mail = next(m for m in mailoutbox if m.to == ["applicant0@example.com"])
    rejected_mail = next(m for m in mailoutbox if m.to == ["applicant1@example.com"])
    assert accepted_mail.body != rejected_mail.body
    assert call.url in accepted_mail.body


def test_a_decided_application_is_not_decided_again(
    client, team_member, mailoutbox, django_capture_on_commit_callbacks
):
    call = call_with_question()
    [application] = applicants(call, 1)
    services.decide([application], team_member, Application.Status.REJECTED)
    with django_capture_on_commit_callbacks(execute=True):
        done, over = services.decide([application], team_member, Application.Status.ACCEPTED)
    assert (done, over) == (0, 0)
    assert Application.objects.get().status == Application.Status.REJECTED
    assert mailoutbox == []


def test_the_quota_stops_acceptances(client, team_member):
    call = call_with_question(quota=2)
    apps = applicants(call, 3)
    client.force_login(team_member)

    response = client.post(review_url(call), {"applications": [a.pk for a in apps], "action": "accepted"})

    assert Application.objects.filter(call=call, status=Application.Status.ACCEPTED).count() == 2
    assert Application.objects.filter(call=call, status=Application.Status.SUBMITTED).count() == 1
    assert CallCounter.objects.get(call=call).accepted == 2
    assert zh("%(n)d not accepted: the quota is full.") % {"n": 1} in flashed(response)
    assert client.get(call.url).context["accepted"] == 2


def test_editors_without_the_recruitment_permission_cannot_decide(client, editor):
    call = call_with_question()
    [application] = applicants(call, 1)
    client.force_login(editor)
    response = client.post(review_url(call), {"applications": [application.pk], "action": "accepted"})
    assert response.status_code in (302, 403)
    assert Application.objects.get().status == Application.Status.SUBMITTED


def test_staff_export_applications_as_csv(client, team_member):
    call = call_with_question(title="讲师招募")
    applicants(call, 2)
    client.force_login(team_member)

    assert client.get("/admin/recruitment/application/", {"status": "submitted"}).status_code == 200
    response = client.get("/admin/recruitment/application/", {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = content(response).decode("utf-8-sig")  # a streamed response can be read once
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 3
    assert all(row[0] == "讲师招募" for row in rows[1:])
    assert "我想试试" in text


# --- What acceptance grants, and revoking it ------------------------------------------------------------------------


@pytest.fixture
def review_mode(db):
    """Founding applications wait for the community team (so only a leader grant can skip the queue)."""
    rules = GroupRules.load()
    rules.approval_mode = GroupRules.Mode.REVIEW
    rules.save()
    return rules


def test_accepting_for_group_leader_grants_founding_without_the_rules_and_the_leaders_group(
    client, team_member, review_mode
):
    call = call_with_question(role=RecruitmentCallPage.Role.LEADER)
    newcomer = UserFactory()  # a brand-new, unverified account: fails every admission rule
    with pytest.raises(GroupActionError):
        found(newcomer, name="被拒绝的社群")
    services.apply(call, newcomer, [])
    client.force_login(team_member)

    client.post(review_url(call), {"applications": [Application.objects.get().pk], "action": "accepted"})

    newcomer.refresh_from_db()
    assert newcomer.groups.filter(name=LEADERS).exists()
    assert LeaderGrant.objects.get(member=newcomer).founding_credits == 1
    application = found(newcomer)
    assert application.status == GroupApplication.Status.APPROVED
    assert Membership.objects.get(group=application.group, member=newcomer).role == Membership.Role.LEADER
    # The grant was for one group: the next one goes through the rules again.
    assert LeaderGrant.objects.get(member=newcomer).founding_credits == 0
    with pytest.raises(GroupActionError):
        found(newcomer, name="第二个社群")


def test_accepting_for_lecturer_grants_the_lecturer_title(client, team_member):
    call = call_with_question(role=RecruitmentCallPage.Role.LECTURER)
    [application] = applicants(call, 1)
    client.force_login(team_member)

    client.post(review_url(call), {"applications": [application.pk], "action": "accepted"})

    lecturer = application.member
    lecturer.refresh_from_db()
    assert lecturer.lecturer_since is not None
    assert not lecturer.groups.filter(name=LEADERS).exists()


def test_staff_revoke_leader_rights(client, team_member, review_mode):
    call = call_with_question(role=RecruitmentCallPage.Role.LEADER)
    newcomer = UserFactory()
    services.apply(call, newcomer, [])
    services.decide(list(Application.objects.all()), team_member, Application.Status.ACCEPTED)
    client.force_login(team_member)

    url = f"/admin/recruitment/members/{newcomer.pk}/revoke/leader/"
    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert not newcomer.groups.filter(name=LEADERS).exists()
    assert LeaderGrant.objects.get(member=newcomer).revoked_at is not None
    with pytest.raises(GroupActionError):
        found(newcomer)


def test_staff_revoke_the_lecturer_title(client, team_member):
    call = call_with_question(role=RecruitmentCallPage.Role.LECTURER)
    [application] = applicants(call, 1)
    services.decide([application], team_member, Application.Status.ACCEPTED)
    client.force_login(team_member)

    client.post(f"/admin/recruitment/members/{application.member.pk}/revoke/lecturer/")

    application.member.refresh_from_db()
    assert application.member.lecturer_since is None


def test_members_cannot_revoke(client, member):
    target = MemberFactory()
    target.groups.add(Group.objects.get(name=LEADERS))
    client.force_login(member)
    response = client.post(f"/admin/recruitment/members/{target.pk}/revoke/leader/")
    assert response.status_code in (302, 403)
    assert target.groups.filter(name=LEADERS).exists()
