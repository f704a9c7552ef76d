"""Build or refresh the Chinese demo site; safe to run on every start (every builder is idempotent)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from website.demo import (  # noqa: F401 - each registers its builders
    accounts,
    activities,
    board,
    english,
    groups,
    home,
    notifications,
    points,
)
from website.demo import core as demo

DEFAULT_DEMO_PASSWORD = "shequn-demo-2026"  # noqa: S105 - printed to the developer; refused when DEBUG is off


class Command(BaseCommand):
    help = "Create the demo site: settings, home page, members and a staff editor (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_DEMO_PASSWORD, help="Password for every demo account.")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even when DEBUG is off. Demo accounts with known passwords do not belong on a live site.",
        )

    def handle(self, *args, password, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Refusing to load demo data with DEBUG off; pass --allow-production if you mean it.")
        context = demo.DemoContext(password=password, stdout=self.stdout)
        # Demo accounts use example.com addresses: whatever the builders trigger is never sent.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            for builder in demo.builders():
                # One line per step, so the minute a first build takes is not spent in silence.
                self.stdout.write(f"Demo: {builder.__name__.replace('_', ' ')}…")
                builder(context)
        # Builders may write with update() or bulk_create(), which the search index never hears of: rebuild it so
        # that the demo site finds in its search what it shows on its pages.
        self.stdout.write("Demo: search index…")
        call_command("update_index", verbosity=0, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        if context.logins:
            self.stdout.write("")
            self.stdout.write(f"Demo logins (password for all: {password}):")
            for role, email in context.logins:
                self.stdout.write(f"  {role:<28} {email}")
