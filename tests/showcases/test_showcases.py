"""Showcases: submitting 1 to 9 valid images, moderation in the snippet admin with its points, one vote per member
that can be taken back, no votes for oneself or outside the window, a large showcase paginated, and inert scripts."""

from datetime import timedelta

import pytest
from django import forms
from django.db import IntegrityError
from django.utils import timezone

from portal.points import services as points
from portal.points.models import PointEntry, PointRule
from tests.groups.factories import MemberFactory
from tests.page_factories import EntryFactory, ShowcasePageFactory
from tests.utils import flashed, route, upload, zh
from website.showcases import services
from website.showcases.models import Entry, EntryImage, Vote

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("pwned")</script>'


def awards(member, code):
    return list(PointEntry.objects.filter(member=member, rule__code=code, kind=PointEntry.Kind.EARN))


def images(png_bytes, count):
    return [upload(f"photo{i}.png", png_bytes((40 + i, 30))) for i in range(count)]


def submit(client, showcase, files, title="周末的面包", story="第一次烤出了气孔。"):
    return client.post(route(showcase, "submit"), {"title": title, "story": story, "images": files})


def entry_admin_edit(entry):
    return f"/admin/snippets/showcases/entry/edit/{entry.pk}/"


def test_the_showcase_point_rules_exist():
    codes = set(PointRule.objects.filter(code__startswith="showcase").values_list("code", flat=True))
    assert codes == {"showcase_entry", "showcase_picked", "showcase_vote_received"}, (
        "missing PointRule rows: award() silently returns None for them"
    )


# --- Submitting -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 9])
def test_a_member_submits_an_entry_with_one_to_nine_images(client, member, png_bytes, count):
    showcase = ShowcasePageFactory()
    client.force_login(member)

    response = submit(client, showcase, images(png_bytes, count))

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    entry = Entry.objects.get(showcase=showcase, member=member)
    assert entry.status == Entry.Status.PENDING
    assert EntryImage.objects.filter(entry=entry).count() == count
    stored = EntryImage.objects.filter(entry=entry).first().image
    assert stored.storage.exists(stored.name)


@pytest.mark.parametrize("count", [0, 10])
def test_zero_or_ten_images_are_refused(client, member, png_bytes, count):
    showcase = ShowcasePageFactory()
    client.force_login(member)

    response = submit(client, showcase, images(png_bytes, count))

    assert response.status_code == 200
    assert "images" in response.context["form"].errors
    assert not Entry.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(client, member, png_bytes):
    showcase = ShowcasePageFactory()
    client.force_login(member)

    files = [upload("ok.png", png_bytes()), upload("evil.png", b"<?php echo 1; ?>")]
    response = submit(client, showcase, files)

    assert response.status_code == 200
    errors = response.context["form"].errors.get("images", [])
    assert errors, "the bad file was accepted"
    # Refused because it is not an image, not because the form cannot take several files at all.
    assert str(forms.FileField.default_error_messages["invalid"]) not in errors
    assert not Entry.objects.exists()


def test_submissions_outside_the_window_are_refused(member, png_bytes):
    showcase = ShowcasePageFactory(submissions_close=timezone.now() - timedelta(hours=1))
    with pytest.raises(services.ShowcaseError):
        services.submit(showcase, member, title="晚了", story="", images=images(png_bytes, 1))
    assert not Entry.objects.exists()


# --- Moderation and its points --------------------------------------------------------------------------------------


def test_an_entry_waits_for_moderation_and_is_hidden_until_approved(client, member, png_bytes):
    showcase = ShowcasePageFactory()
    entry = services.submit(showcase, member, title="待审核的作品", story="故事", images=images(png_bytes, 1))

    assert "待审核的作品" not in client.get(showcase.url).content.decode()
    assert client.get(route(showcase, "entry", entry.pk)).status_code == 404
    client.force_login(MemberFactory())
    assert client.get(route(showcase, "entry", entry.pk)).status_code == 404
    client.force_login(member)
    assert client.get(route(showcase, "entry", entry.pk)).status_code == 200  # the author sees its state
    assert awards(member, "showcase_entry") == []


def test_approving_in_the_snippet_admin_awards_the_entry_points_and_picking_awards_the_pick(
    client, member, editor, png_bytes
):
    showcase = ShowcasePageFactory()
    entry = services.submit(showcase, member, title="湖边日落", story="故事", images=images(png_bytes, 1))
    client.force_login(editor)

    assert client.get(entry_admin_edit(entry)).status_code == 200
    response = client.post(entry_admin_edit(entry), {"status": "approved", "moderation_note": ""})
    assert response.status_code == 302

    entry.refresh_from_db()
    assert entry.status == Entry.Status.APPROVED
    assert len(awards(member, "showcase_entry")) == 1
    assert awards(member, "showcase_picked") == []
    assert "湖边日落" in client.get(showcase.url).content.decode()

    client.post(entry_admin_edit(entry), {"status": "approved", "picked": "on", "moderation_note": "构图好"})
    client.post(entry_admin_edit(entry), {"status": "approved", "picked": "on", "moderation_note": "再存一次"})

    assert Entry.objects.get(pk=entry.pk).picked
    assert len(awards(member, "showcase_entry")) == 1
    assert len(awards(member, "showcase_picked")) == 1
    assert points.balance_of(member).balance == (
        PointRule.objects.get(code="showcase_entry").points + PointRule.objects.get(code="showcase_picked").points
    )
    assert [e.title for e in client.get(showcase.url).context["picks"]] == ["湖边日落"]


def test_without_moderation_an_entry_is_live_at_once_with_its_points(client, member, png_bytes):
    showcase = ShowcasePageFactory(moderate_entries=False)
    client.force_login(member)

    submit(client, showcase, images(png_bytes, 2), title="马上上线")

    entry = Entry.objects.get()
    assert entry.status == Entry.Status.APPROVED
    assert len(awards(member, "showcase_entry")) == 1
    assert "马上上线" in client.get(showcase.url).content.decode()


def test_members_cannot_moderate(client, member):
    entry = EntryFactory(status=Entry.Status.PENDING)
    client.force_login(member)
    response = client.post(entry_admin_edit(entry), {"status": "approved"})
    assert response.status_code in (302, 403)
    assert Entry.objects.get(pk=entry.pk).status == Entry.Status.PENDING


# --- Votes ----------------------------------------------------------------------------------------------------------


def test_a_member_votes_once_and_can_take_the_vote_back(client, member):
    entry = EntryFactory()
    author = entry.member
    before = points.balance_of(author).balance
    client.force_login(member)

    response = client.post(route(entry.showcase, "vote", entry.pk))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.vote_count == 1 == Vote.objects.filter(entry=entry).count()
    assert client.get(route(entry.showcase, "entry", entry.pk)).context["voted"] is True

    client.post(route(entry.showcase, "vote", entry.pk))
    entry.refresh_from_db()
    assert entry.vote_count == 0 == Vote.objects.filter(entry=entry).count()

    client.post(route(entry.showcase, "vote", entry.pk))
    entry.refresh_from_db()
    assert entry.vote_count == 1 == Vote.objects.filter(entry=entry).count()
    # Votes are paid when voting closes, from the final tally (tests/showcases/test_vote_points.py), not one by one.
    assert awards(author, "showcase_vote_received") == []
    assert points.balance_of(author).balance == before


def test_the_database_holds_one_vote_per_member_and_entry(member):
    entry = EntryFactory()
    Vote.objects.create(entry=entry, member=member)
    with pytest.raises(IntegrityError):
        Vote.objects.create(entry=entry, member=member)


def test_a_member_cannot_vote_for_their_own_entry(client):
    entry = EntryFactory()
    client.force_login(entry.member)

    response = client.post(route(entry.showcase, "vote", entry.pk))

    assert zh("You cannot vote for your own entry.") in flashed(response)
    assert Entry.objects.get(pk=entry.pk).vote_count == 0
    assert not Vote.objects.exists()


@pytest.mark.parametrize(("opens", "closes"), [(-10, -1), (2, 9)], ids=["closed", "not-yet-open"])
def test_votes_outside_the_voting_window_are_refused(client, member, opens, closes):
    now = timezone.now()
    showcase = ShowcasePageFactory(voting_open=now + timedelta(days=opens), voting_close=now + timedelta(days=closes))
    entry = EntryFactory(showcase=showcase)
    client.force_login(member)

    response = client.post(route(showcase, "vote", entry.pk))

    assert zh("Voting is closed.") in flashed(response)
    assert not Vote.objects.exists()


def test_pending_entries_cannot_be_voted_for(member):
    entry = EntryFactory(status=Entry.Status.PENDING)
    with pytest.raises(services.ShowcaseError):
        services.toggle_vote(entry, member)


def test_voting_needs_a_signed_in_member_and_a_post(client):
    entry = EntryFactory()
    assert client.get(route(entry.showcase, "vote", entry.pk)).status_code == 405
    response = client.post(route(entry.showcase, "vote", entry.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Vote.objects.exists()


# --- A big showcase -------------------------------------------------------------------------------------------------


def test_a_showcase_with_1000_entries_shows_24_a_page_within_12_queries(
    client, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False  # the budget is what rendering costs; tests/cache covers the full-page cache
    showcase = ShowcasePageFactory()
    authors = [MemberFactory() for _ in range(10)]
    Entry.objects.bulk_create(
        Entry(
            showcase=showcase,
            member=authors[i % 10],
            title=f"作品{i:04d}",
            story="故事",
            status=Entry.Status.APPROVED,
            vote_count=i,
        )
        for i in range(1000)
    )
    # Warm: site root paths and site settings are cached; the very first request also creates the settings row.
    client.get(showcase.url)
    client.get(showcase.url)

    with django_assert_max_num_queries(12):
        response = client.get(showcase.url)

    page = response.context["entries"]
    assert page.paginator.count == 1000 and page.paginator.num_pages == 42
    assert [e.title for e in page] == [f"作品{i:04d}" for i in range(999, 975, -1)]
    with django_assert_max_num_queries(12):
        last = client.get(showcase.url, {"page": 42, "sort": "new"})
    assert len(last.context["entries"]) == 1000 - 41 * 24


# --- Member input stays inert ---------------------------------------------------------------------------------------


def test_scripts_in_an_entry_title_and_story_render_inert(client, home_page):
    entry = EntryFactory(title=SCRIPT[:60], story=f"{SCRIPT}\n<img src=x onerror=alert(1)>")

    pages = [
        client.get(route(entry.showcase, "entry", entry.pk)),
        client.get(entry.showcase.url),
        client.get(home_page.url),
    ]

    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert SCRIPT not in html
        assert "<img src=x onerror" not in html
    assert "&lt;script&gt;" in pages[0].content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[0].content.decode()
