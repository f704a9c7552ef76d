"""Background tasks of the groups app, for deployments that schedule through the task queue instead of cron."""

from django_tasks import task

from website.core.jobs import JobAlreadyRunning

from .services.lifecycle import run_evaluation


@task()
def evaluate_groups_task():
    try:
        report = run_evaluation()
    except JobAlreadyRunning:
        return {"skipped": "already running"}
    return report.__dict__
