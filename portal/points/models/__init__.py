"""Points as an append-only ledger, with cached balances and daily tallies derived from it.

``PointEntry`` rows are never updated or deleted: a mistake is undone by a reversal entry. ``PointBalance`` and
``DailyTally`` are caches of the ledger, changed with F() expressions in the same transaction as the entry they
reflect; ``manage.py reconcile_points`` proves (and with ``--fix`` restores) ``balance == SUM(ledger)``.
This app knows nothing about groups or courses: callers hand it a member, a rule code, a source object and, for
points earned inside a group, the scope: the group's id, kept as a plain number so this app never imports groups.
``ScopeDailyTally`` is the per-scope cache the group boards read.
"""

from .ledger import (
    AppendOnlyError,
    DailyTally,
    PointBalance,
    PointEntry,
    PointEntryQuerySet,
    PointRule,
    ScopeDailyTally,
)
from .rewards import Level, PointsSettings, Redemption, Reward
from .standings import LeaderboardArchive, PeriodStanding, StandingsRefresh

__all__ = [
    "AppendOnlyError",
    "PointRule",
    "PointEntryQuerySet",
    "PointEntry",
    "PointBalance",
    "DailyTally",
    "ScopeDailyTally",
    "Level",
    "PointsSettings",
    "Reward",
    "Redemption",
    "LeaderboardArchive",
    "PeriodStanding",
    "StandingsRefresh",
]
