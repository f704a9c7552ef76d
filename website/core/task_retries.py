"""Retries with backoff for tasks that talk to the outside world (the mail server): a failed try queues the next one
for later, and the last failure is raised, so the queue records the task as failed (the dead letters staff review).

Only a queue that can defer a task (django-tasks-db in production) can retry. The immediate backend of development
and tests runs tasks inside the request; there a failure is logged once and left as it is (a notification stays
pending for the next send), so a broken mail server never breaks a page.
"""

import logging
from datetime import timedelta

from django.utils import timezone

logger = logging.getLogger(__name__)

# Waits before the 2nd, 3rd, 4th and 5th try; the 5th failure is final.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))


def retry_later(task, error, attempt, *args, **kwargs):
    """Queue ``task(*args, attempt=attempt + 1, **kwargs)`` after the next backoff, or raise ``error`` when the tries
    are used up. ``attempt`` counts from 0 (the first try)."""
    if not task.get_backend().supports_defer:
        logger.warning("%s failed and this task backend cannot retry later: %r", task.name, error)
        return None
    if attempt >= len(BACKOFF):
        logger.error("%s failed %d times, giving up: %r", task.name, attempt + 1, error)
        raise error
    run_after = timezone.now() + BACKOFF[attempt]
    logger.warning("%s failed (try %d), retrying after %s: %r", task.name, attempt + 1, run_after.isoformat(), error)
    return task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)


def attempts_of(kwargs):
    """How many tries a queued task with these keyword arguments has had once it has run."""
    return int(kwargs.get("attempt", 0)) + 1
