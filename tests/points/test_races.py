"""One member redeeming from several tabs at once beyond their balance: one redemption, never below zero.

PostgreSQL only; tests/concurrency.py says why and how the threads are run.
"""

from portal.points import services
from portal.points.models import PointBalance, PointEntry, Redemption, Reward
from tests.concurrency import race_test, run_concurrently
from tests.factories import StaffUserFactory, UserFactory

pytestmark = race_test


def test_one_member_redeeming_twice_at_once_with_points_for_one_gets_one():
    member = UserFactory(verified=True)
    services.adjust(member, 40, reason="活动奖励", actor=StaffUserFactory())
    reward = Reward.objects.create(name="帆布袋", cost=30, stock=5)

    results, unexpected = run_concurrently(
        2,
        lambda i: services.redeem(member, Reward.objects.get(pk=reward.pk), recipient_name="我"),
        expected=(services.PointsError,),
    )

    assert unexpected == []
    assert sum(isinstance(r, Redemption) for r in results) == 1, results
    assert Redemption.objects.filter(member=member).count() == 1
    assert PointBalance.objects.get(member=member).balance == 10
    assert PointEntry.objects.filter(member=member, kind=PointEntry.Kind.SPEND).count() == 1
    reward.refresh_from_db()
    assert reward.stock == 4
