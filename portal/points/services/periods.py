"""The boards' periods: which periods a day counts in and where each period starts."""

from datetime import timedelta

from django.utils import timezone

BOARD_PERIODS = ("7d", "30d", "month", "all")


def periods_containing(day, today=None):
    """The boards on which an entry dated ``day`` counts today: all time always, the dated ones when inside them."""
    today = today or timezone.localdate()
    if day > today:
        return []
    return [period for period in BOARD_PERIODS if period == "all" or day >= period_start(period, today)]


def period_start(period, today=None):
    """First local date of a leaderboard period: "7d", "30d", "month"; None for all time."""
    today = today or timezone.localdate()
    if period == "7d":
        return today - timedelta(days=6)
    if period == "30d":
        return today - timedelta(days=29)
    if period == "month":
        return today.replace(day=1)
    return None
