"""Background tasks of the points app, for deployments that schedule through the task queue instead of cron."""

from django_tasks import task

from website.core.jobs import JobAlreadyRunning, job_lock

from .leaderboards import LOCK_NAME, refresh_all


@task()
def refresh_standings_task():
    """The leaderboards' standings, recomputed under the same lock as ``manage.py refresh_standings``."""
    try:
        with job_lock(LOCK_NAME):
            ranked = refresh_all()
    except JobAlreadyRunning:
        return {"skipped": "already running"}
    return ranked
