"""Uploaded files with production settings: public media are served with cache headers; private files (chat QR
codes, showcase images awaiting moderation, guide documents) only through an access check, under unguessable names,
never from the public media path; and older uploads are moved there by the secure_media command."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from portal.groups.models import CommunityGroup, Membership
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.page_factories import EntryFactory, GuideDocumentFactory
from website.showcases.models import Entry, EntryImage

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


def _png(colour=(200, 80, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", (24, 24), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def leader(db):
    return MemberFactory(email="leader@example.com", display_name="组长阿青")


@pytest.fixture
def group(leader):
    return CommunityGroupFactory(name="西湖读书会", slug="xihu-books", leader=leader)


@pytest.fixture
def qr_group(group):
    group.chat_qr.save("wechat-group.png", SimpleUploadedFile("wechat-group.png", _png()), save=True)
    return group


def get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


# --- Public media (finding 12) --------------------------------------------------------------------------------------


def test_public_media_is_served_with_production_settings(client):
    assert settings.DEBUG is False
    member = MemberFactory()
    member.avatar.save("me.png", SimpleUploadedFile("me.png", _png()), save=True)

    response = client.get(member.avatar.url)

    assert response.status_code == 200
    assert _body(response) == _png()
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Type"] == "image/png"


def test_renditions_are_cached_for_a_year_and_other_media_for_a_day(client):
    root = Path(settings.MEDIA_ROOT)
    (root / "images").mkdir(parents=True)
    (root / "images" / "photo.fill-300x200.jpg").write_bytes(b"rendition")
    (root / "original_images").mkdir()
    (root / "original_images" / "photo.jpg").write_bytes(b"original")

    assert client.get("/media/images/photo.fill-300x200.jpg")["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/media/original_images/photo.jpg")["Cache-Control"] == "public, max-age=86400"


@pytest.mark.parametrize(
    "path", ["/media/documents/rules.txt", "/media/../private_media/x.png", "/media/missing.png", "/media/"]
)
def test_public_media_never_serves_documents_or_leaves_its_folder(client, path):
    documents = Path(settings.MEDIA_ROOT) / "documents"
    documents.mkdir(parents=True)
    (documents / "rules.txt").write_bytes(b"LEADERS-ONLY")
    assert client.get(path).status_code == 404


# --- The chat QR code (finding 11) ----------------------------------------------------------------------------------


def test_the_chat_qr_is_stored_privately_under_a_random_name(qr_group):
    name = qr_group.chat_qr.name
    assert re.fullmatch(r"groups/qr/[0-9a-f]{32}\.png", name)
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / name).is_file()
    assert not (Path(settings.MEDIA_ROOT) / name).exists()
    assert qr_group.chat_qr.url == f"/private-media/{name}"


def test_the_chat_qr_is_not_reachable_at_a_public_media_path(client, qr_group):
    assert client.get(f"/media/{qr_group.chat_qr.name}").status_code == 404
    assert client.get("/media/groups/qr/wechat-group.png").status_code == 404


def test_members_leaders_and_staff_get_the_chat_qr_and_no_one_caches_it(client, qr_group, leader):
    member = MembershipFactory(group=qr_group, member=MemberFactory()).member
    for user in (member, leader, StaffUserFactory()):
        response = get(client, user, qr_group.chat_qr.url)
        assert response.status_code == 200, user
        assert _body(response) == qr_group.chat_qr.open("rb").read()
        assert response["Cache-Control"] == PRIVATE


def test_outsiders_former_members_and_visitors_do_not_get_the_chat_qr(client, qr_group):
    former = MembershipFactory(group=qr_group, member=MemberFactory(), state=Membership.State.LEFT).member
    other_group_leader = MemberFactory()
    CommunityGroupFactory(name="别的社群", slug="other", leader=other_group_leader)
    for user in (None, MemberFactory(), former, other_group_leader):
        response = get(client, user, qr_group.chat_qr.url)
        assert response.status_code == 404, user
        assert response["Cache-Control"] == PRIVATE


def test_the_group_page_shows_members_the_private_qr_url(client, qr_group, leader):
    html = get(client, leader, qr_group.get_absolute_url()).content.decode()
    assert f'src="/private-media/{qr_group.chat_qr.name}"' in html


@pytest.mark.parametrize(
    "name", ["groups/qr/../../etc/passwd", "/etc/passwd", "groups/qr/%00.png", "groups\\qr\\x.png", "nothing.png"]
)
def test_made_up_private_names_are_not_found(client, leader, name):
    client.force_login(leader)
    assert client.get(f"/private-media/{name}").status_code in (400, 404)


# --- Showcase images (finding 11) -----------------------------------------------------------------------------------


@pytest.fixture
def pending_image(db):
    entry = EntryFactory(status=Entry.Status.PENDING)
    image = EntryImage(entry=entry)
    image.image.save("my-painting.png", SimpleUploadedFile("my-painting.png", _png()), save=True)
    return image


def test_a_pending_showcase_image_is_private_to_its_author_and_staff(client, pending_image):
    assert re.fullmatch(rf"showcases/{pending_image.entry.showcase_id}/[0-9a-f]{{32}}\.png", pending_image.image.name)
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / pending_image.image.name).is_file()
    url = pending_image.image.url
    for user in (pending_image.entry.member, StaffUserFactory()):
        response = get(client, user, url)
        assert response.status_code == 200
        assert response["Cache-Control"] == PRIVATE
    for user in (None, MemberFactory()):
        assert get(client, user, url).status_code == 404
    assert client.get(f"/media/{pending_image.image.name}").status_code == 404


def test_an_approved_showcase_image_is_public(client, pending_image):
    Entry.objects.filter(pk=pending_image.entry_id).update(status=Entry.Status.APPROVED)
    response = get(client, None, pending_image.image.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"


# --- Guide documents (finding 11) -----------------------------------------------------------------------------------


def test_guide_documents_are_stored_outside_public_media_under_a_token_folder(client):
    document = GuideDocumentFactory()
    assert re.fullmatch(r"documents/[0-9a-f]{32}/group-rules-template\w*\.txt", document.file.name)
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / document.file.name).is_file()
    assert not (Path(settings.MEDIA_ROOT) / "documents").exists()
    assert client.get(f"/media/{document.file.name}").status_code == 404
    assert document.filename.startswith("group-rules-template")


# --- Sending by the web server --------------------------------------------------------------------------------------


def test_nginx_sends_the_private_file_after_the_check(client, settings, qr_group, leader):
    settings.PRIVATE_MEDIA_ACCEL = "nginx"
    response = get(client, leader, qr_group.chat_qr.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private_media/{qr_group.chat_qr.name}"
    assert response.content == b""
    assert response["Cache-Control"] == PRIVATE
    assert get(client, MemberFactory(), qr_group.chat_qr.url).status_code == 404


def test_apache_sends_the_private_file_after_the_check(client, settings, qr_group, leader):
    settings.PRIVATE_MEDIA_ACCEL = "apache"
    response = get(client, leader, qr_group.chat_qr.url)
    assert response["X-Sendfile"] == str(Path(settings.PRIVATE_MEDIA_ROOT).resolve() / qr_group.chat_qr.name)
    assert response.content == b""


# --- Moving older uploads -------------------------------------------------------------------------------------------


def test_secure_media_moves_old_files_to_private_random_names_once(group):
    root = Path(settings.MEDIA_ROOT)
    (root / "groups" / "qr").mkdir(parents=True)
    (root / "groups" / "qr" / "xihu-chat.png").write_bytes(b"QR")
    (root / "groups" / "covers").mkdir(parents=True)
    (root / "groups" / "covers" / "lake.jpg").write_bytes(b"COVER")
    (root / "documents").mkdir()
    (root / "documents" / "rules.txt").write_bytes(b"RULES")
    CommunityGroup.objects.filter(pk=group.pk).update(
        chat_qr="groups/qr/xihu-chat.png", cover="groups/covers/lake.jpg"
    )
    document = GuideDocumentFactory()
    document.file.delete(save=False)
    type(document).objects.filter(pk=document.pk).update(file="documents/rules.txt")

    call_command("secure_media", stdout=io.StringIO(), stderr=io.StringIO())

    group.refresh_from_db()
    document.refresh_from_db()
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    assert re.fullmatch(r"groups/qr/[0-9a-f]{32}\.png", group.chat_qr.name)
    assert (private / group.chat_qr.name).read_bytes() == b"QR"
    assert re.fullmatch(r"groups/covers/[0-9a-f]{32}\.jpg", group.cover.name)
    assert (root / group.cover.name).read_bytes() == b"COVER"
    assert re.fullmatch(r"documents/[0-9a-f]{32}/rules\.txt", document.file.name)
    assert (private / document.file.name).read_bytes() == b"RULES"
    assert sorted(p.name for p in root.rglob("*") if p.is_file()) == [Path(group.cover.name).name]

    names = (group.chat_qr.name, group.cover.name, document.file.name)
    out = io.StringIO()
    call_command("secure_media", stdout=out, stderr=io.StringIO())
    group.refresh_from_db()
    document.refresh_from_db()
    assert (group.chat_qr.name, group.cover.name, document.file.name) == names
    assert "moved 0 file(s)" in out.getvalue()


def test_on_s3_pages_link_the_view_and_the_view_redirects_a_member_to_a_signed_url(client, settings, group, leader):
    pytest.importorskip("boto3")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "website.core.uploads.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": "community-media",
                "access_key": "test-key",
                "secret_key": "test-secret",
                "region_name": "us-east-1",
                "location": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
            },
        },
    }
    CommunityGroup.objects.filter(pk=group.pk).update(chat_qr="groups/qr/" + "a" * 32 + ".png")
    from website.core.uploads import private_storage

    assert private_storage().url("groups/qr/x.png") == "/private-media/groups/qr/x.png"

    response = get(client, leader, "/private-media/groups/qr/" + "a" * 32 + ".png")
    assert response.status_code == 302
    assert "community-media" in response["Location"] and "Signature" in response["Location"]
    assert "/private/groups/qr/" in response["Location"]
    assert response["Cache-Control"] == PRIVATE
    assert get(client, MemberFactory(), "/private-media/groups/qr/" + "a" * 32 + ".png").status_code == 404


def test_nginx_sends_guide_documents_after_wagtails_checks(client, settings):
    from wagtail.utils.sendfile import _get_sendfile

    settings.PRIVATE_MEDIA_ACCEL = "nginx"
    settings.SENDFILE_BACKEND = "website.core.media"
    _get_sendfile.clear()
    try:
        document = GuideDocumentFactory()
        client.force_login(StaffUserFactory(is_superuser=True))
        response = client.get(document.url)
        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == f"/_private_media/{document.file.name}"
        assert response.content == b""
        assert get(client, MemberFactory(), document.url).status_code in (302, 403)
    finally:
        _get_sendfile.clear()
