"""Monthly close: archive the site-wide winners and pay each group's top three; safe to run again.

A group's top three are ranked by the points earned in that group that month, and only groups open for the whole
month are paid (founded on or before its first day, not archived before its end; see ``boards.award_monthly_top3``).

Scheduled early on the 1st of each month in deploy/crontab (the one list of jobs). Two runs never overlap (the
second refuses, so leaders are mailed once); ``--force`` takes the lock over from a stuck run.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.groups.boards import award_monthly_top3
from portal.groups.services import leaders_of
from portal.points.leaderboards import archive_month
from website.core.email import email_member
from website.core.jobs import JobAlreadyRunning, job_lock


def previous_month(today):
    first = today.replace(day=1)
    return first.replace(year=first.year - 1, month=12) if first.month == 1 else first.replace(month=first.month - 1)


class Command(BaseCommand):
    help = "Archive last month's leaderboard and award each group's top 3 (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM to close instead of last month.")
        parser.add_argument("--force", action="store_true", help="Take the lock over from another run and start now.")

    def handle(self, *args, month=None, force=False, **options):
        if month:
            try:
                year, number = (int(part) for part in month.split("-"))
                first = date(year, number, 1)
            except ValueError as exc:
                raise CommandError("--month must look like 2026-10") from exc
        else:
            first = previous_month(timezone.localdate())
        if first >= timezone.localdate().replace(day=1):
            raise CommandError("Only a finished month can be closed.")
        try:
            with job_lock("groups.close_month", force=force):
                archived = archive_month(first)
                recorded = award_monthly_top3(first)
                for group, winners in recorded.items():
                    for leader in leaders_of(group):
                        email_member(
                            leader, "groups/email/monthly_top3", {"group": group, "winners": winners, "month": first}
                        )
        except JobAlreadyRunning as exc:
            raise CommandError("Another monthly close is running (--force takes its lock over).") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{first:%Y-%m}: {archived} archived leaderboard rows; top 3 paid in {len(recorded)} groups."
            )
        )
