"""Daily lifecycle evaluation of every active group; safe to run again, refuses to run twice at once.

Scheduled nightly in deploy/crontab (the one list of jobs). ``--force`` takes the lock over from a run that is
stuck (a killed run frees it by itself).
"""

from django.core.management.base import BaseCommand, CommandError

from portal.groups.services.lifecycle import run_evaluation
from website.core.jobs import JobAlreadyRunning, forcing


class Command(BaseCommand):
    help = "Evaluate every group's stage for today: promotions, proposals, demotions, inactivity warnings."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Take the lock over from another run and start now.")

    def handle(self, *args, force=False, **options):
        try:
            with forcing(force):
                report = run_evaluation()
        except JobAlreadyRunning as exc:
            raise CommandError(
                "Another evaluation is running; not starting a second one (--force takes its lock over)."
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Evaluated {report.evaluated} groups (skipped {report.skipped} already done today): "
                f"{report.promoted} promoted, {report.proposed} proposed for core, {report.demoted} demoted, "
                f"{report.warned} warned."
            )
        )
