"""Daily lifecycle evaluation of every active group; safe to run again, refuses to run twice at once.

Schedule it nightly, e.g. ``15 2 * * * manage.py evaluate_groups``.
"""

from django.core.management.base import BaseCommand, CommandError

from portal.groups.lifecycle import run_evaluation
from website.core.jobs import JobAlreadyRunning


class Command(BaseCommand):
    help = "Evaluate every group's stage for today: promotions, proposals, demotions, inactivity warnings."

    def handle(self, *args, **options):
        try:
            report = run_evaluation()
        except JobAlreadyRunning as exc:
            raise CommandError("Another evaluation is running; not starting a second one.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Evaluated {report.evaluated} groups (skipped {report.skipped} already done today): "
                f"{report.promoted} promoted, {report.proposed} proposed for core, {report.demoted} demoted, "
                f"{report.warned} warned."
            )
        )
