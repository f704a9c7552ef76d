"""One lock per member, so every admission rule is checked and acted on as one step for that member.

A rule such as "at most 3 groups led" or "not seated and waitlisted at once" is a check followed by an insert. Two
requests from the same member (a double click, several tabs, a script) would both pass the check before either
inserts. Callers take ``lock_member`` first thing inside their ``transaction.atomic()``, then check, then write:
the second request waits for the first to commit and then sees what it wrote.

Lock order: the member's row comes before any other row the transaction locks (their points balance, a group's seat
counter, a reward's stock), so two transactions never wait on each other in opposite orders.
"""

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.transaction import TransactionManagementError


def lock_member(member):
    """Lock the member's user row until the surrounding transaction ends; ``member`` is a user or a primary key.

    PostgreSQL: ``SELECT ... FOR NO KEY UPDATE`` on the user row. Other requests of the same member queue behind
    it; rows that merely point at the member (their points, memberships, votes written by anybody) are not held up,
    because inserting a reference takes a key-share lock, which this lock leaves free.

    SQLite: ``select_for_update`` is a no-op there, and no lock is needed: the settings open every transaction with
    ``BEGIN IMMEDIATE``, which takes the database's single write lock up front, so writers already run one at a time
    and each one's checks see every earlier commit.

    Must run inside ``transaction.atomic()``: the lock lasts until that transaction commits or rolls back.
    """
    if not connection.in_atomic_block:
        raise TransactionManagementError("lock_member() must be called inside transaction.atomic().")
    pk = getattr(member, "pk", member)
    list(get_user_model().objects.select_for_update(no_key=True).filter(pk=pk).values_list("pk", flat=True))
