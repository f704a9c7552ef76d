"""Send the day's win-back digests (portal.insights.winback) and note which earlier ones brought their member back.

Scheduled daily in deploy/crontab (the one list of jobs); a second run the same day
sends nothing more, and nobody hears from it twice in 30 days.
"""

from django.core.management.base import BaseCommand, CommandError

from portal.insights import winback
from website.core.jobs import JobAlreadyRunning, job_lock


class Command(BaseCommand):
    help = "Send win-back digests to members who stopped taking part; mark the sends whose member came back."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Take the lock over from another run and start now.")

    def handle(self, *args, force=False, **options):
        try:
            with job_lock("insights.win_back", force=force):
                returned = winback.mark_returned()
                report = winback.send()
        except JobAlreadyRunning as exc:
            raise CommandError("Another win-back run is going on (--force takes its lock over).") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Win-back: {report.sent} sent, {report.nothing_to_tell} with nothing coming up, "
                f"{report.considered} considered; {returned} earlier sends marked as came back."
            )
        )
