"""Rules and levels: small tables read on every award and page, cached until a row changes (points.signals)."""

from dataclasses import dataclass

from django.core.cache import cache

from website.core.memo import memoised

from ..models import Level, PointRule

_RULES_KEY = "points:rules:v1"
_LEVELS_KEY = "points:levels:v1"


def rules_by_code():
    """Read from the shared cache at most once per request (``website.core.memo``)."""
    return memoised(_RULES_KEY, _read_rules)


def _read_rules():
    rules = cache.get(_RULES_KEY)
    if rules is None:
        rules = {rule.code: rule for rule in PointRule.objects.all()}
        cache.set(_RULES_KEY, rules, 300)
    return rules


def levels():
    """Read from the shared cache at most once per request: a member list shows one level badge per name."""
    return memoised(_LEVELS_KEY, _read_levels)


def _read_levels():
    result = cache.get(_LEVELS_KEY)
    if result is None:
        result = list(Level.objects.order_by("min_points"))
        cache.set(_LEVELS_KEY, result, 300)
    return result


def forget_rules():
    """The cached rules are stale (a rule was saved or deleted: points.signals)."""
    cache.delete(_RULES_KEY)


def forget_levels():
    """The cached levels are stale (a level was saved or deleted: points.signals)."""
    cache.delete(_LEVELS_KEY)


@dataclass(frozen=True)
class LevelProgress:
    level: Level | None
    next_level: Level | None
    lifetime: int
    percent: int
    to_next: int


def level_for(lifetime):
    current = None
    for level in levels():
        if lifetime >= level.min_points:
            current = level
    return current


def level_progress(lifetime):
    all_levels = levels()
    current, following = None, None
    for level in all_levels:
        if lifetime >= level.min_points:
            current = level
        elif following is None:
            following = level
    if following is None:
        return LevelProgress(current, None, lifetime, 100, 0)
    floor = current.min_points if current else 0
    span = max(1, following.min_points - floor)
    percent = max(0, min(100, int(100 * (lifetime - floor) / span)))
    return LevelProgress(current, following, lifetime, percent, following.min_points - lifetime)
