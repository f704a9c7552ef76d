"""Personalised responses are never stored by caches; CSP is strict on the site and workable in the admin;
Permissions-Policy is on every response; and no page of the site carries inline code the CSP would block."""

import re

import pytest
from django.urls import reverse

from portal.groups.models import GroupIndexPage
from portal.groups.services import leaders
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.groups.lifecycle.factories import ActivityFactory
from tests.page_factories import GuideDocumentFactory, LeaderGuidePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(db):
    return MemberFactory(email="leader@example.com", display_name="组长阿青")


@pytest.fixture
def group(leader):
    return CommunityGroupFactory(name="西湖读书会", slug="xihu-books", leader=leader, members=2)


def _no_store(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def _csp(response):
    return dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


# --- Cache-Control --------------------------------------------------------------------------------------------------


def test_the_dashboard_is_private_and_not_stored(client, member):
    client.force_login(member)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert _no_store(response)


def test_a_group_page_as_a_member_sees_it_is_not_stored(client, group, home_page):
    client.force_login(group.memberships.filter(role="member").first().member)
    response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    assert _no_store(response)


def test_manage_pages_are_not_stored(client, group, leader):
    client.force_login(leader)
    for name in ("manage", "manage_members", "manage_requests"):
        response = client.get(reverse(f"groups:{name}", args=[group.slug]))
        assert response.status_code == 200, name
        assert _no_store(response), name


def test_the_activity_page_with_its_check_in_code_is_not_stored(client, group, leader):
    activity = ActivityFactory(group=group)
    client.force_login(leader)
    response = client.get(reverse("groups:activity", args=[group.slug, activity.pk]))
    assert response.status_code == 200
    assert _no_store(response)


def test_leader_guides_and_their_documents_are_not_stored(client, leader, settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)  # storages check the media root's group on save
    leaders.grant(leader, actor=None)
    document = GuideDocumentFactory(title="群规模板")
    guide = LeaderGuidePageFactory(downloads=[("download", {"title": "群规模板下载", "document": document})])
    client.force_login(leader)
    response = client.get(guide.url)
    assert response.status_code == 200
    assert _no_store(response)
    download = client.get(document.url)
    assert download.status_code == 200
    assert _no_store(download)


def test_the_admin_is_not_stored(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert _no_store(response)


def test_anonymous_pages_stay_cacheable(client, group, home_page):
    for url in ("/", GroupIndexPage.objects.get().url, group.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url


def test_a_view_that_chose_its_own_caching_keeps_it(client, member):
    client.force_login(member)
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"] and "must-revalidate" in response["Cache-Control"]


# --- Content-Security-Policy ----------------------------------------------------------------------------------------


def test_the_public_site_has_a_strict_csp(client, group, home_page):
    for url in ("/", GroupIndexPage.objects.get().url, group.get_absolute_url(), "/en/accounts/login/"):
        policy = _csp(client.get(url))
        assert policy["default-src"] == "'self'", url
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert policy["style-src"] == "'self'"
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'self'"
        assert "data:" in policy["img-src"]


def test_a_member_page_has_the_strict_csp_too(client, member):
    client.force_login(member)
    policy = _csp(client.get(reverse("accounts:dashboard")))
    assert policy["style-src"] == "'self'"


def test_the_admin_has_a_policy_that_lets_wagtail_work(client, staff_user, home_page):
    client.force_login(staff_user)
    for url in ("/admin/", f"/admin/pages/{home_page.pk}/edit/", "/admin/images/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _csp(response)
        assert "'unsafe-inline'" in policy["style-src"], url
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'self'"


def test_the_media_host_may_serve_images(settings, client, home_page):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'self'", "https://cdn.example"]}
    }
    assert "https://cdn.example" in _csp(client.get("/"))["img-src"]


def test_media_origins_come_from_the_storage_settings(monkeypatch):
    import importlib

    from website.settings import base

    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "bucket")
    monkeypatch.setenv("AWS_S3_CUSTOM_DOMAIN", "media.example.com")
    monkeypatch.setenv("CSP_EXTRA_IMG_SRC", "https://img.example.org")
    reloaded = importlib.reload(base)
    try:
        img_src = reloaded.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
        assert "https://media.example.com" in img_src and "https://img.example.org" in img_src
    finally:
        monkeypatch.undo()
        importlib.reload(base)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.I)


def _assert_no_inline_code(response, url):
    html = response.content.decode()
    assert ' style="' not in html, url
    assert "<style" not in html, url
    assert not INLINE_SCRIPT.search(html), url
    assert not INLINE_HANDLER.search(html), url


def test_public_pages_carry_no_inline_code_the_csp_would_block(client, group, home_page):
    for url in ("/", "/en/", GroupIndexPage.objects.get().url, group.get_absolute_url(), "/en/accounts/login/"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_inline_code(response, url)


def test_member_pages_carry_no_inline_code_the_csp_would_block(client, group, leader):
    MembershipFactory(group=group, member=MemberFactory())
    client.force_login(leader)
    for url in (
        reverse("accounts:dashboard"),
        group.get_absolute_url(),
        reverse("groups:manage", args=[group.slug]),
        reverse("groups:manage_members", args=[group.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_inline_code(response, url)


# --- Permissions-Policy ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/no-such-page/", "/healthz", "/en/accounts/login/", "/admin/"])
def test_every_response_has_a_permissions_policy(client, home_page, url):
    response = client.get(url)
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in policy
