"""Moderating showcase entries: photos in the listing, status and pick shown as words, approving many at once."""

import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from PIL import Image
from wagtail.models import ModelLogEntry

from portal.points.models import PointEntry
from tests.factories import StaffUserFactory
from tests.groups.lifecycle.helpers import zh
from tests.page_factories import EntryFactory, ShowcasePageFactory
from website.showcases.admin_views import THUMBNAIL_SIDE
from website.showcases.models import Entry, EntryImage

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/showcases/entry/"
APPROVE = "/admin/bulk/showcases/entry/approve/"


def with_photos(entry, count, png_bytes):
    for order in range(count):
        EntryImage.objects.create(
            entry=entry, image=ContentFile(png_bytes((800, 600)), name=f"p{order}.png"), sort_order=order
        )
    return entry


def approve_url(*entries, extra=()):
    ids = "&".join(f"id={entry.pk}" for entry in entries)
    return f"{APPROVE}?next={LISTING}&{ids}" + "".join(f"&id={value}" for value in extra)


def row_of(html, entry):
    """The listing's table row for ``entry``."""
    start = html.index(f'id="snippet_{entry.pk}_title"')
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


def earned(entry, code):
    return PointEntry.objects.filter(member=entry.member, rule__code=code).count()


# --- The listing ----------------------------------------------------------------------------------------------------


def test_the_listing_shows_small_thumbnails_of_an_entrys_first_photos_with_alt_text(client, team_member, png_bytes):
    entry = with_photos(EntryFactory(title="秋天的面包", status=Entry.Status.PENDING), 5, png_bytes)
    client.force_login(team_member)

    row = row_of(client.get(LISTING).content.decode(), entry)

    thumbnails = re.findall(r'<img src="([^"]+)" alt="([^"]+)" width="48" height="48"', row)
    assert len(thumbnails) == 3  # the first three; the rest are counted
    assert all(alt.startswith("秋天的面包") for _src, alt in thumbnails)
    assert len({alt for _src, alt in thumbnails}) == 3  # each photo named by its place

    response = client.get(thumbnails[0][0])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(response.content)).size) == THUMBNAIL_SIDE


def test_thumbnails_are_for_moderators_only(client, member, png_bytes):
    entry = with_photos(EntryFactory(status=Entry.Status.PENDING), 1, png_bytes)
    photo = entry.images.get()
    client.force_login(member)

    response = client.get(f"/admin/showcases/photos/{photo.pk}/thumbnail/")

    assert response.status_code in (302, 403)
    assert response.get("Content-Type") != "image/jpeg"


def test_a_thumbnail_of_a_missing_file_is_a_404_not_an_error(client, team_member):
    entry = EntryFactory(status=Entry.Status.PENDING)
    photo = EntryImage.objects.create(entry=entry, image="showcases/gone.png")
    client.force_login(team_member)

    assert client.get(f"/admin/showcases/photos/{photo.pk}/thumbnail/").status_code == 404
    assert client.get("/admin/showcases/photos/999999/thumbnail/").status_code == 404


def test_a_pending_entry_reads_as_pending_and_a_pick_reads_as_yes_or_no(client, team_member):
    pending = EntryFactory(status=Entry.Status.PENDING)
    picked = EntryFactory(status=Entry.Status.APPROVED, picked=True)
    client.force_login(team_member)

    html = client.get(LISTING).content.decode()

    pending_row, picked_row = row_of(html, pending), row_of(html, picked)
    assert zh("Waiting for moderation") in pending_row
    assert zh(str(Entry.Status.APPROVED.label)) not in pending_row
    assert zh(str(Entry.Status.APPROVED.label)) in picked_row
    assert ">True<" not in html and ">False<" not in html
    assert "True" not in pending_row and "False" not in pending_row
    with translation.override("zh-hans"):
        yes, no = translation.pgettext("editors' pick", "Yes"), translation.pgettext("editors' pick", "No")
    assert yes in picked_row
    assert no in pending_row


def test_the_listing_takes_the_same_number_of_queries_for_2_and_12_entries(
    client, team_member, png_bytes, django_assert_max_num_queries
):
    showcase = ShowcasePageFactory()
    for _i in range(2):
        with_photos(EntryFactory(showcase=showcase, status=Entry.Status.PENDING), 2, png_bytes)
    client.force_login(team_member)
    client.get(LISTING)
    with CaptureQueriesContext(connection) as queries:
        client.get(LISTING)
    few = len(queries)
    for _i in range(10):
        with_photos(EntryFactory(showcase=ShowcasePageFactory(), status=Entry.Status.PENDING), 2, png_bytes)
    client.get(LISTING)

    with django_assert_max_num_queries(few):
        response = client.get(LISTING)

    assert response.content.decode().count("/thumbnail/") == 24


# --- Bulk approval --------------------------------------------------------------------------------------------------


def test_approving_in_bulk_asks_first_then_approves_pays_and_logs_like_a_single_approval(client, team_member):
    first, second = EntryFactory(status=Entry.Status.PENDING), EntryFactory(status=Entry.Status.PENDING)
    client.force_login(team_member)

    confirm = client.get(approve_url(first, second))
    assert confirm.status_code == 200
    assert first.title in confirm.content.decode()
    assert Entry.objects.filter(status=Entry.Status.PENDING).count() == 2  # nothing changes on GET

    response = client.post(approve_url(first, second))

    assert response.status_code == 302
    for entry in (first, second):
        entry.refresh_from_db()
        assert entry.status == Entry.Status.APPROVED
        assert earned(entry, "showcase_entry") == 1
        log = ModelLogEntry.objects.get(object_id=str(entry.pk), action="showcases.entry.approve")
        assert log.user_id == team_member.pk


def test_approving_again_changes_nothing_and_entries_already_decided_are_left_alone(client, team_member):
    pending = EntryFactory(status=Entry.Status.PENDING)
    live = EntryFactory(status=Entry.Status.APPROVED)
    rejected = EntryFactory(status=Entry.Status.REJECTED)
    client.force_login(team_member)

    client.post(approve_url(pending, live, rejected))
    client.post(approve_url(pending, live, rejected))

    assert Entry.objects.get(pk=pending.pk).status == Entry.Status.APPROVED
    assert Entry.objects.get(pk=rejected.pk).status == Entry.Status.REJECTED
    assert earned(pending, "showcase_entry") == 1
    assert ModelLogEntry.objects.filter(action="showcases.entry.approve").count() == 1
    assert not ModelLogEntry.objects.filter(object_id__in=[str(live.pk), str(rejected.pk)]).exists()


def test_bulk_approval_needs_the_right_to_change_entries(client, db):
    entry = EntryFactory(status=Entry.Status.PENDING)
    viewer = StaffUserFactory(groups=[])
    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="showcases", codename="view_entry"),
    )
    client.force_login(viewer)

    # Wagtail answers a refusal in the admin by sending the user to the admin home with a message.
    for response in (client.get(approve_url(entry)), client.post(approve_url(entry))):
        assert response.status_code == 302
        assert response.url == "/admin/"
    assert Entry.objects.get(pk=entry.pk).status == Entry.Status.PENDING
    assert not ModelLogEntry.objects.filter(action="showcases.entry.approve").exists()


def test_bulk_approval_refuses_a_post_without_the_csrf_token(team_member):
    entry = EntryFactory(status=Entry.Status.PENDING)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(team_member)

    response = browser.post(approve_url(entry))

    assert response.status_code == 403
    assert Entry.objects.get(pk=entry.pk).status == Entry.Status.PENDING


@pytest.mark.parametrize(
    "ids",
    [["abc"], ["-1"], ["1e3"], ["999999999999999999999999"], ["1 OR 1=1"], ["<script>"], ["１"], []],
)
def test_hostile_ids_get_a_404_never_an_error(client, team_member, ids):
    EntryFactory(status=Entry.Status.PENDING)
    client.force_login(team_member)
    query = "&".join(f"id={value}" for value in ids)

    assert client.get(f"{APPROVE}?{query}").status_code == 404
    assert client.post(f"{APPROVE}?{query}").status_code == 404
    assert Entry.objects.filter(status=Entry.Status.PENDING).count() == 1


def test_hostile_ids_next_to_real_ones_are_ignored(client, team_member):
    entry = EntryFactory(status=Entry.Status.PENDING)
    client.force_login(team_member)

    response = client.post(approve_url(entry, extra=["abc", "-5"]))

    assert response.status_code == 302
    assert Entry.objects.get(pk=entry.pk).status == Entry.Status.APPROVED
