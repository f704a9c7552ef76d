"""Recompute the site-wide leaderboards (7 days, 30 days, this month, all time) into their table; safe to run again.

Scheduled every five minutes in deploy/crontab (the one list of jobs): ranks lag by at most that long
(a member's own points never lag: each entry adds to them at once), and the first run after midnight moves the rolling
windows, the first after the 1st starts the new month. Two runs never overlap (the second refuses); ``--force`` takes
the lock over from a stuck run. Also the task ``portal.points.tasks.refresh_standings_task``.
"""

from django.core.management.base import BaseCommand, CommandError

from portal.points.leaderboards import LOCK_NAME, refresh_all
from website.core.jobs import JobAlreadyRunning, job_lock


class Command(BaseCommand):
    help = "Recompute the leaderboards' standings and ranks from the daily tallies (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Take the lock over from another run and start now.")

    def handle(self, *args, force=False, **options):
        try:
            with job_lock(LOCK_NAME, force=force):
                ranked = refresh_all()
        except JobAlreadyRunning as exc:
            raise CommandError("Another standings refresh is running (--force takes its lock over).") from exc
        summary = ", ".join(f"{period}: {count}" for period, count in ranked.items())
        self.stdout.write(self.style.SUCCESS(f"Standings refreshed (ranked members: {summary})."))
