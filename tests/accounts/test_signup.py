"""Sign-up, e-mail verification, login and the first profile edit, through the real views."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from portal.accounts.models import User
from tests.factories import DEFAULT_PASSWORD
from tests.utils import confirmation_path, upload

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"


def signup_data(email="newcomer@example.com", password=DEFAULT_PASSWORD, **extra):
    return {"email": email, "password1": password, "password2": password, "display_name": "新朋友", **extra}


def test_signup_verify_login_and_edit_profile(client, mailoutbox, png_bytes):
    response = client.post(SIGNUP_URL, signup_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="newcomer@example.com")
    assert user.display_name == "新朋友"
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["newcomer@example.com"]
    link = confirmation_path(mailoutbox[0])

    # ACCOUNT_CONFIRM_EMAIL_ON_GET is off: opening the link shows a button, only the POST verifies.
    response = client.get(link)
    assert response.status_code == 200
    assert not EmailAddress.objects.get(user=user).verified
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.post(reverse("account_logout"))
    assert client.get("/portal/").status_code == 302

    response = client.post(LOGIN_URL, {"login": "newcomer@example.com", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    response = client.get("/portal/")
    assert response.status_code == 200
    assert "新朋友" in response.content.decode()

    response = client.post(
        "/portal/profile/",
        {
            "display_name": "  林小满  ",
            "avatar": upload("me.png", png_bytes((64, 64))),
            "city": "成都",
            "interests": "读书，徒步、摄影",
            "bio": "周末在公园跑步。",
            "profile_visibility": "public",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    user.refresh_from_db()
    assert user.display_name == "林小满"
    assert user.city == "成都"
    assert user.interests == "读书, 徒步, 摄影"
    assert user.bio == "周末在公园跑步。"
    assert user.profile_visibility == User.Visibility.PUBLIC
    assert user.avatar.name.startswith(f"avatars/{user.pk}/")
    assert user.avatar.storage.exists(user.avatar.name)
    assert user.profile_completeness == 100

    page = client.get("/portal/").content.decode()
    assert "林小满" in page
    page = client.get("/portal/profile/").content.decode()
    assert "成都" in page and "周末在公园跑步。" in page


def test_login_before_verification_does_not_reach_the_dashboard(client, mailoutbox):
    client.post(SIGNUP_URL, signup_data())
    assert len(mailoutbox) == 1

    fresh = client.__class__()
    response = fresh.post(LOGIN_URL, {"login": "newcomer@example.com", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    response = fresh.get("/portal/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    # Nor does the sign-up session itself count as logged in before the address is verified.
    assert client.get("/portal/").status_code == 302


def test_unverified_member_login_resends_the_verification_mail(client, unverified_member, mailoutbox):
    response = client.post(LOGIN_URL, {"login": unverified_member.email, "password": DEFAULT_PASSWORD})
    assert response["Location"] == reverse("account_email_verification_sent")
    assert [message.to for message in mailoutbox] == [[unverified_member.email]]
    confirmation_path(mailoutbox[0])


def test_verified_member_logs_in_and_sees_the_dashboard(client, member):
    response = client.post(LOGIN_URL, {"login": member.email, "password": DEFAULT_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/portal/"
    assert response.status_code == 200
    assert member.display_name in response.content.decode()


def test_login_is_case_insensitive_for_the_address(client, member):
    response = client.post(LOGIN_URL, {"login": member.email.upper(), "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/portal/"


def test_dashboard_shows_completeness_and_account_links(client_logged_in, member):
    page = client_logged_in.get("/en/portal/").content.decode()
    assert member.display_name in page
    # display_name is set; avatar, city, interests and bio are not: 1 of 5 fields.
    assert member.profile_completeness == 20
    assert "20%" in page
    for url in ["/en/portal/profile/", "/en/accounts/email/", "/en/accounts/password/change/"]:
        assert f'href="{url}"' in page, url


def test_account_pages_linked_from_the_dashboard_open(client_logged_in):
    for url in ["/accounts/email/", "/accounts/password/change/", "/en/accounts/email/"]:
        assert client_logged_in.get(url).status_code == 200, url


def test_signup_post_stays_within_the_query_budget(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = client.post(SIGNUP_URL, signup_data())
    assert response.status_code == 302


def test_saved_avatar_is_shrunk_and_stripped_of_camera_metadata(client_logged_in, member):
    import io

    from PIL import Image

    photo = Image.new("RGB", (1600, 1200), (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", exif=exif)
    assert Image.open(io.BytesIO(buffer.getvalue())).getexif()  # the upload does carry metadata

    response = client_logged_in.post(
        "/portal/profile/",
        {"display_name": "小林", "profile_visibility": "members", "avatar": upload("trip.jpg", buffer.getvalue())},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    with member.avatar.open("rb") as saved, Image.open(saved) as image:
        assert max(image.size) <= 512
        assert not image.getexif()


def test_login_ignores_a_next_address_on_another_site(client, member):
    response = client.post(
        "/accounts/login/?next=https://evil.example/steal", {"login": member.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/portal/"
