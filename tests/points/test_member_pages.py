"""The member's points pages: history, leaderboard with "my rank", the rewards catalogue and redeeming."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from portal.points import services
from portal.points.models import PointEntry, Redemption
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory
from tests.points.conftest import cached

pytestmark = pytest.mark.django_db

MINE = reverse("points:mine")
LEADERBOARD = reverse("points:leaderboard")
REWARDS = reverse("points:rewards")
SHIPPING = {"recipient_name": "林小满", "phone": "+86 138-0000-0000", "address": "杭州市西湖区文三路 1 号"}


def zh(message, **values):
    """A message as the Chinese site shows it (the default language)."""
    with translation.override("zh-hans"):
        return gettext(message) % values if values else gettext(message)


# --- anonymous visitors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client, make_reward, method):
    reward = make_reward()
    for url in (MINE, LEADERBOARD, REWARDS, reverse("points:redeem", args=[reward.pk])):
        response = getattr(client, method)(url, SHIPPING if method == "post" else None)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    assert not Redemption.objects.exists()


# --- my points ------------------------------------------------------------------------------------------------------


def test_my_points_shows_balance_level_and_a_paginated_history_with_reasons_and_source_links(
    client_logged_in, member, grant
):
    for number in range(31):
        grant(member, 1, days=40 - number, reason=f"第{number}次签到")
    group = CommunityGroupFactory(name="西湖读书会", slug="xihu-books")
    services.award(member, "group_founded", group)
    services.spend(member, 5, note="兑换贴纸")

    first = client_logged_in.get(MINE)

    assert first.status_code == 200
    assert first.context["balance"].balance == 76
    assert first.context["progress"].level.name == "入门成员"
    page = first.content.decode()
    assert "发起社群" in page  # the rule's name is the reason
    assert f'href="{group.get_absolute_url()}"' in page and "西湖读书会" in page
    assert "兑换贴纸" in page
    assert len(first.context["entries"].object_list) == 30
    assert "第30次签到" in page and "第1次签到" not in page

    second = client_logged_in.get(MINE, {"page": 2})
    assert [entry.note for entry in second.context["entries"].object_list] == ["第2次签到", "第1次签到", "第0次签到"]
    assert "第0次签到" in second.content.decode()


def test_my_points_lists_only_my_own_redemptions(client, make_members, make_reward, grant):
    me, neighbour = make_members(2)
    grant(me, 100)
    grant(neighbour, 100)
    services.redeem(neighbour, make_reward(name="邻居的保温杯", cost=40), **{**SHIPPING, "address": "上海市某路 9 号"})
    mine = services.redeem(me, make_reward(name="我的帆布袋", cost=30), **SHIPPING)
    client.force_login(me)

    response = client.get(MINE)

    assert list(response.context["redemptions"]) == [mine]
    page = response.content.decode()
    assert "我的帆布袋" in page
    assert "邻居的保温杯" not in page and "上海市某路 9 号" not in page


def test_a_member_cannot_reach_the_redemptions_in_the_admin(client, member, make_members, make_reward, grant):
    (neighbour,) = make_members(1)
    grant(neighbour, 100)
    redemption = services.redeem(neighbour, make_reward(), **SHIPPING)
    client.force_login(member)

    for url in (
        reverse("points_redemption_modeladmin_index"),
        reverse("points_redemption_modeladmin_inspect", args=[redemption.pk]),
        reverse("points_redemption_modeladmin_index") + "?export=csv",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert SHIPPING["address"] not in response.content.decode()


# --- leaderboard ----------------------------------------------------------------------------------------------------


def test_the_leaderboard_shows_my_rank_even_outside_the_top(client, member, make_members, grant):
    for position, other in enumerate(make_members(52)):
        grant(other, 300 - position)
    grant(member, 20)
    grant(StaffUserFactory(), 5000)  # staff are never ranked, so they do not push me down
    client.force_login(member)

    response = client.get(LEADERBOARD, {"period": "30d"})

    assert response.status_code == 200
    assert len(response.context["rows"]) == 50
    assert (response.context["my_rank"], response.context["my_points"], response.context["in_top"]) == (53, 20, False)
    with translation.override("zh-hans"):
        you_are = ngettext(
            "You are #%(rank)s (%(points)s point, %(period)s).",
            "You are #%(rank)s (%(points)s points, %(period)s).",
            20,
        ) % {"rank": 53, "points": 20, "period": zh("Last 30 days")}
    assert you_are in (response.content.decode())


def test_the_leaderboard_switches_periods_and_falls_back_to_thirty_days(client_logged_in, member, grant):
    grant(member, 20, days=10)

    assert client_logged_in.get(LEADERBOARD, {"period": "7d"}).context["my_rank"] is None
    assert client_logged_in.get(LEADERBOARD, {"period": "all"}).context["my_rank"] == 1
    fallback = client_logged_in.get(LEADERBOARD, {"period": "forever"})
    assert (fallback.context["period"], fallback.context["my_rank"]) == ("30d", 1)


def test_the_leaderboard_marks_my_row_when_i_am_in_the_top(client_logged_in, member, make_members, grant):
    (other,) = make_members(1)
    grant(other, 50)
    grant(member, 20)

    response = client_logged_in.get(LEADERBOARD)

    assert [(row.member, row.rank) for row in response.context["rows"]] == [(other, 1), (member, 2)]
    assert response.context["in_top"] is True
    assert 'class="is-me"' in response.content.decode()


# --- rewards catalogue ----------------------------------------------------------------------------------------------


def test_the_catalogue_says_why_a_reward_cannot_be_redeemed(client_logged_in, member, grant, make_reward):
    grant(member, 50)  # level 入门成员 (30), 50 points to spend
    now = timezone.now()
    rewards = {
        "level": make_reward(name="达人徽章", cost=10, min_level=services.levels()[2]),
        "stock": make_reward(name="已抢光的T恤", cost=10, stock=0),
        "points": make_reward(name="保温杯", cost=80),
        "ok": make_reward(name="贴纸", cost=50),
    }
    make_reward(name="下周上架", cost=10, available_from=now + timedelta(days=7))
    make_reward(name="已过期", cost=10, available_until=now - timedelta(days=1))
    make_reward(name="已下架", cost=10, active=False)

    response = client_logged_in.get(REWARDS)

    catalogue = {reward.name: reason for reward, reason in response.context["catalogue"]}
    assert catalogue == {
        "达人徽章": zh("Reach the level %(level)s to redeem this.", level="活跃爱好者"),
        "已抢光的T恤": zh("Out of stock."),
        "保温杯": zh("You need %(n)d more points.", n=30),
        "贴纸": None,
    }
    page = response.content.decode()
    for reason in filter(None, catalogue.values()):
        assert reason in page
    assert reverse("points:redeem", args=[rewards["ok"].pk]) in page
    for blocked in ("level", "stock", "points"):
        assert reverse("points:redeem", args=[rewards[blocked].pk]) not in page
    assert "下周上架" not in page and "已过期" not in page and "已下架" not in page


def test_a_reward_outside_its_window_says_so_and_cannot_be_redeemed(client_logged_in, member, grant, make_reward):
    grant(member, 50)
    upcoming = make_reward(name="下周上架", cost=10, available_from=timezone.now() + timedelta(days=7))
    url = reverse("points:redeem", args=[upcoming.pk])

    page = client_logged_in.get(url)
    assert page.context["blocked"] == zh("This reward is not available now.")
    assert zh("This reward is not available now.") in page.content.decode()

    response = client_logged_in.post(url, SHIPPING)
    assert response.status_code == 302
    assert not Redemption.objects.exists()
    assert cached(member) == (50, 50)


def test_an_inactive_reward_cannot_even_be_opened(client_logged_in, make_reward):
    hidden = make_reward(active=False)
    assert client_logged_in.get(reverse("points:redeem", args=[hidden.pk])).status_code == 404
    assert client_logged_in.post(reverse("points:redeem", args=[hidden.pk]), SHIPPING).status_code == 404


# --- redeeming ------------------------------------------------------------------------------------------------------


def test_redeeming_takes_the_points_and_one_item_and_keeps_the_shipping_address(
    client_logged_in, member, grant, make_reward
):
    grant(member, 50)
    reward = make_reward(cost=30, stock=2)

    response = client_logged_in.post(reverse("points:redeem", args=[reward.pk]), SHIPPING)

    assert response.status_code == 302
    assert response["Location"] == MINE
    redemption = Redemption.objects.get(member=member)
    assert (redemption.status, redemption.cost, redemption.recipient_name, redemption.phone, redemption.address) == (
        "requested",
        30,
        "林小满",
        "+86 138-0000-0000",
        "杭州市西湖区文三路 1 号",
    )
    assert (redemption.spend_entry.kind, redemption.spend_entry.amount) == ("spend", -30)
    assert cached(member) == (20, 50)
    reward.refresh_from_db()
    assert reward.stock == 1
    assert reward.name in client_logged_in.get(MINE).content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [("phone", "call me maybe"), ("phone", "12"), ("phone", ""), ("address", ""), ("recipient_name", "")],
)
def test_bad_shipping_details_are_form_errors_and_spend_nothing(
    client_logged_in, member, grant, make_reward, field, value
):
    grant(member, 50)
    reward = make_reward(cost=30, stock=2)

    response = client_logged_in.post(reverse("points:redeem", args=[reward.pk]), {**SHIPPING, field: value})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Redemption.objects.exists()
    assert not PointEntry.objects.filter(kind="spend").exists()
    assert cached(member) == (50, 50)
    reward.refresh_from_db()
    assert reward.stock == 2


def test_a_reward_without_shipping_asks_for_no_address(client_logged_in, member, grant, make_reward):
    grant(member, 50)
    reward = make_reward(name="线上课程兑换码", cost=20, needs_shipping=False)
    url = reverse("points:redeem", args=[reward.pk])

    assert list(client_logged_in.get(url).context["form"].fields) == []
    # A browser's form always sends its CSRF token, so the POST is never empty.
    response = client_logged_in.post(url, {"csrfmiddlewaretoken": "browser-token"})

    assert response.status_code == 302
    redemption = Redemption.objects.get(member=member)
    assert (redemption.address, redemption.phone) == ("", "")
    assert cached(member) == (30, 50)


def test_redeeming_without_enough_points_spends_nothing(client_logged_in, member, grant, make_reward):
    grant(member, 20)
    reward = make_reward(cost=30, stock=2)
    url = reverse("points:redeem", args=[reward.pk])

    assert client_logged_in.get(url).context["blocked"] == zh("You need %(n)d more points.", n=10)
    response = client_logged_in.post(url, SHIPPING)

    assert response.status_code == 302
    assert response["Location"] == REWARDS
    assert not Redemption.objects.exists()
    assert cached(member) == (20, 20)
    reward.refresh_from_db()
    assert reward.stock == 2


def test_the_last_item_cannot_be_redeemed_twice(client, make_members, grant, make_reward):
    first, second = make_members(2)
    grant(first, 50)
    grant(second, 50)
    reward = make_reward(cost=30, stock=1)
    url = reverse("points:redeem", args=[reward.pk])

    client.force_login(first)
    assert client.post(url, SHIPPING).status_code == 302
    client.force_login(second)
    response = client.post(url, SHIPPING)

    assert response["Location"] == REWARDS
    assert list(Redemption.objects.values_list("member", flat=True)) == [first.pk]
    assert cached(second) == (50, 50)
    reward.refresh_from_db()
    assert reward.stock == 0
