"""One rule for how a member is shown: hidden ("only me") members and e-mail addresses never leak into lists.

Every place a member's name appears is requested as an anonymous visitor, as another member, as the member and as
staff (or as the leader in charge, on a leader's screens). Two members are watched everywhere: one who chose
"only me", and one without a display name whose e-mail local part must never stand in for a name.
"""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.accounts.display import ANY_MEMBER, PLACEHOLDER, shown_member, shown_name
from portal.accounts.models import User
from portal.points import services as points
from portal.points.models import LeaderboardArchive
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, JoinRequestFactory, MemberFactory, MembershipFactory
from tests.groups.lifecycle.factories import ActivityFactory

pytestmark = pytest.mark.django_db

PUBLIC, MEMBERS, PRIVATE = User.Visibility.PUBLIC, User.Visibility.MEMBERS, User.Visibility.PRIVATE
HIDDEN_NAME = "隐身侠客"
HIDDEN_LOCAL_PART = "hidden.handle"
NAMELESS_LOCAL_PART = "nameless.localpart"


@pytest.fixture
def hidden(db):
    return MemberFactory(
        display_name=HIDDEN_NAME, email=f"{HIDDEN_LOCAL_PART}@example.com", profile_visibility=PRIVATE
    )


@pytest.fixture
def nameless(db):
    return MemberFactory(display_name="", email=f"{NAMELESS_LOCAL_PART}@example.com", profile_visibility=PUBLIC)


@pytest.fixture
def other(db):
    return MemberFactory(display_name="旁观者", profile_visibility=PUBLIC)


@pytest.fixture
def staff(db):
    return StaffUserFactory(is_superuser=True)


def placeholder():
    with translation.override("zh-hans"):
        return str(PLACEHOLDER)


def page(client, url, viewer=None):
    client.logout()
    if viewer is not None:
        client.force_login(viewer)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_not_named(html, *members):
    for member in members:
        if member.display_name:
            assert member.display_name not in html
        assert member.email.split("@")[0] not in html
    assert placeholder() in html


# --- The rule itself ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "viewer", "named", "linked"),
    [
        (PUBLIC, "anonymous", True, True),
        (PUBLIC, "other", True, True),
        (MEMBERS, "anonymous", True, False),
        (MEMBERS, "other", True, True),
        (MEMBERS, "any member", True, True),
        (PRIVATE, "anonymous", False, False),
        (PRIVATE, "other", False, False),
        (PRIVATE, "any member", False, False),
        (PRIVATE, "self", True, True),
        (PRIVATE, "staff", True, True),
    ],
)
def test_the_rule_follows_profile_visibility(hidden, other, staff, visibility, viewer, named, linked):
    hidden.profile_visibility = visibility
    viewers = {"anonymous": None, "other": other, "self": hidden, "staff": staff, "any member": ANY_MEMBER}

    shown = shown_member(hidden, viewers[viewer])

    assert shown.is_hidden is not named
    assert (shown.name == HIDDEN_NAME) is named
    assert bool(shown.profile_url) is linked
    if not named:
        assert shown.avatar is None and str(shown.name) == str(PLACEHOLDER)


def test_a_leader_in_charge_sees_the_name_but_not_a_profile_link(hidden, other):
    shown = shown_member(hidden, other, in_charge=True)
    assert shown.name == HIDDEN_NAME and not shown.is_hidden
    assert shown.profile_url == ""


def test_the_fallback_name_never_comes_from_the_e_mail_address(nameless):
    for name in (str(nameless), nameless.get_display_name(), nameless.get_full_name(), shown_name(nameless, None)):
        assert NAMELESS_LOCAL_PART not in name
        assert str(nameless.pk) in name


def test_the_template_tag_and_filter_apply_the_rule(hidden, other):
    request = RequestFactory().get("/")
    request.user = other
    rendered = Template(
        "{% load member_tags %}[{% member_name m %}][{{ m|shown_name:user }}]"
        "[{% shown m in_charge=True as w %}{{ w }}]"
    ).render(Context({"request": request, "user": other, "m": hidden}))
    assert rendered == f"[{PLACEHOLDER}][{PLACEHOLDER}][{HIDDEN_NAME}]"


# --- Leaderboards ---------------------------------------------------------------------------------------------------


@pytest.fixture
def on_the_boards(hidden, nameless, staff):
    for member, amount in ((hidden, 90), (nameless, 60)):
        points.adjust(member, amount, reason="活动奖励", actor=staff)
    return hidden, nameless


@pytest.mark.parametrize("period", ["7d", "30d", "month", "all"])
def test_leaderboards_show_hidden_members_anonymously(client, on_the_boards, hidden, nameless, other, period):
    url = reverse("points:leaderboard") + f"?period={period}"

    html = page(client, url, other)

    assert_not_named(html, hidden, nameless)
    assert html.count(placeholder()) == 1  # the hidden member keeps their rank, without a name
    assert f"#{nameless.pk}" in html


@pytest.mark.parametrize("period", ["7d", "all"])
def test_a_hidden_member_still_sees_their_own_name_on_the_board(client, on_the_boards, hidden, period):
    html = page(client, reverse("points:leaderboard") + f"?period={period}", hidden)
    assert HIDDEN_NAME in html


def test_staff_see_every_name_on_the_board(client, on_the_boards, hidden, staff):
    assert HIDDEN_NAME in page(client, reverse("points:leaderboard"), staff)


def test_past_winners_podium_hides_hidden_members(client, hidden, nameless, other):
    month = LeaderboardArchive.objects.create(month="2025-05-01", rank=1, member=hidden, points=120).month
    LeaderboardArchive.objects.create(month=month, rank=2, member=nameless, points=100)

    assert_not_named(page(client, reverse("points:leaderboard"), other), hidden, nameless)


# --- A group's page and a leader's screens --------------------------------------------------------------------------


@pytest.fixture
def group(hidden, nameless, staff):
    group = CommunityGroupFactory(name="隐私测试社群", leader=hidden)
    MembershipFactory(group=group, member=nameless)
    # Points earned in the group (the group page's top members count nothing else).
    activity = ActivityFactory(group=group)
    for member, amount in ((hidden, 40), (nameless, 30)):
        points.award(member, "activity_attended", activity, scope=group, amount=amount)
    return group


def test_the_group_page_hides_a_hidden_leader_from_visitors(client, group, hidden, nameless):
    assert_not_named(page(client, group.get_absolute_url()), hidden, nameless)


def test_the_group_page_hides_hidden_members_from_other_members(client, group, hidden, nameless):
    fellow = MembershipFactory(group=group, member=MemberFactory(display_name="同组成员")).member

    html = page(client, group.get_absolute_url(), fellow)

    assert_not_named(html, hidden, nameless)
    assert "同组成员" in html
    # The leaders panel, the member list and the month's top members each name them anonymously.
    assert html.count(placeholder()) >= 3


def test_the_member_sees_their_own_name_on_the_group_page(client, group, hidden):
    assert HIDDEN_NAME in page(client, group.get_absolute_url(), hidden)


def test_the_leader_in_charge_sees_names_on_the_manage_screens(client, hidden, nameless):
    leader = MemberFactory(display_name="负责组长")
    group = CommunityGroupFactory(name="组长视角", leader=leader, join_policy="approval")
    MembershipFactory(group=group, member=hidden)
    JoinRequestFactory(group=group, member=nameless)
    activity = ActivityFactory(group=group)

    members = page(client, reverse("groups:manage_members", kwargs={"slug": group.slug}), leader)
    requests = page(client, reverse("groups:manage_requests", kwargs={"slug": group.slug}), leader)
    roster = page(client, reverse("groups:activity", kwargs={"slug": group.slug, "pk": activity.pk}), leader)

    assert HIDDEN_NAME in members and HIDDEN_NAME in roster
    for html in (members, requests, roster):
        assert NAMELESS_LOCAL_PART not in html and HIDDEN_LOCAL_PART not in html
    assert f"#{nameless.pk}" in requests


# --- Showcases and the home page ------------------------------------------------------------------------------------


@pytest.fixture
def entries(hidden, nameless):
    from tests.page_factories import EntryFactory, ShowcasePageFactory

    showcase = ShowcasePageFactory()
    return showcase, [
        EntryFactory(showcase=showcase, member=hidden, title="隐身的作品", picked=True),
        EntryFactory(showcase=showcase, member=nameless, title="无名的作品", picked=True),
    ]


@pytest.mark.parametrize("viewer", ["anonymous", "other"])
def test_showcase_boards_and_entries_hide_hidden_authors(client, entries, hidden, nameless, other, viewer):
    showcase, (hidden_entry, nameless_entry) = entries
    who = None if viewer == "anonymous" else other

    board = page(client, showcase.url, who)
    assert "隐身的作品" in board
    assert_not_named(board, hidden, nameless)
    assert_not_named(page(client, hidden_entry.get_absolute_url(), who), hidden)
    html = page(client, nameless_entry.get_absolute_url(), who)
    assert NAMELESS_LOCAL_PART not in html and f"#{nameless.pk}" in html


def test_the_author_sees_their_own_name_on_their_entry(client, entries, hidden):
    _showcase, (hidden_entry, _nameless_entry) = entries
    assert HIDDEN_NAME in page(client, hidden_entry.get_absolute_url(), hidden)


def test_the_home_page_names_no_hidden_author_whoever_filled_its_cache(client, entries, hidden, nameless, other):
    # The author fills the shared fragment first; visitors and other members must still not see the name.
    page(client, "/", hidden)

    assert_not_named(page(client, "/"), hidden, nameless)
    assert_not_named(page(client, "/", other), hidden, nameless)
