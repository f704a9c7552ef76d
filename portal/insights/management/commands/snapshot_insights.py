"""Store today's headline figures (or a given day's) so the programme's history survives data changes.

Scheduled nightly in deploy/crontab (the one list of jobs); running it again replaces that day's row.
Each run also brings ParticipationDay (who took part on which day, what the dashboard's series are read from) up to
the day: on the first run every day since the first activity, afterwards the days since the last run, and always the
last SETTLE_DAYS days again so attendance recorded late still counts.
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.insights import snapshots
from portal.insights.models import DailySnapshot
from website.core.jobs import JobAlreadyRunning, job_lock


class Command(BaseCommand):
    help = "Store the day's headline figures in a DailySnapshot (idempotent per date) and fill in missing days."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD; today by default.")
        parser.add_argument("--force", action="store_true", help="Take the lock over from another run and start now.")

    def handle(self, *args, date=None, force=False, **options):
        day = timezone.localdate()
        if date:
            try:
                day = _parse(date)
            except ValueError as exc:
                raise CommandError("--date must look like 2026-11-29") from exc
        try:
            with job_lock("insights.snapshot", force=force):
                first, rows = fill(day)
                data = snapshots.headline(day)
                DailySnapshot.objects.update_or_create(
                    date=day, defaults={"data": data, "created_at": timezone.now(), **snapshots.day_counts(day)}
                )
        except JobAlreadyRunning as exc:
            raise CommandError("Another snapshot is running (--force takes its lock over).") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Snapshot for {day:%Y-%m-%d}: {data['members']} members; participation rebuilt from "
                f"{first:%Y-%m-%d} ({rows} member-days)."
            )
        )


def fill(day):
    """Rebuild ParticipationDay from the first day it lacks (or SETTLE_DAYS back) to ``day``; (first day, rows)."""
    first = day - timedelta(days=snapshots.SETTLE_DAYS - 1)
    until = snapshots.covered_until()
    if until is None:
        first = min(first, snapshots.first_day() or day)
    elif until < day:
        first = min(first, until + timedelta(days=1))
    return first, snapshots.rebuild(first, day)


def _parse(value):
    year, month, day = (int(part) for part in value.split("-"))
    return date(year, month, day)
