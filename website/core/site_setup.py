"""The site's structure and default rows, made in code by ``setup_site`` instead of by data migrations.

Each app owns its part in a ``structure.py`` that registers one or more steps (``@step(order)``): the home page
before the index pages under it, the staff groups last (they are granted every app's permissions). Every step is
idempotent: it creates what is missing, never changes or removes what an editor or the community team set up, so
``setup_site`` is safe to run again on an installation of any age.

``migrate`` runs it once after the last app's migrations (post_migrate), and so does ``flush``, which empties every
table: the test database gets its pages, groups and rules back after a transactional test, in the same process.
"""

from importlib import import_module
from pathlib import Path

from django.apps import apps as global_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.utils.module_loading import module_has_submodule

_steps = []
_discovered = False


def step(order):
    """Register a setup step; lower orders run first (core 0-99, home 100s, points 200s, groups 300s, ...)."""

    def decorator(func):
        _steps.append((order, func.__module__, func))
        return func

    return decorator


def _discover():
    """Import every project app's ``structure`` module, so its steps register (third-party apps are not asked)."""
    global _discovered
    if _discovered:
        return
    base = Path(settings.BASE_DIR).resolve()
    for config in global_apps.get_app_configs():
        path = Path(config.path).resolve()
        ours = path.is_relative_to(base) and "site-packages" not in path.parts  # a virtualenv may live in the project
        if ours and module_has_submodule(config.module, "structure"):
            import_module(f"{config.name}.structure")
    _discovered = True


def steps():
    _discover()
    return [func for _order, _module, func in sorted(_steps, key=lambda item: (item[0], item[1]))]


def setup_site(using=DEFAULT_DB_ALIAS, stdout=None):
    """Create whatever of the site structure and default rows is missing, in one transaction."""
    with transaction.atomic(using=using):
        for func in steps():
            func(using=using)
            if stdout is not None:
                stdout.write(f"  {func.__module__}.{func.__name__}")


def _schema_is_current(using, plan):
    """Whether every table setup_site writes exists with today's columns: after a full migrate, or a flush of a
    migrated database. A partial migrate (``migrate app 0003``, or backwards) leaves the structure alone."""
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[using]
    if plan is None:  # a flush: the schema is whatever the last migrate left, so check its tables are there
        from wagtail.models import Page

        return Page._meta.db_table in connection.introspection.table_names()
    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def run_after_migrate(sender=None, using=DEFAULT_DB_ALIAS, verbosity=1, plan=None, stdout=None, **kwargs):
    """post_migrate receiver (connected to the last app, so it runs once per migrate or flush)."""
    from wagtail.models import Page

    # migrate hands over its output stream; a flush (plan None) says nothing.
    report = stdout if verbosity >= 1 and plan is not None else None
    if not router.allow_migrate_model(using, Page) or not _schema_is_current(using, plan):
        if report is not None:
            report.write("Site structure: left for when every migration is applied.")
        return
    setup_site(using=using, stdout=stdout if verbosity >= 2 else None)
    if report is not None:
        report.write("Site structure: up to date (pages, staff groups, workflows, default rows).")


def add_index_page(model, using=DEFAULT_DB_ALIAS, **fields):
    """A live ``model`` page under the default site's home page, unless one exists (anywhere: editors may move it)."""
    from wagtail.models import Site

    site = Site.objects.using(using).filter(is_default_site=True).select_related("root_page").first()
    if site is None or model.objects.using(using).exists():
        return None
    home = site.root_page
    return home.add_child(instance=model(live=True, draft_title=fields["title"], locale_id=home.locale_id, **fields))
