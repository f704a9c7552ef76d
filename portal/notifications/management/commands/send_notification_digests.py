"""Mail each member the notifications waiting for their daily digest, in one e-mail; safe to run again.

Scheduled once a day in deploy/crontab (the one list of jobs). Rows are claimed under a lock, so two runs at once
never send a row twice.
"""

from django.core.management.base import BaseCommand

from portal.notifications.digest import BATCH, send_digests


class Command(BaseCommand):
    help = "Send the daily notification digests (each waiting notification is mailed once)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH, help="Members read from the queue per query.")

    def handle(self, *args, batch_size=BATCH, **options):
        sent = send_digests(batch=max(1, batch_size))
        self.stdout.write(self.style.SUCCESS(f"Digests sent: {sent}."))
