"""Races on PostgreSQL: one award however many threads fire it, and the last item in stock goes to one member.

Each thread uses its own database connection, so the data must be committed (transaction=True); setup_site puts
the default rules, levels and pages back after the flush.
"""

import pytest

from portal.points import services
from portal.points.models import PointBalance, PointEntry, Redemption, Reward
from tests.concurrency import race, race_test
from tests.factories import StaffUserFactory, UserFactory
from tests.groups.factories import TopicFactory

# Skipped by a marker, not inside a fixture: a skipped test then sets up (and flushes) no database at all.
pytestmark = race_test

THREADS = 12


@pytest.mark.parametrize("first_entry", [True, False], ids=["first points ever", "member with a balance"])
def test_the_same_award_fired_from_many_threads_leaves_one_entry(first_entry):
    member = UserFactory(verified=True)
    group = TopicFactory()
    if not first_entry:
        services.adjust(member, 7, reason="已有积分", actor=StaffUserFactory())

    results = race(services.award, [(member, "group_founded", group)] * THREADS)

    errors = [result for result in results if isinstance(result, Exception)]
    assert errors == []
    assert sum(result is not None for result in results) == 1
    assert PointEntry.objects.filter(member=member, rule__code="group_founded").count() == 1
    start = 0 if first_entry else 7
    balance = PointBalance.objects.get(member=member)
    assert (balance.balance, balance.lifetime_earned) == (start + 50, start + 50)


def test_concurrent_awards_of_different_sources_all_count():
    member = UserFactory(verified=True)
    groups = [TopicFactory() for _ in range(THREADS)]

    results = race(services.award, [(member, "group_founded", group) for group in groups])

    assert all(isinstance(result, PointEntry) for result in results), results
    balance = PointBalance.objects.get(member=member)
    assert (balance.balance, balance.lifetime_earned) == (50 * THREADS, 50 * THREADS)


def test_concurrent_redemptions_of_the_last_item_give_it_to_exactly_one_member():
    staff = StaffUserFactory()
    members = [UserFactory(verified=True) for _ in range(THREADS)]
    for member in members:
        services.adjust(member, 40, reason="活动奖励", actor=staff)
    reward = Reward.objects.create(name="限量徽章", cost=30, stock=1)

    results = race(
        lambda member: services.redeem(member, reward, recipient_name="收件人", phone="13800000000", address="杭州"),
        [(member,) for member in members],
    )

    won = [result for result in results if isinstance(result, Redemption)]
    refused = [result for result in results if isinstance(result, services.PointsError)]
    assert (len(won), len(refused)) == (1, THREADS - 1), results
    reward.refresh_from_db()
    assert reward.stock == 0
    assert Redemption.objects.count() == 1
    balances = dict(PointBalance.objects.filter(member__in=members).values_list("member_id", "balance"))
    assert sorted(balances.values()) == [10] + [40] * (THREADS - 1)
    assert balances[won[0].member_id] == 10


def test_one_member_redeeming_from_many_tabs_at_once_never_goes_below_zero():
    member = UserFactory(verified=True)
    services.adjust(member, 70, reason="活动奖励", actor=StaffUserFactory())
    reward = Reward.objects.create(name="帆布袋", cost=30, stock=THREADS)

    results = race(lambda: services.redeem(member, reward, recipient_name="我"), [()] * THREADS)

    assert sum(isinstance(result, Redemption) for result in results) == 2
    assert all(isinstance(result, (Redemption, services.PointsError)) for result in results), results
    balance = PointBalance.objects.get(member=member)
    assert (balance.balance, balance.lifetime_earned) == (10, 70)
    reward.refresh_from_db()
    assert reward.stock == THREADS - 2
