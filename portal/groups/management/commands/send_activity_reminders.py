"""Remind members going to an activity a day before it starts and again two hours before; safe to run again.

Scheduled every 10 minutes in deploy/crontab (the one list of jobs). Each run looks at the
scheduled activities starting in the next 24 hours (from 2 to 24 hours ahead for the day-before reminder, within 2
hours for the other) and reminds the members going who have not been reminded of that start time yet: a rerun, an
overlapping window or a late run never reminds twice, and an activity moved to a new time reminds again. A member who
signed up inside a reminder's window is not sent that reminder. A run that was missed is made up by the next one as
long as the activity has not started. Two runs never overlap (the second refuses); ``--force`` takes the lock over
from a stuck run.
"""

from django.core.management.base import BaseCommand, CommandError

from portal.groups.notifications.activities import REMINDER_2H, REMINDER_24H, send_reminders
from website.core.jobs import JobAlreadyRunning, job_lock


class Command(BaseCommand):
    help = "Remind members going to activities that start within 24 hours or within 2 hours (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Take the lock over from another run and start now.")

    def handle(self, *args, force=False, **options):
        try:
            with job_lock("groups.activity_reminders", force=force):
                reminded = send_reminders()
        except JobAlreadyRunning as exc:
            raise CommandError("Another reminder run is in progress (--force takes its lock over).") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Reminders: {reminded[REMINDER_24H]} activities a day ahead, {reminded[REMINDER_2H]} two hours ahead."
            )
        )
