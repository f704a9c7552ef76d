"""Store today's headline figures (or a given day's) so the programme's history survives data changes.

Schedule it nightly, e.g. ``45 23 * * * manage.py snapshot_insights``; running it again replaces that day's row.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.insights.metrics import aware, headline
from portal.insights.models import DailySnapshot
from website.core.jobs import JobAlreadyRunning, job_lock


class Command(BaseCommand):
    help = "Store the day's headline figures in a DailySnapshot (idempotent per date)."

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
                data = headline(aware(day, end_of_day=True))
                DailySnapshot.objects.update_or_create(date=day, defaults={"data": data, "created_at": timezone.now()})
        except JobAlreadyRunning as exc:
            raise CommandError("Another snapshot is running (--force takes its lock over).") from exc
        self.stdout.write(self.style.SUCCESS(f"Snapshot for {day:%Y-%m-%d}: {data['members']} members."))


def _parse(value):
    year, month, day = (int(part) for part in value.split("-"))
    return date(year, month, day)
