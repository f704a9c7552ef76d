"""Crafted images at every member upload: bombs, fakes and truncated files are form errors that change nothing;
the count and sizes are refused before anything is decoded, and an accepted file is decoded once."""

import io
import struct
import zlib
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from portal.groups.models import ActivityPhoto, CommunityGroup
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from tests.groups.lifecycle.factories import ActivityFactory
from tests.page_factories import ShowcasePageFactory
from tests.utils import route, upload
from website.showcases.models import Entry

pytestmark = pytest.mark.django_db


# --- Crafted files ---------------------------------------------------------------------------------------------------


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side=20_000):
    """A real PNG of side x side pixels, one bit each, all zero: 400 million pixels in a few tens of KB."""
    row = b"\0" + b"\0" * (side // 8)
    body = zlib.compress(row * side, 9)
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def fake_gif():
    """31 bytes that start like a GIF and are not one."""
    data = b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\xff" * 18
    assert len(data) == 31
    return data


def truncated_png():
    """The first half of a real 300x300 photo-like PNG: the header reads fine, the pixels run out."""
    buffer = io.BytesIO()
    Image.effect_noise((300, 300), 60).convert("RGB").save(buffer, format="PNG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


CRAFTED = {
    "bomb": lambda: upload("bomb.png", png_bomb()),
    "fake gif": lambda: upload("fake.gif", fake_gif(), "image/gif"),
    "truncated png": lambda: upload("half.png", truncated_png()),
    "text named png": lambda: upload("notes.png", b"these are my notes, not a picture\n" * 3),
}
KINDS = list(CRAFTED)


def test_the_crafted_files_are_what_they_claim():
    bomb = png_bomb()
    assert len(bomb) < 100_000
    assert fake_gif().startswith(b"GIF89a")
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(bomb))
    with Image.open(io.BytesIO(truncated_png())) as image, pytest.raises(OSError):
        image.load()


def _stored_files():
    roots = [Path(settings.MEDIA_ROOT), Path(getattr(settings, "PRIVATE_MEDIA_ROOT", settings.MEDIA_ROOT))]
    return sorted({p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()})


def _png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def leader(db):
    return MemberFactory(email="leader@example.com", display_name="组长阿青")


@pytest.fixture
def group(leader):
    return CommunityGroupFactory(
        name="西湖读书会", slug="xihu-books", leader=leader, join_policy=CommunityGroup.JoinPolicy.OPEN
    )


@pytest.fixture
def held(group):
    return ActivityFactory(group=group, starts_at=timezone.now() - timedelta(hours=2))


# --- The forms, one request each ------------------------------------------------------------------------------------


def post_avatar(client, file):
    data = {"display_name": "小林", "city": "", "interests": "", "bio": "", "profile_visibility": "members"}
    return client.post("/en/portal/profile/", {**data, "avatar": file})


def post_cover(client, group, file):
    data = {"name": group.name, "summary": group.summary, "topic": group.topic_id, "city": group.city}
    return client.post(f"/en/portal/groups/{group.slug}/manage/", {**data, "cover": file})


def post_qr(client, group, file):
    data = {"join_policy": group.join_policy, "capacity": str(group.capacity)}
    return client.post(f"/en/portal/groups/{group.slug}/manage/settings/", {**data, "chat_qr": file})


def post_report(client, activity, files):
    url = reverse("groups:activity_report", kwargs={"slug": activity.group.slug, "pk": activity.pk})
    return client.post(url, {"summary": "来了八个人。", "feedback": "", "photos": list(files)})


def post_entry(client, showcase, files):
    return client.post(route(showcase, "submit"), {"title": "周末的面包", "story": "气孔", "images": list(files)})


def flashed(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("kind", KINDS)
def test_crafted_avatar_is_a_form_error_and_changes_nothing(client, kind):
    member = MemberFactory()
    client.force_login(member)
    response = post_avatar(client, CRAFTED[kind]())
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["avatar"]
    member.refresh_from_db()
    assert not member.avatar
    assert member.display_name != "小林"
    assert _stored_files() == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("field", "post"), [("cover", post_cover), ("chat_qr", post_qr)])
def test_crafted_group_image_is_a_form_error_and_changes_nothing(client, leader, group, field, post, kind):
    client.force_login(leader)
    response = post(client, group, CRAFTED[kind]())
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    group.refresh_from_db()
    assert not getattr(group, field)
    assert _stored_files() == []


@pytest.mark.parametrize("kind", KINDS)
def test_crafted_showcase_image_is_a_form_error_and_changes_nothing(client, kind):
    showcase = ShowcasePageFactory()
    client.force_login(MemberFactory())
    # A good image first: one bad file refuses the whole entry.
    response = post_entry(client, showcase, [upload("good.png", _png()), CRAFTED[kind]()])
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["images"]
    assert not Entry.objects.exists()
    assert _stored_files() == []


@pytest.mark.parametrize("kind", KINDS)
def test_crafted_report_photo_is_refused_and_changes_nothing(client, leader, held, kind):
    client.force_login(leader)
    with translation.override("en"):
        response = post_report(client, held, [upload("good.png", _png()), CRAFTED[kind]()])
    assert response.status_code == 302
    assert flashed(response), "the refusal is told to the leader"
    held.refresh_from_db()
    assert held.reported_at is None
    assert not ActivityPhoto.objects.exists()
    assert _stored_files() == []


def test_a_bomb_is_named_as_too_large_to_process(client):
    client.force_login(MemberFactory())
    response = post_avatar(client, CRAFTED["bomb"]())
    assert "too large to process" in response.context["form"].errors["avatar"][0]


# --- Count and size before decoding; one decode per accepted file ---------------------------------------------------


@pytest.fixture
def image_opens():
    """Counts every Pillow Image.open during the test (the start of any decode)."""
    with mock.patch("PIL.Image.open", wraps=Image.open) as opened:
        yield opened


def test_fifty_report_photos_are_refused_by_count_before_any_is_opened(client, leader, held, image_opens):
    client.force_login(leader)
    junk = [upload(f"p{i}.png", b"not a picture") for i in range(50)]
    with translation.override("en"):
        response = post_report(client, held, junk)
    assert flashed(response) == ["An activity keeps at most nine photos."]
    assert image_opens.call_count == 0
    assert not ActivityPhoto.objects.exists()


def test_photos_beyond_what_the_activity_already_keeps_are_refused_before_opening(client, leader, held, image_opens):
    for i in range(8):
        ActivityPhoto.objects.create(activity=held, image=f"groups/activities/{held.pk}/old{i}.jpg")
    client.force_login(leader)
    with translation.override("en"):
        response = post_report(client, held, [upload("a.png", _png()), upload("b.png", _png())])
    assert flashed(response) == ["An activity keeps at most nine photos."]
    assert image_opens.call_count == 0
    assert ActivityPhoto.objects.count() == 8


def test_ten_showcase_images_are_refused_before_any_is_opened(client, image_opens):
    showcase = ShowcasePageFactory()
    client.force_login(MemberFactory())
    response = post_entry(client, showcase, [upload(f"p{i}.png", b"not a picture") for i in range(10)])
    assert "images" in response.context["form"].errors
    assert image_opens.call_count == 0


def test_an_oversized_file_is_refused_before_it_is_opened(client, image_opens):
    client.force_login(MemberFactory())
    too_big = upload("big.png", b"\x89PNG\r\n\x1a\n" + b"\0" * settings.AVATAR_MAX_UPLOAD_SIZE)
    response = post_avatar(client, too_big)
    assert "too big" in response.context["form"].errors["avatar"][0]
    assert image_opens.call_count == 0


def test_an_accepted_avatar_is_opened_once(client, image_opens):
    member = MemberFactory()
    client.force_login(member)
    response = post_avatar(client, upload("me.png", _png((600, 400))))
    assert response.status_code == 302
    assert image_opens.call_count == 1
    member.refresh_from_db()
    with member.avatar.open("rb") as stored, Image.open(stored) as image:
        assert max(image.size) == 512


def test_accepted_report_photos_are_each_opened_once(client, leader, held, image_opens):
    client.force_login(leader)
    post_report(client, held, [upload(f"p{i}.png", _png()) for i in range(3)])
    assert ActivityPhoto.objects.filter(activity=held).count() == 3
    assert image_opens.call_count == 3
