"""Background tasks of the showcases app, for deployments that schedule through the task queue instead of cron."""

from django_tasks import task

from website.core.jobs import JobAlreadyRunning, job_lock

from .services import pay_due_vote_points


@task()
def pay_vote_points_task():
    try:
        with job_lock("showcases.pay_vote_points"):
            payouts = pay_due_vote_points()
    except JobAlreadyRunning:
        return {"skipped": "already running"}
    return {"entries": len(payouts), "points": sum(payout.points for payout in payouts)}
