"""Each factory builds a valid object, so later tests can rely on them."""

import pytest
from allauth.account.models import EmailAddress
from wagtail.models import Page, Site

from tests.factories import (
    DEFAULT_PASSWORD,
    EmailAddressFactory,
    HomePageFactory,
    PageFactory,
    StaffUserFactory,
    UserFactory,
)
from website.home.models import HomePage

pytestmark = pytest.mark.django_db


def test_user_factory_makes_a_member_with_an_unverified_address():
    user = UserFactory()
    assert user.check_password(DEFAULT_PASSWORD)
    assert not user.is_staff
    address = EmailAddress.objects.get(user=user)
    assert address.email == user.email
    assert address.primary
    assert not address.verified


def test_user_factory_verified_trait_verifies_the_address():
    user = UserFactory(verified=True)
    assert EmailAddress.objects.get(user=user).verified


def test_user_factory_adds_groups_by_name():
    user = UserFactory(groups=["Community team"])
    assert list(user.groups.values_list("name", flat=True)) == ["Community team"]


def test_email_address_factory_makes_its_own_user_without_a_second_address():
    address = EmailAddressFactory(verified=True)
    assert EmailAddress.objects.filter(user=address.user).count() == 1
    assert address.email == address.user.email


def test_staff_user_factory_makes_a_verified_editor():
    staff = StaffUserFactory()
    assert staff.is_staff
    assert EmailAddress.objects.get(user=staff).verified
    assert list(staff.groups.values_list("name", flat=True)) == ["Editors"]
    assert staff.has_perm("wagtailadmin.access_admin")


def test_page_factory_adds_a_live_menu_page_under_the_home_page(home_page):
    page = PageFactory(parent=home_page)
    assert page.get_parent().specific == home_page
    assert page.live and page.show_in_menus
    assert page.url.endswith(f"/{page.slug}/")


def test_home_page_factory_builds_every_section_type():
    root = Page.objects.get(depth=1)
    page = HomePageFactory(parent=root)
    assert isinstance(page, HomePage)
    assert [block.block_type for block in page.body] == ["hero", "text", "call_to_action", "card_grid"]


def test_migrations_make_a_home_page_the_default_site_root(home_page):
    assert Site.objects.get(is_default_site=True).root_page.specific == home_page
