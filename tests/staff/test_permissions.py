"""Every custom staff view is guarded by the one permission decorator and refuses the same way: a visitor goes to
the login page, a member is kept out of the admin, staff without the model permission are sent back to the admin
home with Wagtail's "no permission" message (a 403 for a script's request)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import resolve, reverse

from tests.factories import StaffUserFactory
from website.core.permissions import staff_permission_required

pytestmark = pytest.mark.django_db

MISSING = 999_999

# (url name, arguments, the permission that opens it). Objects are missing on purpose: the check comes first.
STAFF_VIEWS = [
    ("points_admin:adjust", [MISSING], "points.add_pointentry"),
    ("points_admin:reverse", [MISSING], "points.add_pointentry"),
    ("points_admin:handle_redemption", [MISSING], "points.change_redemption"),
    ("groups_admin:decide_application", [MISSING], "groups.change_groupapplication"),
    ("groups_admin:archive_group", [MISSING], "groups.change_communitygroup"),
    ("groups_admin:set_stage", [MISSING], "groups.change_communitygroup"),
    ("groups_admin:decide_proposal", [MISSING], "groups.change_stageproposal"),
    ("recruitment_review", [MISSING], "recruitment.change_application"),
    ("recruitment_revoke", [MISSING, "leader"], "recruitment.change_application"),
    ("showcase_entry_photo_thumbnail", [MISSING], "showcases.view_entry"),
    ("board_admin:handle_report", [MISSING], "board.change_report"),
]
IDS = [name for name, _args, _perm in STAFF_VIEWS]


@pytest.fixture
def admin_only(db):
    """Staff who may open the admin and nothing more: no model permission of any app."""
    user = StaffUserFactory(groups=[])
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def with_permission(user, dotted):
    app_label, codename = dotted.split(".")
    user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    # Permissions are cached on the user object; a fresh copy sees the new one.
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize(("name", "args", "permission"), STAFF_VIEWS, ids=IDS)
def test_each_staff_view_is_guarded_by_the_permission_decorator(name, args, permission):
    assert resolve(reverse(name, args=args)).func.staff_permission == permission


@pytest.mark.parametrize(("name", "args", "permission"), STAFF_VIEWS, ids=IDS)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, name, args, permission):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize(("name", "args", "permission"), STAFF_VIEWS, ids=IDS)
def test_a_member_is_kept_out_of_the_admin(client, member, name, args, permission):
    client.force_login(member)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse(name, args=args))


@pytest.mark.parametrize(("name", "args", "permission"), STAFF_VIEWS, ids=IDS)
def test_staff_without_the_permission_are_sent_back_to_the_admin_home(client, admin_only, name, args, permission):
    client.force_login(admin_only)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse(name, args=args), headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403


@pytest.mark.parametrize(("name", "args", "permission"), STAFF_VIEWS, ids=IDS)
def test_staff_with_the_permission_get_past_the_check(client, admin_only, name, args, permission):
    client.force_login(with_permission(admin_only, permission))
    # The object does not exist: the view itself answered, after the check let the request through.
    assert client.get(reverse(name, args=args)).status_code == 404


def test_the_bulk_approval_of_showcase_entries_refuses_staff_without_moderation_rights(client, admin_only):
    client.force_login(admin_only)
    response = client.get(f"/admin/bulk/showcases/entry/approve/?next=/admin/&id={MISSING}")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


# --- The decorator itself -------------------------------------------------------------------------------------------


def _view(request, pk):
    """A staff view."""
    return f"done {pk}"


def _request(user):
    request = RequestFactory().get("/admin/anything/")
    request.user = user
    return request


def test_the_decorator_refuses_an_anonymous_user():
    with pytest.raises(PermissionDenied):
        staff_permission_required("points.add_pointentry")(_view)(_request(AnonymousUser()), pk=1)


def test_the_decorator_refuses_a_member_without_the_permission(member):
    with pytest.raises(PermissionDenied):
        staff_permission_required("points.add_pointentry")(_view)(_request(member), pk=1)


def test_the_decorator_lets_a_user_with_the_permission_through_and_keeps_the_view_s_name(admin_only):
    guarded = staff_permission_required("points.add_pointentry")(_view)
    assert guarded(_request(with_permission(admin_only, "points.add_pointentry")), pk=1) == "done 1"
    assert guarded.__name__ == "_view"
    assert guarded.__doc__ == "A staff view."
