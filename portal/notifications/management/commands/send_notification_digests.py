"""Mail each member the notifications waiting for their daily digest, in one e-mail; safe to run again.

Schedule it once a day, e.g. ``0 20 * * * manage.py send_notification_digests`` (8 pm Shanghai time when the server's
clock is in UTC+8). Rows are claimed under a lock, so two runs at once never send a row twice.
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
