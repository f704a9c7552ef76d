"""Vote counts hold under real concurrency (threads, one connection each): the count always equals the votes.

PostgreSQL only; tests/concurrency.py says why and how the threads are run.
"""

from tests.concurrency import race_test, run_concurrently
from tests.groups.factories import MemberFactory
from tests.page_factories import EntryFactory
from website.showcases import services as showcases
from website.showcases.models import Entry, Vote

pytestmark = race_test


def test_simultaneous_votes_keep_the_count_equal_to_the_votes():
    entry = EntryFactory()
    voters = [MemberFactory() for _ in range(16)]

    def vote(i):
        return showcases.toggle_vote(Entry.objects.get(pk=entry.pk), voters[i])

    _, unexpected = run_concurrently(len(voters), vote, expected=(showcases.ShowcaseError,))

    assert unexpected == []
    entry.refresh_from_db()
    assert entry.vote_count == Vote.objects.filter(entry=entry).count() == len(voters)


def test_double_clicks_and_take_backs_at_once_keep_the_count_equal_to_the_votes():
    entry = EntryFactory()
    voters = [MemberFactory() for _ in range(6)]
    for voter in voters[:3]:
        showcases.toggle_vote(entry, voter)  # these three take theirs back while the others vote twice at once

    def toggle(i):
        return showcases.toggle_vote(Entry.objects.get(pk=entry.pk), voters[i % len(voters)])

    _, unexpected = run_concurrently(2 * len(voters), toggle, expected=(showcases.ShowcaseError,))

    entry.refresh_from_db()
    assert entry.vote_count == Vote.objects.filter(entry=entry).count()
    # A deadlock or a lost update here is a 500 for a member clicking "vote".
    assert [repr(error)[:160] for error in unexpected] == []
