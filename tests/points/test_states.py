"""What the member's points page asks ledger entries and redemptions: whether an entry was earned through a rule,
and which badge a redemption's status wears. No database: each answer follows from the kind or status alone."""

import pytest

from portal.points.models import PointEntry, Redemption


@pytest.mark.parametrize(("kind", "earning"), [(kind, kind == PointEntry.Kind.EARN) for kind in PointEntry.Kind])
def test_only_an_earn_entry_is_earning(kind, earning):
    assert PointEntry(kind=kind).is_earning is earning


@pytest.mark.parametrize(
    ("status", "badge"),
    [
        (Redemption.Status.REQUESTED, "badge--info"),
        (Redemption.Status.FULFILLED, "badge--success"),
        (Redemption.Status.CANCELLED, "badge--danger"),
    ],
)
def test_a_redemption_wears_the_badge_of_its_status(status, badge):
    assert Redemption(status=status).badge_class == badge
