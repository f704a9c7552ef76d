"""One referral mechanism: a visitor who opens any page through a member's share link (here the QR code of a group
poster) and signs up is recorded as that member's referral; the sharer is paid once, when the new member first joins
a group (or enrols in a course). The link never stops the anonymous page cache from serving other visitors."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.accounts import referrals
from portal.accounts.models import Referral, User
from portal.groups.models import Membership
from portal.points.models import PointEntry
from tests.factories import DEFAULT_PASSWORD
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from tests.utils import confirmation_path

pytestmark = pytest.mark.django_db


def referral_awards(sharer):
    return list(PointEntry.objects.filter(member=sharer, rule__code="course_referral", kind=PointEntry.Kind.EARN))


def test_a_sign_up_through_a_group_poster_pays_the_sharer_once_on_the_first_group_joined(client, mailoutbox, read_qr):
    sharer = MemberFactory(display_name="分享者")
    group, second_group = CommunityGroupFactory(), CommunityGroupFactory()
    client.force_login(sharer)
    poster = client.get(reverse("share:poster", kwargs={"kind": "group", "pk": group.pk}))
    [link] = read_qr(poster.content)
    assert link.endswith(f"?ref={referrals.share_token(sharer)}")

    visitor = Client()
    assert visitor.get(link.removeprefix("http://testserver")).status_code == 200
    assert visitor.session[referrals.SESSION_KEY]["path"] == group.get_absolute_url()
    response = visitor.post(
        "/accounts/signup/",
        {"email": "friend@example.com", "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    newcomer = User.objects.get(email="friend@example.com")
    referral = Referral.objects.get(new_member=newcomer)
    assert referral.sharer == sharer and referral.source_path == group.get_absolute_url()
    assert referral_awards(sharer) == []  # signing up alone earns nothing

    assert visitor.post(confirmation_path(mailoutbox[-1])).status_code == 302  # verifies and signs in
    assert visitor.post(reverse("groups:join", args=[group.slug])).status_code == 302
    assert Membership.objects.get(group=group, member=newcomer).is_active
    [award] = referral_awards(sharer)
    assert award.amount == 20 and award.source_id == str(newcomer.pk)

    # A second group, leaving and joining again: nothing more for the sharer.
    visitor.post(reverse("groups:join", args=[second_group.slug]))
    assert len(referral_awards(sharer)) == 1
    assert referral_awards(newcomer) == []


def test_a_forged_token_is_not_remembered_and_the_page_stays_cacheable(client):
    group = CommunityGroupFactory()
    token = referrals.share_token(MemberFactory())
    forged = token[:-1] + ("1" if token[-1] == "0" else "0")
    response = client.get(group.get_absolute_url(), {"ref": forged})
    assert response.status_code == 200 and not response.cookies
    assert referrals.SESSION_KEY not in client.session


def test_a_well_signed_link_is_never_served_from_the_page_cache(client):
    group = CommunityGroupFactory()
    token = referrals.share_token(MemberFactory())
    for _ in range(2):
        visitor = Client()
        response = visitor.get(group.get_absolute_url(), {"ref": token})
        assert response.status_code == 200
        assert response.get("X-Page-Cache") != "hit"
        assert visitor.session[referrals.SESSION_KEY]["ref"] == token


def test_a_signed_in_member_following_a_link_is_no_referral(client, member):
    group = CommunityGroupFactory()
    client.force_login(member)
    client.get(group.get_absolute_url(), {"ref": referrals.share_token(MemberFactory())})
    assert referrals.SESSION_KEY not in client.session
