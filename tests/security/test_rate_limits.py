"""Rate limits on guessable and spammable POSTs: check-in codes cannot be brute-forced, spam is cut off, normal use
never notices. allauth's own limits stay off in tests (ACCOUNT_RATE_LIMITS = False); the project's are on."""

from django.urls import reverse

from courses.models import SessionAttendance
from portal.groups.models import Attendance, GroupApplication, Invitation, JoinRequest, Membership
from portal.points.models import Redemption
from recruitment.models import Application
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from tests.security.world import ACTIVITY_CODE, COURSE_CODE
from tests.utils import route
from website.core import ratelimit
from website.showcases.models import Vote

WRONG_ATTEMPTS = 200


def activity_check_in_url(world):
    return reverse("groups:activity_check_in", kwargs={"slug": world.group.slug, "pk": world.activity.pk})


def test_two_hundred_wrong_activity_codes_are_cut_off_and_then_the_right_code_is_refused(client, world):
    client.force_login(world.member)
    statuses = [
        client.post(activity_check_in_url(world), {"code": f"W{i:05d}"}).status_code for i in range(WRONG_ATTEMPTS)
    ]

    assert statuses.index(429) <= 10
    assert statuses[-1] == 429
    assert client.post(activity_check_in_url(world), {"code": ACTIVITY_CODE}).status_code == 429
    assert not Attendance.objects.filter(activity=world.activity, member=world.member).exists()


def test_the_check_in_limit_follows_the_member_not_the_address(client, world):
    client.force_login(world.member)
    for i in range(12):
        client.post(activity_check_in_url(world), {"code": f"W{i:05d}"}, REMOTE_ADDR=f"10.0.{i}.1")

    response = client.post(activity_check_in_url(world), {"code": ACTIVITY_CODE}, REMOTE_ADDR="10.9.9.9")

    assert response.status_code == 429
    assert "429" in response.content.decode()


def test_a_member_who_mistypes_a_few_times_still_checks_in(client, world):
    client.force_login(world.member)
    for code in ("RIGHT", "RIGHT2", "R1GHT1"):
        assert client.post(activity_check_in_url(world), {"code": code}).status_code == 302

    assert client.post(activity_check_in_url(world), {"code": ACTIVITY_CODE.lower()}).status_code == 302
    assert Attendance.objects.filter(activity=world.activity, member=world.member).exists()


def test_one_members_wrong_codes_do_not_block_another_member(client, world):
    client.force_login(world.leader)
    for i in range(15):
        client.post(activity_check_in_url(world), {"code": f"W{i:05d}"})

    client.force_login(world.member)
    assert client.post(activity_check_in_url(world), {"code": ACTIVITY_CODE}).status_code == 302
    assert Attendance.objects.filter(activity=world.activity, member=world.member).exists()


def test_two_hundred_wrong_course_codes_are_cut_off_and_then_the_right_code_is_refused(client, world):
    client.force_login(world.member)
    url = route(world.course, "check_in")
    statuses = [client.post(url, {"code": f"W{i:05d}"}).status_code for i in range(WRONG_ATTEMPTS)]

    assert statuses.index(429) <= 10
    assert client.post(url, {"code": COURSE_CODE}).status_code == 429
    assert not SessionAttendance.objects.filter(session__course=world.course, member=world.member).exists()


def test_a_member_who_mistypes_a_course_code_a_few_times_still_checks_in(client, world):
    client.force_login(world.member)
    url = route(world.course, "check_in")
    for code in ("CODE1", "C0DE01"):
        client.post(url, {"code": code})

    assert client.post(url, {"code": COURSE_CODE}).status_code == 302
    assert SessionAttendance.objects.filter(session__course=world.course, member=world.member).exists()


def spam(client, url, data, times):
    return [client.post(url, data).status_code for _ in range(times)]


def test_join_requests_are_limited_per_member(client, world, settings):
    settings.COMMUNITY_RATE_LIMITS = {"join": "3/h/user"}
    outsider = MemberFactory()
    client.force_login(outsider)
    groups = [CommunityGroupFactory() for _ in range(4)]

    statuses = [client.post(reverse("groups:join", kwargs={"slug": g.slug})).status_code for g in groups]

    assert statuses == [302, 302, 302, 429]
    joined = Membership.objects.filter(member=outsider).count() + JoinRequest.objects.filter(member=outsider).count()
    assert joined == 3


def test_invite_links_are_limited_per_member(client, world, settings):
    settings.COMMUNITY_RATE_LIMITS = {"invite_create": "2/h/user"}
    client.force_login(world.leader)
    url = reverse("groups:invitations", kwargs={"slug": world.group.slug})
    before = Invitation.objects.filter(created_by=world.leader).count()

    statuses = spam(client, url, {"days": "7", "max_uses": "5"}, 3)

    assert statuses == [302, 302, 429]
    assert Invitation.objects.filter(created_by=world.leader).count() == before + 2


def test_accepting_invite_links_is_limited_per_member(client, world, settings):
    settings.COMMUNITY_RATE_LIMITS = {"invite_accept": "2/h/user"}
    client.force_login(MemberFactory())
    url = reverse("groups:invitation", kwargs={"code": world.invitation.code})

    statuses = spam(client, url, {}, 3)

    # The first accept admits; the second is refused by the rules (already a member), the third by the limit.
    assert statuses == [302, 302, 429]


def test_founding_applications_are_limited_per_member(client, world, settings):
    settings.COMMUNITY_RATE_LIMITS = {"found": "2/h/user"}
    client.force_login(world.member)
    before = GroupApplication.objects.filter(applicant=world.member).count()

    statuses = spam(client, reverse("groups:found"), {"name": "x"}, 3)

    assert statuses[-1] == 429
    assert 429 not in statuses[:2]
    assert GroupApplication.objects.filter(applicant=world.member).count() == before


def test_rsvps_are_limited_per_member(client, world, settings):
    settings.COMMUNITY_RATE_LIMITS = {"rsvp": "2/h/user"}
    client.force_login(world.member)
    url = reverse("groups:activity_rsvp", kwargs={"slug": world.group.slug, "pk": world.activity.pk})

    assert spam(client, url, {}, 3) == [302, 302, 429]


def test_course_enrolments_are_limited_per_member(client, world, settings):
    settings.COMMUNITY_RATE_LIMITS = {"enrol": "2/h/user"}
    client.force_login(MemberFactory())

    assert spam(client, route(world.course, "enrol"), {}, 3) == [302, 302, 429]


def test_recruitment_applications_are_limited_per_member(client, world, settings):
    settings.COMMUNITY_RATE_LIMITS = {"apply": "2/h/user"}
    client.force_login(world.member)

    statuses = spam(client, route(world.call, "apply"), {}, 3)

    assert statuses[:2] == [302, 302]
    assert statuses[2] == 429
    assert Application.objects.filter(member=world.member).count() <= 1


def test_showcase_submissions_are_limited_per_member(client, world, settings):
    settings.COMMUNITY_RATE_LIMITS = {"showcase_submit": "2/h/user"}
    client.force_login(world.member)

    statuses = spam(client, route(world.showcase, "submit"), {"title": "作品"}, 3)

    assert statuses == [200, 200, 429]


def test_showcase_votes_are_limited_per_member(client, world, settings):
    settings.COMMUNITY_RATE_LIMITS = {"showcase_vote": "4/h/user"}
    client.force_login(world.leader)
    url = route(world.showcase, "vote", world.entry.pk)

    statuses = spam(client, url, {}, 5)

    assert statuses == [302, 302, 302, 302, 429]
    assert not Vote.objects.filter(entry=world.entry, member=world.leader).exists()


def test_redemptions_are_limited_per_member(client, world, settings):
    settings.COMMUNITY_RATE_LIMITS = {"redeem": "2/h/user"}
    client.force_login(world.member)
    url = reverse("points:redeem", kwargs={"pk": world.reward.pk})
    data = {"recipient_name": "小林", "phone": "13800000000", "address": "杭州市西湖区"}

    statuses = spam(client, url, data, 3)

    assert statuses[2] == 429
    assert Redemption.objects.filter(member=world.member).count() <= 2


def test_the_default_limits_leave_room_for_normal_use(client, world):
    """A busy member's evening: vote on a dozen entries, sign up to an activity, join a few groups."""
    client.force_login(world.member)
    for _ in range(12):
        assert client.post(route(world.showcase, "vote", world.entry.pk)).status_code == 302
    for _ in range(4):
        assert client.post(reverse("groups:join", kwargs={"slug": CommunityGroupFactory().slug})).status_code == 302


def test_a_cache_outage_lets_the_action_through(client, world, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(ratelimit._allauth, "consume", broken)
    client.force_login(world.member)

    assert client.post(activity_check_in_url(world), {"code": ACTIVITY_CODE}).status_code == 302
    assert Attendance.objects.filter(activity=world.activity, member=world.member).exists()
