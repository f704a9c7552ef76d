"""Vote points: an author is paid once per entry, when voting has closed, for the votes the entry finally holds.

Paying per vote let two members mint points: vote (author +1), the author spends it, the vote is taken back (the
reversal cannot take the balance below zero, so it is skipped), vote again (+1 again), as often as they like.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from portal.points import services as points
from portal.points.management.commands.reconcile_points import find_drift
from portal.points.models import PointEntry
from tests.concurrency import race_test, run_concurrently
from tests.groups.factories import MemberFactory
from tests.page_factories import EntryFactory, ShowcasePageFactory
from website.showcases import services
from website.showcases.models import Entry, ShowcasePage, Vote, VotePayout

pytestmark = pytest.mark.django_db


def lifetime(member):
    return points.balance_of(member).lifetime_earned


def vote_points(member):
    """Net points the member holds from the vote rule (awards minus their reversals)."""
    return (
        PointEntry.objects.filter(member=member, rule__code=services.VOTE_RULE).aggregate(total=Sum("amount"))["total"]
        or 0
    )


def close_voting(showcase, ago=timedelta(minutes=1)):
    """The voting window ends ``ago`` before now, as if an editor had set it so; returns the fresh page."""
    ShowcasePage.objects.filter(pk=showcase.pk).update(voting_close=timezone.now() - ago)
    return ShowcasePage.objects.get(pk=showcase.pk)


def fresh(entry):
    return Entry.objects.select_related("showcase").get(pk=entry.pk)


def assert_ledger_reconciles():
    drift = find_drift()
    assert not drift["balances"] and not drift["tallies"], drift


@pytest.mark.parametrize("rounds", [1, 5])
def test_voting_taking_back_and_spending_never_earn_an_author_more_than_the_final_votes(rounds):
    entry = EntryFactory()
    author, voter, steady = entry.member, MemberFactory(), MemberFactory()
    services.toggle_vote(entry, steady)  # a vote that stays
    before = lifetime(author)  # the approval's points

    for _ in range(rounds):
        assert services.toggle_vote(fresh(entry), voter) is True
        balance = points.balance_of(author).balance
        if balance:
            points.spend(author, balance, note="兑换")  # the author spends everything, the vote's point included
        assert services.toggle_vote(fresh(entry), voter) is False
    services.toggle_vote(fresh(entry), voter)  # and votes once more, for good

    services.pay_vote_points(close_voting(entry.showcase))

    final_votes = Vote.objects.filter(entry=entry).count()
    assert final_votes == fresh(entry).vote_count == 2
    assert vote_points(author) == final_votes
    assert lifetime(author) == before + final_votes
    assert_ledger_reconciles()


def test_votes_earn_nothing_while_voting_is_open(member):
    entry = EntryFactory()
    before = (points.balance_of(entry.member).balance, lifetime(entry.member))

    services.toggle_vote(entry, member)

    assert fresh(entry).vote_count == 1
    assert (points.balance_of(entry.member).balance, lifetime(entry.member)) == before
    assert services.pay_vote_points(entry.showcase) == []  # voting has not closed: nothing is settled yet
    assert not VotePayout.objects.exists()


def test_the_payout_pays_the_final_votes_once_however_often_it_runs():
    entry = EntryFactory()
    for voter in MemberFactory.create_batch(3):
        services.toggle_vote(entry, voter)
    showcase = close_voting(entry.showcase)

    first = services.pay_vote_points(showcase)
    again = services.pay_vote_points(showcase)
    scheduled = services.pay_due_vote_points()

    assert [(payout.votes, payout.points) for payout in first] == [(3, 3)]
    assert again == scheduled == []
    assert PointEntry.objects.filter(member=entry.member, rule__code=services.VOTE_RULE).count() == 1
    assert vote_points(entry.member) == 3
    assert_ledger_reconciles()


def test_votes_and_take_backs_after_the_payout_cannot_change_points(member):
    entry = EntryFactory()
    voters = MemberFactory.create_batch(2)
    for voter in voters:
        services.toggle_vote(entry, voter)
    services.pay_vote_points(close_voting(entry.showcase))

    # Closed: refused, whoever asks.
    with pytest.raises(services.ShowcaseError):
        services.toggle_vote(fresh(entry), member)
    # Even when an editor reopens the window afterwards, the paid tally is final.
    ShowcasePage.objects.filter(pk=entry.showcase_id).update(voting_close=timezone.now() + timedelta(days=3))
    for person in (member, voters[0]):
        with pytest.raises(services.ShowcaseError):
            services.toggle_vote(fresh(entry), person)
    services.pay_vote_points(close_voting(entry.showcase))

    assert fresh(entry).vote_count == Vote.objects.filter(entry=entry).count() == 2
    assert vote_points(entry.member) == 2


def test_vote_points_stop_at_the_cap_but_votes_still_count():
    entry = EntryFactory()
    for voter in MemberFactory.create_batch(services.VOTE_POINTS_CAP + 2):
        services.toggle_vote(entry, voter)

    (payout,) = services.pay_vote_points(close_voting(entry.showcase))

    assert fresh(entry).vote_count == services.VOTE_POINTS_CAP + 2 == payout.votes
    assert payout.points == services.VOTE_POINTS_CAP == vote_points(entry.member)


def test_an_entry_without_votes_is_settled_without_points():
    entry = EntryFactory()

    (payout,) = services.pay_vote_points(close_voting(entry.showcase))

    assert (payout.votes, payout.points) == (0, 0)
    assert vote_points(entry.member) == 0


def test_votes_already_paid_one_by_one_before_the_change_are_not_paid_again():
    entry = EntryFactory()
    voters = MemberFactory.create_batch(3)
    for voter in voters:
        services.toggle_vote(entry, voter)
    # Two of the three votes were paid the old way, one award per vote, before this release.
    for vote in Vote.objects.filter(entry=entry, member__in=voters[:2]):
        points.award(entry.member, services.VOTE_RULE, vote)

    (payout,) = services.pay_vote_points(close_voting(entry.showcase))

    assert (payout.votes, payout.points) == (3, 1)
    assert vote_points(entry.member) == 3
    assert_ledger_reconciles()


def test_entries_that_are_not_live_wait_and_are_paid_once_approved(member):
    entry = EntryFactory()
    services.toggle_vote(entry, member)
    Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.PENDING)  # taken down for a second look

    assert services.pay_vote_points(close_voting(entry.showcase)) == []

    Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.APPROVED)
    assert [payout.points for payout in services.pay_due_vote_points()] == [1]


def test_the_scheduled_command_pays_closed_showcases_only(member):
    closed, still_open = EntryFactory(), EntryFactory(showcase=ShowcasePageFactory())
    for entry in (closed, still_open):
        services.toggle_vote(entry, member)
    close_voting(closed.showcase)

    call_command("pay_vote_points")
    call_command("pay_vote_points")

    assert vote_points(closed.member) == 1
    assert vote_points(still_open.member) == 0
    assert list(VotePayout.objects.values_list("entry_id", flat=True)) == [closed.pk]


# --- At the same moment, on PostgreSQL ------------------------------------------------------------------------------


def race(test):
    """The module's django_db mark is for the other tests; a race needs committed data (the closest mark wins)."""
    for mark in reversed(race_test):
        test = mark(test)
    return test


@race
def test_votes_racing_the_payout_are_either_paid_or_refused():
    entry = EntryFactory()
    voters = MemberFactory.create_batch(8)
    for voter in voters[:4]:
        services.toggle_vote(entry, voter)  # these four take theirs back during the payout, the others vote
    after_close = entry.showcase.voting_close + timedelta(seconds=1)

    def work(i):
        if i == 0:
            return services.pay_vote_points(ShowcasePage.objects.get(pk=entry.showcase_id), now=after_close)
        return services.toggle_vote(fresh(entry), voters[i - 1])

    _, unexpected = run_concurrently(len(voters) + 1, work, expected=(services.ShowcaseError,))

    assert unexpected == []
    payout = VotePayout.objects.get(entry=entry)
    assert payout.votes == Vote.objects.filter(entry=entry).count() == fresh(entry).vote_count
    assert vote_points(entry.member) == payout.points == payout.votes
    assert_ledger_reconciles()


@race
def test_simultaneous_payouts_pay_once():
    entry = EntryFactory()
    for voter in MemberFactory.create_batch(3):
        services.toggle_vote(entry, voter)
    close_voting(entry.showcase)

    _, unexpected = run_concurrently(
        4, lambda i: services.pay_vote_points(ShowcasePage.objects.get(pk=entry.showcase_id))
    )

    assert unexpected == []
    assert VotePayout.objects.filter(entry=entry).count() == 1
    assert PointEntry.objects.filter(member=entry.member, rule__code=services.VOTE_RULE).count() == 1
    assert vote_points(entry.member) == 3
