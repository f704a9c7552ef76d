"""Who sees a member's public profile, and who must sign in first."""

import pytest
from django.urls import reverse

from portal.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC, MEMBERS, PRIVATE = User.Visibility.PUBLIC, User.Visibility.MEMBERS, User.Visibility.PRIVATE


@pytest.fixture
def owner(verified_member):
    return verified_member(email="owner@example.com", display_name="主人公", bio="喜欢爬山。")


@pytest.mark.parametrize(
    ("visibility", "viewer", "status"),
    [
        (PUBLIC, "anonymous", 200),
        (PUBLIC, "other member", 200),
        (MEMBERS, "anonymous", 404),
        (MEMBERS, "other member", 200),
        (PRIVATE, "anonymous", 404),
        (PRIVATE, "other member", 404),
        (PRIVATE, "owner", 200),
        (PRIVATE, "staff", 200),
        (MEMBERS, "owner", 200),
    ],
)
def test_profile_visibility(client, owner, staff_user, verified_member, visibility, viewer, status):
    owner.profile_visibility = visibility
    owner.save()
    if viewer == "other member":
        client.force_login(verified_member())
    elif viewer == "owner":
        client.force_login(owner)
    elif viewer == "staff":
        client.force_login(staff_user)

    response = client.get(owner.get_absolute_url())

    assert response.status_code == status
    if status == 200:
        assert "主人公" in response.content.decode()
    else:
        assert "主人公" not in response.content.decode()


def test_private_profile_answers_like_a_missing_member(client, owner):
    owner.profile_visibility = PRIVATE
    owner.save()
    missing = client.get(reverse("accounts:profile", args=[owner.pk + 1000]))
    private = client.get(owner.get_absolute_url())
    assert private.status_code == missing.status_code == 404


def test_inactive_member_profile_is_not_found(client):
    gone = UserFactory(profile_visibility=PUBLIC, is_active=False)
    assert client.get(gone.get_absolute_url()).status_code == 404


def test_profile_escapes_what_members_type(client):
    member = UserFactory(profile_visibility=PUBLIC, display_name="<script>x()</script>", bio="<b>bold</b>")
    page = client.get(member.get_absolute_url()).content.decode()
    assert "<script>x()</script>" not in page
    assert "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page


@pytest.mark.parametrize("path", ["/portal/", "/portal/profile/", "/en/portal/", "/en/portal/profile/"])
def test_member_pages_send_anonymous_visitors_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    login_url = "/en/accounts/login/" if path.startswith("/en/") else "/accounts/login/"
    assert response["Location"].startswith(f"{login_url}?next=")
    assert path in response["Location"]


def test_anonymous_profile_post_changes_nothing(client, member):
    response = client.post("/portal/profile/", {"display_name": "黑客", "profile_visibility": "public"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "小林"
