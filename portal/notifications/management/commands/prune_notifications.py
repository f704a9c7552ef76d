"""Delete read notifications older than ``--days`` (90 by default), in batches; unread ones stay, however old.

Scheduled daily in deploy/crontab (the one list of jobs). Each batch is its own short DELETE, so the job
never holds a long lock on the table the bell reads.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.notifications.models import Notification


def prune(days, *, batch=1000):
    """Delete the read notifications created more than ``days`` ago; how many were deleted."""
    cutoff = timezone.now() - timedelta(days=days)
    old_read = Notification.objects.filter(created_at__lt=cutoff, read_at__isnull=False)
    deleted = 0
    while True:
        ids = list(old_read.order_by("created_at").values_list("pk", flat=True)[:batch])
        if not ids:
            return deleted
        deleted += Notification.objects.filter(pk__in=ids).delete()[0]


class Command(BaseCommand):
    help = "Delete read notifications older than --days (default 90); unread notifications are kept."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90, help="Keep read notifications this many days.")
        parser.add_argument("--batch-size", type=int, default=1000, help="Rows deleted per statement.")

    def handle(self, *args, days=90, batch_size=1000, **options):
        if days < 1 or batch_size < 1:
            raise CommandError("--days and --batch-size must be at least 1.")
        deleted = prune(days, batch=batch_size)
        self.stdout.write(self.style.SUCCESS(f"Read notifications older than {days} days deleted: {deleted}."))
