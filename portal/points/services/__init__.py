"""The points API every other app uses: award, spend, adjust, reverse, redeem; plus levels and figures.

Every change locks the member's cached balance row first, so awards, caps and spends for one member are applied one
at a time (a row lock on PostgreSQL; SQLite's IMMEDIATE transactions serialise all writers anyway). Redeeming, a
member's own action, first takes the member lock every admission rule uses (``lock_member``), then the balance row.
Caches move with F() expressions in the same transaction as the entry that explains them.
"""

from .ledger import PointsError, adjust, award, balance_of, has_award, local_date, reverse, scope_id_of, spend
from .periods import BOARD_PERIODS, period_start, periods_containing
from .rewards import can_redeem, cancel, fulfil, redeem
from .rules import LevelProgress, forget_levels, forget_rules, level_for, level_progress, levels, rules_by_code

__all__ = [
    "rules_by_code",
    "levels",
    "forget_rules",
    "forget_levels",
    "LevelProgress",
    "level_for",
    "level_progress",
    "BOARD_PERIODS",
    "periods_containing",
    "period_start",
    "PointsError",
    "local_date",
    "scope_id_of",
    "award",
    "has_award",
    "spend",
    "adjust",
    "reverse",
    "balance_of",
    "can_redeem",
    "redeem",
    "fulfil",
    "cancel",
]
