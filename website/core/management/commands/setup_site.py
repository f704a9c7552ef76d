"""Create whatever of the site structure is missing: pages, locales, staff groups, workflows, default rows.

``migrate`` already runs it (post_migrate); by hand it repairs an installation after an accidental deletion, or
fills a database loaded without them. Running it again changes nothing.
"""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from website.core.site_setup import setup_site


class Command(BaseCommand):
    help = "Create the site structure and default rows that are missing (idempotent; migrate runs it too)."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: %(default)s).")

    def handle(self, *args, database, verbosity, **options):
        setup_site(using=database, stdout=self.stdout if verbosity >= 2 else None)
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS("Site structure: up to date."))
