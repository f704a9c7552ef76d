"""Bad input on sign-up and profile edit: a form error in the user's language, nothing saved, never a 500."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils.functional import Promise

from portal.accounts.forms import ProfileForm
from portal.accounts.models import User
from tests.factories import DEFAULT_PASSWORD
from tests.utils import form_errors, upload

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


def _signup_data(**overrides):
    data = {
        "email": "newcomer@example.com",
        "password1": DEFAULT_PASSWORD,
        "password2": DEFAULT_PASSWORD,
        "display_name": "新朋友",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"email": "not-an-address"}, "email", id="invalid-email"),
        pytest.param({"email": ""}, "email", id="missing-email"),
        pytest.param({"password1": "12345678", "password2": "12345678"}, "password1", id="weak-password"),
        pytest.param({"password1": "short", "password2": "short"}, "password1", id="short-password"),
        pytest.param({"password2": "Plum-blossom-river-2047"}, "password2", id="mismatched-passwords"),
        pytest.param({"display_name": "名" * 41}, "display_name", id="display-name-41-chars"),
    ],
)
def test_bad_signup_input_is_a_form_error_and_saves_nothing(client, mailoutbox, overrides, field):
    response = client.post("/accounts/signup/", _signup_data(**overrides))
    errors = form_errors(response)
    assert field in errors, errors
    assert not User.objects.exists()
    assert mailoutbox == []


def test_password_too_similar_to_the_address_is_refused(client):
    response = client.post(
        "/accounts/signup/", _signup_data(password1="newcomer@example", password2="newcomer@example")
    )
    assert "password1" in form_errors(response)
    assert not User.objects.exists()


# --- Profile edit ---------------------------------------------------------------------------------------------------


def _profile_data(**overrides):
    data = {
        "display_name": "小林",
        "city": "杭州",
        "interests": "",
        "bio": "",
        "profile_visibility": "members",
    }
    return {**data, **overrides}


def _assert_profile_unchanged(member):
    member.refresh_from_db()
    assert member.city == ""
    assert member.bio == ""
    assert not member.avatar
    assert not (Path(settings.MEDIA_ROOT) / "avatars").exists(), "a refused upload was written to storage"


# Each bad upload is drawn only when its case runs; with the English words its error message must contain.
BAD_AVATARS = {
    "not-an-image": (lambda png: upload("notes.png", b"just some text, not a picture\n" * 20), "Upload a valid image"),
    "svg": (lambda png: upload("face.svg", SVG, "image/svg+xml"), "Not a supported image format"),
    # Random pixels do not compress: 900x900x3 bytes is about 2.4 MB, over the 2 MB limit.
    "too-large": (lambda png: upload("big.png", png((900, 900), noisy=True)), "too big"),
    # A solid colour compresses to a few KB, but 5000x4000 is 20 million pixels, over the 16 million limit.
    "too-many-pixels": (lambda png: upload("huge.png", png((5000, 4000))), "too many pixels"),
    "extension-lies": (lambda png: upload("photo.gif", png((10, 10)), "image/gif"), "Not a valid .gif image"),
}


@pytest.mark.parametrize("kind", list(BAD_AVATARS))
def test_bad_avatar_is_a_form_error_in_english_and_saves_nothing(client_logged_in, member, png_bytes, kind):
    make_avatar, english = BAD_AVATARS[kind]
    response = client_logged_in.post("/en/portal/profile/", _profile_data(avatar=make_avatar(png_bytes)))
    errors = form_errors(response)
    assert list(errors) == ["avatar"], errors
    assert english in errors["avatar"][0]
    assert english in response.content.decode()
    _assert_profile_unchanged(member)


def test_too_large_avatar_file_really_is_over_the_limit(png_bytes, settings):
    assert len(png_bytes((900, 900), noisy=True)) > settings.AVATAR_MAX_UPLOAD_SIZE
    assert settings.AVATAR_MAX_PIXELS < 5000 * 4000
    assert len(png_bytes((5000, 4000))) < 200_000


def test_over_long_bio_is_a_form_error(client_logged_in, member):
    response = client_logged_in.post("/en/portal/profile/", _profile_data(bio="字" * 501))
    errors = form_errors(response)
    assert list(errors) == ["bio"]
    assert "at most 500 characters" in errors["bio"][0]
    _assert_profile_unchanged(member)


def test_over_long_display_name_in_profile_is_a_form_error(client_logged_in, member):
    response = client_logged_in.post("/en/portal/profile/", _profile_data(display_name="名" * 41))
    assert list(form_errors(response)) == ["display_name"]
    member.refresh_from_db()
    assert member.display_name == "小林"


def test_unknown_visibility_is_a_form_error(client_logged_in, member):
    response = client_logged_in.post("/en/portal/profile/", _profile_data(profile_visibility="everyone-and-their-dog"))
    assert list(form_errors(response)) == ["profile_visibility"]
    _assert_profile_unchanged(member)


def test_profile_page_language_follows_the_url(client_logged_in):
    chinese = client_logged_in.post("/portal/profile/", _profile_data(bio="字" * 501)).content.decode()
    english = client_logged_in.post("/en/portal/profile/", _profile_data(bio="字" * 501)).content.decode()
    assert '<html lang="zh-hans"' in chinese
    assert '<html lang="en"' in english
    assert "at most 500 characters" in english
    assert "at most 500 characters" not in chinese


def test_profile_errors_in_chinese(client_logged_in, member, png_bytes):
    """The default language is Simplified Chinese: Django's and Wagtail's own translations show up already."""
    response = client_logged_in.post("/portal/profile/", _profile_data(bio="字" * 501))
    assert "确保该变量包含不超过 500 字符" in form_errors(response)["bio"][0]

    response = client_logged_in.post("/portal/profile/", _profile_data(avatar=upload("notes.png", b"plain text")))
    assert "请上传一张有效的图片" in form_errors(response)["avatar"][0]

    response = client_logged_in.post(
        "/portal/profile/", _profile_data(avatar=upload("huge.png", png_bytes((5000, 4000))))
    )
    assert "文件包含像素过多" in form_errors(response)["avatar"][0]
    _assert_profile_unchanged(member)


def test_signup_errors_in_chinese(client):
    response = client.post("/accounts/signup/", _signup_data(email="not-an-address"))
    assert "输入一个有效的 Email 地址" in form_errors(response)["email"][0]
    response = client.post("/accounts/signup/", _signup_data(password2="Plum-blossom-river-2047"))
    assert "每次输入的密码必须相同" in form_errors(response)["password2"][0]
    assert not User.objects.exists()


def test_signup_errors_in_english(client):
    response = client.post("/en/accounts/signup/", _signup_data(email="not-an-address"))
    assert "Enter a valid email address." in form_errors(response)["email"]
    assert '<html lang="en"' in response.content.decode()


def test_avatar_help_and_errors_are_translated_when_shown_not_at_import():
    """The avatar field is built once, when the forms module is imported, in whatever language is active then.

    Its help text and format error must stay lazy so each request shows them in its own language; an eager
    ``gettext_lazy(...) % {...}`` freezes them (in Chinese, usually) for every visitor, English ones included.
    """
    field = ProfileForm.base_fields["avatar"]
    assert isinstance(field.help_text, Promise), "help text was translated once at import"
    assert isinstance(field.error_messages["invalid_image_extension"], Promise), "error translated once at import"
