"""NUL bytes and malformed filters get a 4xx, never a 500; `next` and the language links never leave the site."""

import re

import pytest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.models import Workflow

from tests.groups.lifecycle.factories import ActivityFactory
from tests.utils import route
from website.core.urls_safe import is_safe_url, safe_next

NUL = "\x00"


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


def listing_urls(world):
    return [
        "/groups/",
        "/activities/",
        "/search/",
        "/courses/",
        "/en/groups/",
        reverse("groups:manage_members", kwargs={"slug": world.group.slug}),
    ]


@pytest.mark.parametrize("field", ["q", "city", "topic", "level", "mode", "stage", "sort", "page"])
def test_a_nul_byte_in_a_filter_is_a_bad_request_on_every_listing(client, world, field):
    client.force_login(world.leader)
    for url in listing_urls(world):
        response = client.get(url, {field: f"a{NUL}b"})

        assert response.status_code == 400, url
        assert "400" in response.content.decode()


def test_a_nul_byte_in_a_form_field_or_the_path_is_a_bad_request(client, world):
    client.force_login(world.member)

    assert client.post(reverse("groups:found"), {"name": f"x{NUL}"}).status_code == 400
    assert client.get("/groups/a%00b/").status_code == 400


def test_ordinary_filters_still_work(client, world):
    response = client.get("/groups/", {"q": "西湖", "topic": world.topic.slug, "city": "杭州"})

    assert response.status_code == 200
    assert world.group.name in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["group__id__exact=abc", "member__id__exact=abc", "status__exact=nonsense", "created_at__gte=2026-13-45"],
)
def test_a_malformed_admin_list_filter_redirects_to_the_plain_list(client, world, query):
    client.force_login(world.staff)
    url = reverse("groups_membership_modeladmin_index")

    response = client.get(f"{url}?{query}")

    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"] == url


def switcher(response):
    return response.content.decode().split('class="lang-switcher"')[1].split("</nav>")[0]


# --- Redirects ---------------------------------------------------------------------------------------------------

HOSTILE_NEXT = [
    "//evil.example/x",
    "///evil.example/x",
    "\\\\evil.example/x",
    "/\\evil.example/x",
    "https:evil.example",
    "https://evil.example/x",
    "javascript:alert(1)",
    " //evil.example",
    "abc",  # not another site, but redirect() would look it up as a view name
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_showcase_vote_never_follows_next_to_another_site(client, world, target):
    client.force_login(world.leader)

    response = client.post(route(world.showcase, "vote", world.entry.pk), {"next": target})

    assert response.status_code == 302
    assert response["Location"] == world.entry.get_absolute_url()


def test_the_showcase_vote_follows_next_on_this_site(client, world):
    client.force_login(world.leader)

    response = client.post(route(world.showcase, "vote", world.entry.pk), {"next": "/showcases/?sort=new"})

    assert response["Location"] == "/showcases/?sort=new"


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_safe_next_refuses_other_hosts(rf, target):
    request = rf.post("/", {"next": target})

    assert safe_next(request, "/fallback/") == "/fallback/"


def test_safe_next_follows_paths_and_urls_on_this_site(rf):
    request = rf.get("/", {"next": "/groups/?q=1"})

    assert safe_next(request, "/fallback/") == "/groups/?q=1"
    assert is_safe_url(request, "http://testserver/groups/")
    assert not is_safe_url(request, "http://evil.example/groups/")


@pytest.mark.parametrize("path", ["//evil.example/", "//evil.example/x", "///evil.example/", "/\\evil.example/"])
def test_language_links_on_a_404_never_point_to_another_site(client, db, path):
    # PATH_INFO as a server receives it; the test client would read "//evil.example" as a host.
    response = client.get("/", PATH_INFO=path)

    assert response.status_code == 404
    links = re.findall(r'href="([^"]*)"', switcher(response))
    assert len(links) == 2
    for link in links:
        assert url_has_allowed_host_and_scheme(link, {"testserver"}), link
        assert link.startswith("/") and not link.startswith("//") and "\\" not in link, link


def test_language_links_keep_the_current_page(client, world):
    assert 'href="/en/groups/?q=x"' in switcher(client.get("/groups/?q=x"))


# --- What the hostile-input suite found ---------------------------------------------------------------------------


def test_an_attendance_list_with_an_id_too_big_for_any_column_is_ignored(client, world):
    client.force_login(world.leader)
    url = reverse("groups:activity_attendance", kwargs={"slug": world.group.slug, "pk": world.activity.pk})

    response = client.post(url, {"present": ["99999999999999999999", "-1", "abc", str(world.member.pk)]})

    assert response.status_code == 302
    assert world.activity.attendances.filter(member=world.member).exists()


def test_a_staff_member_can_view_an_old_revision_of_a_course(client, world):
    client.force_login(world.staff)
    revision = world.course.latest_revision

    response = client.get(reverse("wagtailadmin_pages:revisions_view", args=[world.course.pk, revision.pk]))

    assert response.status_code == 200


def test_a_forged_admin_post_without_its_formsets_is_a_bad_request(client, world):
    client.force_login(world.staff)
    url = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", world.course.get_parent().pk])

    response = client.post(url, {"title": "abc"})

    assert response.status_code == 400


def test_an_admin_list_page_number_out_of_range_is_not_an_error(client, world):
    client.force_login(world.staff)
    url = reverse("wagtailadmin_workflows:edit", args=[Workflow.objects.first().pk])

    assert client.get(url, {"p": "-1"}).status_code in (200, 302)


@pytest.mark.parametrize("url", ["/groups/", "/activities/", "/courses/"])
def test_an_unknown_mode_level_or_stage_is_ignored_rather_than_emptying_the_list(client, world, url):
    ActivityFactory(group=world.group)  # one upcoming
    plain = client.get(url).context
    odd = client.get(url, {"mode": "teleport", "level": "wizard", "stage": "x", "sort": "x", "page": "-1"}).context

    key = next(name for name in ("groups", "activities", "courses") if name in plain)
    assert odd[key].paginator.count == plain[key].paginator.count > 0
    assert not any(odd["filters"].get(name) for name in ("mode", "level", "stage"))


def test_a_request_for_an_unknown_host_is_still_a_plain_bad_request(client, db):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
