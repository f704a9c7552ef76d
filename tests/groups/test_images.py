"""Cover and chat-QR uploads: a real raster image is kept under a random name (the QR code outside MEDIA_ROOT);
anything else is a form error and nothing is saved."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from portal.groups.models import GroupProfileChange
from tests.utils import upload

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


@pytest.fixture
def as_leader(client, leader):
    client.force_login(leader)
    return client


def _post_cover(client, group, file):
    data = {"name": group.name, "summary": group.summary, "topic": group.topic_id, "city": group.city, "cover": file}
    return client.post(f"/en/portal/groups/{group.slug}/manage/", data)


def _post_qr(client, group, file):
    data = {"join_policy": group.join_policy, "capacity": str(group.capacity), "chat_qr": file}
    return client.post(f"/en/portal/groups/{group.slug}/manage/settings/", data)


def _stored_files():
    roots = [Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)]
    return [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]


TOKEN_NAME = r"[0-9a-f]{32}\.(jpg|png)"


@pytest.fixture
def bad_uploads(png_bytes):
    """name -> a function making the upload, so each parametrised case builds only its own (big) file."""
    return {
        "not an image": lambda: upload("qr.png", b"this is not an image at all"),
        "too large": lambda: upload("qr.png", png_bytes((1400, 1400), noisy=True)),
        "too many pixels": lambda: upload("qr.png", png_bytes((5001, 5001))),
        "svg": lambda: upload("qr.svg", SVG, content_type="image/svg+xml"),
        "svg named png": lambda: upload("qr.png", SVG),
    }


BAD = ["not an image", "too large", "too many pixels", "svg", "svg named png"]


def test_the_bad_files_are_what_they_claim(png_bytes):
    assert len(png_bytes((1400, 1400), noisy=True)) > settings.GROUP_IMAGE_MAX_UPLOAD_SIZE == 5 * 1024 * 1024
    assert 5001 * 5001 > settings.GROUP_IMAGE_MAX_PIXELS == 25_000_000
    assert len(png_bytes((5001, 5001))) < settings.GROUP_IMAGE_MAX_UPLOAD_SIZE


def test_a_real_cover_image_is_saved(as_leader, group, png_bytes):
    response = _post_cover(as_leader, group, upload("cover.png", png_bytes((800, 400))))
    assert response.status_code == 302
    group.refresh_from_db()
    assert re.fullmatch(f"groups/covers/{TOKEN_NAME}", group.cover.name), "public, but under a name nobody can guess"
    assert (Path(settings.MEDIA_ROOT) / group.cover.name).is_file()


def test_a_real_chat_qr_is_saved(as_leader, group, png_bytes):
    response = _post_qr(as_leader, group, upload("qr.png", png_bytes((300, 300))))
    assert response.status_code == 302
    group.refresh_from_db()
    assert re.fullmatch(f"groups/qr/{TOKEN_NAME}", group.chat_qr.name), "not the uploaded file's own name"
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / group.chat_qr.name).is_file()
    assert not (Path(settings.MEDIA_ROOT) / "groups" / "qr").exists(), "a members-only file under public media"
    assert group.chat_qr.url.startswith("/private-media/groups/qr/")


@pytest.mark.parametrize("kind", BAD)
def test_bad_cover_is_a_form_error_and_nothing_is_saved(as_leader, group, bad_uploads, kind):
    response = _post_cover(as_leader, group, bad_uploads[kind]())
    assert response.status_code == 200
    assert "cover" in response.context["form"].errors
    group.refresh_from_db()
    assert not group.cover
    assert _stored_files() == []
    assert not GroupProfileChange.objects.exists()


@pytest.mark.parametrize("kind", BAD)
def test_bad_chat_qr_is_a_form_error_and_nothing_is_saved(as_leader, group, bad_uploads, kind):
    response = _post_qr(as_leader, group, bad_uploads[kind]())
    assert response.status_code == 200
    assert "chat_qr" in response.context["form"].errors
    group.refresh_from_db()
    assert not group.chat_qr
    assert _stored_files() == []
    assert not GroupProfileChange.objects.exists()
