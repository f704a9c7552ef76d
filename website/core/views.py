"""Site-wide views: error pages that keep the site's look, health and readiness checks for load balancers, and the
files crawlers and browsers ask for at fixed addresses (robots.txt, favicon.ico)."""

import functools
import logging
import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"
DEGRADED = "degraded"
DOWN = "down"


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors or database here: the error may be the database itself.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request": None}))


def _database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means the database cannot serve this process
        logger.warning("Health check: database unavailable: %s: %s", type(exc).__name__, exc)
        return DOWN
    return OK


def _cache_status():
    """Ask the cache itself. The fail-soft Redis backend answers misses during an outage, so a get would lie."""
    try:
        if hasattr(cache, "ping"):
            cache.ping()
        else:
            key = f"healthz:{uuid.uuid4().hex}"
            cache.set(key, 1, 10)
            if cache.get(key) != 1:
                return DOWN
            cache.delete(key)
    except Exception as exc:  # noqa: BLE001 - any failure means the cache is not serving
        logger.warning("Health check: cache unavailable: %s: %s", type(exc).__name__, exc)
        return DOWN
    return OK


def _report():
    checks = {"database": _database_status(), "cache": _cache_status()}
    if checks["database"] != OK:
        status = DOWN
    elif checks["cache"] != OK:
        status = DEGRADED
    else:
        status = OK
    return {"status": status, **checks}


# Once every migration this code knows is applied it stays applied for the life of the process, so the (slow) migration
# graph is read until then and never again.
_migrations_applied = False


def _migrations_status():
    global _migrations_applied  # a per-process memo of a fact that cannot become false again
    if _migrations_applied:
        return OK
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # noqa: BLE001 - an unreadable migration table is as bad as an unmigrated one
        logger.warning("Readiness check: migrations unreadable: %s: %s", type(exc).__name__, exc)
        return DOWN
    if pending:
        logger.warning("Readiness check: %d migrations not applied, first %s", len(pending), pending[0][0])
        return "pending"
    _migrations_applied = True
    return OK


def _task_queue_model():
    """The table the configured task backend queues in, when it queues in the database (django-tasks-db)."""
    module, _, name = settings.TASKS.get("default", {}).get("BACKEND", "").rpartition(".")
    if name != "DatabaseBackend":
        return None
    app_config = apps.get_containing_app_config(module)
    return next(iter(app_config.get_models()), None) if app_config else None


def _task_queue_status(model):
    try:
        # In a savepoint: inside a transaction (a test's), PostgreSQL would refuse every later query after a failure.
        with transaction.atomic():
            list(model._default_manager.order_by().values_list("pk", flat=True)[:1])
    except Exception as exc:  # noqa: BLE001 - a worker could not claim tasks from a table this process cannot read
        logger.warning("Readiness check: task queue unavailable: %s: %s", type(exc).__name__, exc)
        return DOWN
    return OK


def _readiness_report():
    """The liveness report plus what a new release needs before it takes traffic: its migrations applied (when
    READY_CHECK_MIGRATIONS is on, as in production) and the task queue's table readable (when tasks queue in the
    database)."""
    report = _report()
    extra = {}
    if settings.READY_CHECK_MIGRATIONS:
        extra["migrations"] = _migrations_status()
    queue_model = _task_queue_model()
    if queue_model is not None:
        extra["tasks"] = _task_queue_status(queue_model)
    if any(value != OK for value in extra.values()):
        report["status"] = DOWN
    return {**report, **extra}


@never_cache
def health(request):
    """Liveness for the load balancer: 503 only when the database is unreachable, since then no page can be served.

    A cache outage answers 200 with ``"status": "degraded"``: the site serves every page without the cache (slower,
    rate limits off), and taking every app server out of the pool because Redis is down would turn a slow site into
    a dead one. The JSON names each dependency so monitoring can alert on "degraded".
    """
    report = _report()
    return JsonResponse(report, status=503 if report["status"] == DOWN else 200)


@never_cache
def ready(request):
    """Readiness: 503 unless every dependency answers, the cache included, and the release is migrated.

    For a deployment or orchestrator deciding whether a new release may take traffic (or whether to wait before
    switching over); it is deliberately stricter than ``health``, which a load balancer should use to keep serving
    through a cache outage.
    """
    report = _readiness_report()
    return JsonResponse(report, status=200 if report["status"] == OK else 503)


# Member-only and per-visitor pages: nothing there is for a search index, and crawling them only costs queries.
ROBOTS_DISALLOWED_PAGES = ("/portal/", "/accounts/", "/search/")


@require_safe
@cache_control(max_age=60 * 60, public=True)
def robots_txt(request):
    """Public pages open to crawlers, member and staff areas closed, and the sitemap's absolute address.

    ``ROBOTS_DISALLOW_ALL`` closes the whole site, for staging copies that must never be indexed.
    """
    lines = ["User-agent: *"]
    if settings.ROBOTS_DISALLOW_ALL:
        lines.append("Disallow: /")
    else:
        # The default language has no prefix; every other language repeats the member pages under /<code>/.
        prefixes = [""] + [f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        disallowed = ["/admin/", "/" + settings.PRIVATE_MEDIA_URL.strip("/") + "/"]
        disallowed += [prefix + path for prefix in prefixes for path in ROBOTS_DISALLOWED_PAGES]
        lines += [f"Disallow: {path}" for path in disallowed]
        lines.append("Allow: /")
        lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@functools.cache
def _favicon_bytes():
    path = finders.find("img/favicon.ico")
    if not path:
        return None
    with open(path, "rb") as icon:
        return icon.read()


@require_safe
@cache_control(max_age=60 * 60 * 24 * 30, public=True)
def favicon_ico(request):
    """The logo as a classic .ico at the address every browser and feed reader tries first.

    Served from this fixed address rather than redirected to the hashed static file, so the answer can be cached for a
    month without pointing at a file a later release removes. Pages name the SVG and PNG icons in their <head>.
    """
    icon = _favicon_bytes()
    if icon is None:
        raise Http404
    return HttpResponse(icon, content_type="image/x-icon")
