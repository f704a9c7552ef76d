"""Reward kinds: only physical goods are posted, so only they say "sent" (已寄出) and ask for an address; vouchers,
tickets and experiences are issued (已发放)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from portal.points import services
from portal.points.models import Reward

pytestmark = pytest.mark.django_db

SHIPPING = {"recipient_name": "林小满", "phone": "13800000000", "address": "杭州市西湖区文三路 1 号"}


@pytest.fixture
def voucher(make_reward):
    # needs_shipping left at its default: a voucher is never posted, whatever that box says.
    return make_reward(name="电影兑换券", cost=20, kind=Reward.Kind.VOUCHER)


@pytest.fixture
def tote_bag(make_reward):
    return make_reward(name="社群帆布袋", cost=20, kind=Reward.Kind.PHYSICAL, needs_shipping=True)


def en_url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def fulfil(redemption, actor, note, capture):
    with capture(execute=True):
        services.fulfil(redemption, actor, note)
    redemption.refresh_from_db()
    return redemption


def test_a_voucher_asks_for_no_address(client_logged_in, member, grant, voucher):
    grant(member, 50)
    url = reverse("points:redeem", args=[voucher.pk])

    page = client_logged_in.get(url)

    assert list(page.context["form"].fields) == []
    assert "Where should we send it" not in page.content.decode()
    assert not voucher.needs_shipping and not voucher.is_posted


def test_a_physical_reward_still_asks_where_to_send_it(client_logged_in, member, grant, tote_bag):
    grant(member, 50)
    form = client_logged_in.get(reverse("points:redeem", args=[tote_bag.pk])).context["form"]
    assert set(form.fields) == {"recipient_name", "phone", "address"}


def test_a_fulfilled_voucher_is_issued_not_shipped(
    member, grant, voucher, team_member, django_capture_on_commit_callbacks
):
    grant(member, 50)
    redemption = services.redeem(member, voucher)

    fulfil(redemption, team_member, "兑换码 ABCD-1234", django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert "已寄出" not in message.subject + message.body and "已发出" not in message.subject
    assert "on its way" not in message.subject and "has sent" not in message.body
    assert "ABCD-1234" in message.body
    with translation.override("zh-hans"):
        assert redemption.status_label == "已发放"
    with translation.override("en"):
        assert redemption.status_label == "Fulfilled"


def test_a_fulfilled_physical_reward_is_sent(member, grant, tote_bag, team_member, django_capture_on_commit_callbacks):
    grant(member, 50)
    redemption = services.redeem(member, tote_bag, **SHIPPING)

    fulfil(redemption, team_member, "顺丰 SF1234567890", django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert "已寄出" in message.body
    with translation.override("en"):
        assert redemption.status_label == "Sent"


def test_my_redemptions_show_issued_for_a_voucher(
    client_logged_in, member, grant, voucher, team_member, django_capture_on_commit_callbacks
):
    grant(member, 50)
    fulfil(services.redeem(member, voucher), team_member, "", django_capture_on_commit_callbacks)

    page = client_logged_in.get(en_url("points:mine")).content.decode()

    assert "Fulfilled" in page and ">Sent<" not in page


def test_staff_mark_a_voucher_as_issued_not_sent(client, team_member, member, grant, voucher):
    grant(member, 50)
    redemption = services.redeem(member, voucher)
    client.force_login(team_member)

    form = client.get(reverse("points_admin:handle_redemption", args=[redemption.pk])).context["form"]

    with translation.override("en"):
        labels = [str(label) for _value, label in form.fields["decision"].choices]
    assert labels == ["Issued: mark as fulfilled", "Cancel and refund"]


def test_the_catalogue_shows_each_rewards_kind(client_logged_in, voucher, tote_bag):
    page = client_logged_in.get(en_url("points:rewards")).content.decode()
    assert "E-voucher or code" in page and "Physical goods" in page
