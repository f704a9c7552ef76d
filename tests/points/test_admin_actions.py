"""Staff actions in the Wagtail admin: fulfil or cancel redemptions, adjust and reverse, export for shipping."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal.points import services
from portal.points.models import PointEntry
from tests.factories import StaffUserFactory
from tests.points.conftest import cached
from website.core.permissions import EDITORS

pytestmark = pytest.mark.django_db

SHIPPING = {"recipient_name": "林小满", "phone": "13800000000", "address": "杭州市西湖区文三路 1 号"}
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def redemption(member, grant, make_reward):
    """`member` (50 points) has asked for a tote bag (30 points, 2 left after this one)."""
    grant(member, 50)
    return services.redeem(member, make_reward(name="社群帆布袋", cost=30, stock=3), **SHIPPING)


@pytest.fixture
def staff_client(client, team_member):
    client.force_login(team_member)
    return client


def handle_url(redemption):
    return reverse("points_admin:handle_redemption", args=[redemption.pk])


def logged(instance, action):
    return ModelLogEntry.objects.filter(object_id=str(instance.pk), action=action).exists()


# --- fulfil and cancel ----------------------------------------------------------------------------------------------


def test_staff_fulfil_a_redemption_and_the_member_is_told(
    staff_client, team_member, redemption, member, django_capture_on_commit_callbacks
):
    page = staff_client.get(handle_url(redemption))
    assert page.status_code == 200
    assert SHIPPING["address"] in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(handle_url(redemption), {"decision": "fulfil", "note": "顺丰 SF1234567890"})

    assert response.status_code == 302
    redemption.refresh_from_db()
    assert (redemption.status, redemption.decided_by, redemption.staff_note) == (
        "fulfilled",
        team_member,
        "顺丰 SF1234567890",
    )
    assert redemption.decided_at is not None
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert "社群帆布袋" in mail.outbox[0].subject
    assert "SF1234567890" in mail.outbox[0].body
    assert logged(redemption, "points.redemption.fulfil")
    assert cached(member) == (20, 50)  # fulfilling moves no points


def test_staff_cancel_a_redemption_refunds_with_a_reversal_and_restores_stock(
    staff_client, redemption, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(handle_url(redemption), {"decision": "cancel", "note": "这款已停产"})

    assert response.status_code == 302
    redemption.refresh_from_db()
    assert redemption.status == "cancelled"
    refund = redemption.refund_entry
    assert (refund.kind, refund.amount, refund.reverses, refund.counts_toward_lifetime) == (
        "reversal",
        30,
        redemption.spend_entry,
        False,
    )
    assert cached(member) == (50, 50)
    redemption.reward.refresh_from_db()
    assert redemption.reward.stock == 3
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert "这款已停产" in mail.outbox[0].body
    assert logged(redemption, "points.redemption.cancel")


@pytest.mark.parametrize(("first", "then"), [("fulfil", "cancel"), ("cancel", "fulfil"), ("cancel", "cancel")])
def test_a_handled_redemption_cannot_be_handled_again(
    staff_client, redemption, member, first, then, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(handle_url(redemption), {"decision": first})
    before = (cached(member), PointEntry.objects.count(), len(mail.outbox))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(handle_url(redemption), {"decision": then})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert (cached(member), PointEntry.objects.count(), len(mail.outbox)) == before
    redemption.refresh_from_db()
    assert redemption.status == {"fulfil": "fulfilled", "cancel": "cancelled"}[first]


def test_a_redemptions_spend_is_undone_by_cancelling_it_not_by_reversing_the_entry(
    staff_client, redemption, member, django_capture_on_commit_callbacks
):
    """Reversing the spend would give the points back while the item still ships, and cancelling afterwards would
    try a second refund of the same entry (a 500). The reversal must be refused; cancelling refunds once."""
    spend = redemption.spend_entry
    response = staff_client.post(reverse("points_admin:reverse", args=[spend.pk]), {"reason": "会员反悔"})
    assert response.status_code == 200, "the reversal of a redemption's spend should be refused with a message"
    assert not PointEntry.objects.filter(reverses=spend).exists()

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(handle_url(redemption), {"decision": "cancel", "note": "会员反悔"})

    redemption.refresh_from_db()
    assert redemption.status == "cancelled"
    assert cached(member) == (50, 50)
    assert PointEntry.objects.filter(reverses=spend).count() == 1


# --- CSV export -----------------------------------------------------------------------------------------------------


def test_the_csv_export_carries_the_shipping_address(staff_client, redemption):
    response = staff_client.get(reverse("points_redemption_modeladmin_index"), {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    values = set(row.values())
    assert {SHIPPING["recipient_name"], SHIPPING["phone"], SHIPPING["address"], "社群帆布袋", "30"} <= values


# --- adjust and reverse ---------------------------------------------------------------------------------------------


def test_staff_adjust_a_balance_with_a_reason(staff_client, team_member, member, grant):
    grant(member, 10)
    url = reverse("points_admin:adjust", args=[member.pk])

    assert staff_client.post(url, {"amount": 25, "reason": ""}).context["form"].errors
    refused = staff_client.post(url, {"amount": -11, "reason": "扣太多"})
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert cached(member) == (10, 10)

    assert staff_client.post(url, {"amount": 25, "reason": "线下活动志愿者"}).status_code == 302
    entry = PointEntry.objects.get(member=member, note="线下活动志愿者")
    assert (entry.kind, entry.amount, entry.created_by) == ("adjust", 25, team_member)
    assert cached(member) == (35, 35)
    assert logged(entry, "points.adjust")


def test_staff_can_grant_points_to_a_member_who_has_none_yet(staff_client, member):
    """The admin action is keyed by the member; a member without any entry has no balance row yet."""
    response = staff_client.post(reverse("points_admin:adjust", args=[member.pk]), {"amount": 15, "reason": "补发"})

    assert response.status_code == 302
    assert cached(member) == (15, 15)


def test_staff_reverse_an_entry_once(staff_client, member, grant):
    entry = grant(member, 40)
    url = reverse("points_admin:reverse", args=[entry.pk])

    assert staff_client.post(url, {"reason": "发错人了"}).status_code == 302
    again = staff_client.post(url, {"reason": "再撤一次"})

    assert again.status_code == 200 and again.context["form"].non_field_errors()
    assert list(PointEntry.objects.filter(reverses=entry).values_list("amount", "note")) == [(-40, "发错人了")]
    assert cached(member) == (0, 0)


# --- who may act ----------------------------------------------------------------------------------------------------


@pytest.fixture
def action_posts(redemption, member):
    spend = redemption.spend_entry
    return [
        (reverse("points_admin:adjust", args=[member.pk]), {"amount": 500, "reason": "自己加分"}),
        (reverse("points_admin:reverse", args=[spend.pk]), {"reason": "退我积分"}),
        (handle_url(redemption), {"decision": "cancel", "note": "不要了"}),
        (handle_url(redemption), {"decision": "fulfil", "note": "已寄"}),
    ]


def _nothing_changed(member, redemption):
    redemption.refresh_from_db()
    return cached(member) == (20, 50) and redemption.status == "requested" and PointEntry.objects.count() == 2


def test_members_cannot_reach_the_staff_actions(client, member, redemption, action_posts):
    client.force_login(member)
    for url, data in action_posts:
        for response in (client.get(url), client.post(url, data)):
            assert response.status_code == 302, url
            assert "/login/" in response["Location"], url
        assert client.post(url, data, **XHR).status_code == 403
    assert _nothing_changed(member, redemption)


def test_staff_without_points_permissions_cannot_use_the_staff_actions(client, member, redemption, action_posts):
    client.force_login(StaffUserFactory(groups=[EDITORS]))
    for url, data in action_posts:
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"), url
        assert client.post(url, data, **XHR).status_code == 403
    assert _nothing_changed(member, redemption)
