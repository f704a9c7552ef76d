"""Cached figures are the ledger's: a random history leaves no drift, and reconcile_points --fix repairs corruption."""

import io
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.points import services
from portal.points.management.commands.reconcile_points import find_drift
from portal.points.models import DailyTally, PointBalance, PointEntry, Redemption, Reward
from tests.points.conftest import cached, days_ago

pytestmark = pytest.mark.django_db

MEMBERS = 3
SOURCES = 3
RULES = ["group_joined", "join_request_handled", "group_founded", "email_verified"]
STOCK = 4

members = st.integers(0, MEMBERS - 1)
days = st.integers(0, 3)
operations = st.one_of(
    st.tuples(st.just("award"), members, st.sampled_from(RULES), st.integers(0, SOURCES - 1), days),
    st.tuples(st.just("spend"), members, st.integers(1, 60)),
    st.tuples(st.just("adjust"), members, st.integers(-40, 80).filter(bool), days),
    st.tuples(st.just("reverse"), st.integers(0, 10_000)),
    st.tuples(st.just("redeem"), members, st.integers(0, 1)),
    st.tuples(st.just("cancel"), st.integers(0, 10_000)),
    st.tuples(st.just("fulfil"), st.integers(0, 10_000)),
)


def _ledger_figures():
    """Balances, lifetimes and day tallies computed from the ledger alone (independently of reconcile_points)."""
    balances = dict(PointEntry.objects.values_list("member_id").annotate(total=Sum("amount")))
    lifetimes = dict(
        PointEntry.objects.filter(counts_toward_lifetime=True).values_list("member_id").annotate(total=Sum("amount"))
    )
    tallies = defaultdict(int)
    for entry in PointEntry.objects.filter(counts_toward_lifetime=True):
        tallies[(entry.member_id, timezone.localtime(entry.created_at).date())] += entry.amount
    return balances, lifetimes, tallies


def assert_caches_match_the_ledger(people):
    assert find_drift()["balances"] == {}
    assert find_drift()["tallies"] == {}
    balances, lifetimes, tallies = _ledger_figures()
    for person in people:
        row = PointBalance.objects.filter(member=person).first()
        have = (row.balance, row.lifetime_earned) if row else (0, 0)
        assert have == (balances.get(person.pk, 0), lifetimes.get(person.pk, 0))
        assert have[0] >= 0
    cached_tallies = {(m, d): n for m, d, n in DailyTally.objects.values_list("member_id", "date", "earned")}
    assert {k: v for k, v in cached_tallies.items() if v} == {k: v for k, v in tallies.items() if v}


@pytest.fixture
def world(make_members, make_source, make_reward, team_member):
    """A few members, sources to award for, and two rewards; each hypothesis example rolls back to this."""
    return {
        "members": make_members(MEMBERS),
        "sources": [make_source() for _ in range(SOURCES)],
        "rewards": [make_reward(name="徽章", cost=15, stock=STOCK), make_reward(name="T恤", cost=40, stock=STOCK)],
        "staff": team_member,
    }


def _run(world, steps):
    people, sources, rewards, staff = world["members"], world["sources"], world["rewards"], world["staff"]
    entries, redemptions = [], []
    for step in steps:
        kind, *args = step
        try:
            if kind == "award":
                person, code, source, ago = args
                entry = services.award(people[person], code, sources[source], at=days_ago(ago))
                if entry:
                    entries.append(entry)
            elif kind == "spend":
                person, amount = args
                entries.append(services.spend(people[person], amount, note="随机消费"))
            elif kind == "adjust":
                person, amount, ago = args
                at = days_ago(ago)
                entries.append(services.adjust(people[person], amount, reason="随机调整", actor=staff, at=at))
            elif kind == "reverse" and entries:
                # A redemption's spend is undone by cancelling the redemption (see test_admin_actions for why).
                candidates = [e for e in entries if not Redemption.objects.filter(spend_entry=e).exists()]
                if candidates:
                    entries.append(services.reverse(candidates[args[0] % len(candidates)], actor=staff))
            elif kind == "redeem":
                person, reward = args
                redemption = services.redeem(people[person], rewards[reward], recipient_name="收件人")
                redemptions.append(redemption)
                entries.append(redemption.spend_entry)
            elif kind == "cancel" and redemptions:
                cancelled = services.cancel(redemptions[args[0] % len(redemptions)], staff, "缺货")
                entries.append(cancelled.refund_entry)
            elif kind == "fulfil" and redemptions:
                services.fulfil(redemptions[args[0] % len(redemptions)], staff, "已寄出")
        except services.PointsError:
            pass  # refused (not enough points, already handled...): refusals must leave the caches alone too
    return entries


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(operations, max_size=25))
def test_after_any_sequence_of_point_changes_every_cached_figure_equals_the_ledger(world, steps):
    with transaction.atomic():
        _run(world, steps)

        assert_caches_match_the_ledger(world["members"])
        for reward in Reward.objects.all():
            taken = Redemption.objects.filter(reward=reward).exclude(status=Redemption.Status.CANCELLED).count()
            assert reward.stock >= 0
            assert reward.stock + taken == STOCK

        transaction.set_rollback(True)


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(operations, min_size=5, max_size=20), corruption=st.integers(1, 500))
def test_reconcile_fix_repairs_corrupted_caches_after_any_history(world, steps, corruption):
    with transaction.atomic():
        _run(world, steps)
        for person in world["members"]:
            PointBalance.objects.get_or_create(member=person)

        PointBalance.objects.update(balance=F("balance") + corruption, lifetime_earned=F("lifetime_earned") * 2 + 1)
        DailyTally.objects.update(earned=F("earned") - corruption)
        assert len(find_drift()["balances"]) == MEMBERS

        _reconcile("--fix")

        assert_caches_match_the_ledger(world["members"])
        transaction.set_rollback(True)


def _reconcile(*args):
    """Run reconcile_points; returns (exit status, output). A report of drift may end with a non-zero status."""
    out = io.StringIO()
    try:
        call_command("reconcile_points", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_reconcile_reports_no_drift_for_a_ledger_built_through_the_services(make_members, grant, make_source):
    alice, bob = make_members(2)
    grant(alice, 40, days=2)
    services.award(bob, "group_founded", make_source(), at=days_ago(1))
    services.spend(bob, 20)

    status, output = _reconcile()

    assert status == 0
    assert "0 balances and 0 daily tallies drifted" in output


def test_reconcile_reports_drift_and_fix_repairs_it(make_members, grant, make_source):
    alice, bob, carol = make_members(3)
    grant(alice, 40, days=2)
    grant(alice, 5)
    services.award(bob, "group_founded", make_source(), at=days_ago(1))
    services.spend(bob, 20)
    grant(carol, 7)

    # Corrupt every kind of cache: balances, lifetimes, a tally, a missing tally and a missing balance row.
    PointBalance.objects.filter(member=alice).update(balance=999, lifetime_earned=1)
    PointBalance.objects.filter(member=bob).update(balance=F("balance") + 1)
    PointBalance.objects.filter(member=carol).delete()
    DailyTally.objects.filter(member=alice, date=days_ago(2).date()).update(earned=3)
    DailyTally.objects.filter(member=bob).delete()
    DailyTally.objects.create(member=carol, date=days_ago(9).date(), earned=70)

    status, output = _reconcile()
    assert "3 balances and 3 daily tallies drifted" in output
    assert f"member {alice.pk}: cached (999, 1), ledger says (45, 45)" in output
    assert status != 0 or "--fix" in output
    assert len(find_drift()["balances"]) == 3, "reporting must not repair"

    status, output = _reconcile("--fix")
    assert status == 0
    assert "Repaired" in output

    assert find_drift()["balances"] == {}
    assert find_drift()["tallies"] == {}
    assert PointBalance.objects.get(member=alice).balance == 45
    assert cached(carol) == (7, 7)
    assert not DailyTally.objects.filter(member=carol, date=days_ago(9).date()).exclude(earned=0).exists()
    status, output = _reconcile()
    assert (status, "0 balances and 0 daily tallies drifted" in output) == (0, True)


def test_tallies_follow_the_local_day_of_each_entry(member, team_member):
    # 23:30 on one local day and 00:30 on the next are different days in Asia/Shanghai, whatever UTC says.
    today = timezone.localdate()
    late = timezone.make_aware(datetime.combine(today, time.min)) - timedelta(minutes=30)
    services.adjust(member, 3, reason="深夜", actor=team_member, at=late)
    services.adjust(member, 4, reason="凌晨", actor=team_member, at=late + timedelta(hours=1))

    tallies = dict(DailyTally.objects.filter(member=member).values_list("date", "earned"))
    assert tallies == {today - timedelta(days=1): 3, today: 4}
    expected = dict(
        PointEntry.objects.filter(member=member, counts_toward_lifetime=True)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day")
        .annotate(total=Sum("amount"))
    )
    assert expected == tallies
    assert find_drift()["tallies"] == {}
