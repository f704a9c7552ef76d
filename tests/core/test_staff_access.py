"""Staff groups created in code, and the admin signing in through the same allauth page as members."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from tests.factories import DEFAULT_PASSWORD, StaffUserFactory, UserFactory
from website.core.permissions import COMMUNITY_TEAM, EDITORS

pytestmark = pytest.mark.django_db

IMAGE_PERMISSIONS = {"add_image", "change_image", "choose_image"}
PAGE_PERMISSIONS = {"add_page", "change_page", "publish_page"}


def _codenames(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


@pytest.mark.parametrize("name", [EDITORS, COMMUNITY_TEAM])
def test_staff_group_exists_after_migrate_with_admin_image_and_page_permissions(name):
    group = Group.objects.get(name=name)
    codenames = _codenames(group)
    assert "wagtailadmin.access_admin" in codenames
    assert {f"wagtailimages.{c}" for c in IMAGE_PERMISSIONS} <= codenames

    root_page = Page.objects.get(depth=1)
    page_permissions = set(
        GroupPagePermission.objects.filter(group=group, page=root_page).values_list("permission__codename", flat=True)
    )
    assert page_permissions >= PAGE_PERMISSIONS

    root_collection = Collection.objects.get(depth=1)
    collection_permissions = set(
        GroupCollectionPermission.objects.filter(group=group, collection=root_collection).values_list(
            "permission__codename", flat=True
        )
    )
    assert collection_permissions >= IMAGE_PERMISSIONS


def test_only_the_community_team_changes_site_settings():
    assert "core.change_sitesettings" in _codenames(Group.objects.get(name=COMMUNITY_TEAM))
    assert "core.change_sitesettings" not in _codenames(Group.objects.get(name=EDITORS))


def test_staff_groups_setup_is_idempotent():
    from website.core.permissions import ensure_staff_groups

    before = {g.name: _codenames(g) for g in Group.objects.all()}
    page_grants = GroupPagePermission.objects.count()
    ensure_staff_groups()
    assert {g.name: _codenames(g) for g in Group.objects.all()} == before
    assert GroupPagePermission.objects.count() == page_grants


def test_editor_can_publish_under_the_home_page(home_page):
    editor = StaffUserFactory(groups=[EDITORS])
    permissions = home_page.permissions_for_user(editor)
    assert permissions.can_add_subpage()
    assert permissions.can_publish()


def test_plain_member_cannot_use_the_admin(client, member):
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/" not in response["Location"].split("?")[0]


def test_admin_login_redirects_to_the_allauth_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


def test_anonymous_admin_visit_ends_at_the_allauth_login(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "next=/admin/" in response.redirect_chain[-1][0]


@pytest.mark.parametrize("group", [EDITORS, COMMUNITY_TEAM])
def test_staff_with_verified_email_logs_in_through_allauth_and_reaches_the_admin(client, group):
    staff = StaffUserFactory(groups=[group])
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": staff.email, "password": DEFAULT_PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "wagtail" in response.content.decode().lower()


def test_community_team_can_open_site_settings(client):
    staff = StaffUserFactory(groups=[COMMUNITY_TEAM])
    client.force_login(staff)
    response = client.get("/admin/settings/core/sitesettings/", follow=True)
    assert response.status_code == 200


def test_editor_cannot_open_site_settings(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/admin/settings/core/sitesettings/", follow=True)
    assert response.redirect_chain  # sent away, to the dashboard with a "permission denied" message
    assert "/admin/settings/" not in response.redirect_chain[-1][0]


def test_staff_without_verified_email_does_not_reach_the_admin(client):
    staff = UserFactory(is_staff=True, groups=[EDITORS])  # address not verified
    response = client.post("/accounts/login/?next=/admin/", {"login": staff.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] != "/admin/"
    assert client.get("/admin/").status_code == 302
