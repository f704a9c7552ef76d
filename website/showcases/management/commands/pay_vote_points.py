"""Pay authors for the votes their entries hold once a showcase's voting has closed; safe to run again.

Scheduled hourly in deploy/crontab (the one list of jobs): points arrive within the hour after voting closes.
Each entry is paid once, from its final tally; two runs never overlap (the second refuses), and ``--force`` takes the
lock over from a stuck run.
"""

from django.core.management.base import BaseCommand, CommandError

from website.core.jobs import JobAlreadyRunning, job_lock
from website.showcases.services import pay_due_vote_points


class Command(BaseCommand):
    help = "Pay vote points for every showcase whose voting has closed (idempotent: each entry is paid once)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Take the lock over from another run and start now.")

    def handle(self, *args, force=False, **options):
        try:
            with job_lock("showcases.pay_vote_points", force=force):
                payouts = pay_due_vote_points()
        except JobAlreadyRunning as exc:
            raise CommandError("Another vote payout is running (--force takes its lock over).") from exc
        paid = sum(payout.points for payout in payouts)
        self.stdout.write(self.style.SUCCESS(f"{len(payouts)} entries settled; {paid} points paid for votes."))
