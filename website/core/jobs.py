"""Run a scheduled job at most once at a time, across processes and servers, with a lock row that expires."""

import os
import socket
from contextlib import contextmanager
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import JobLock


class JobAlreadyRunning(Exception):
    pass


@contextmanager
def job_lock(name, ttl=timedelta(hours=1)):
    """Hold ``name`` for the block. The expiry frees the lock if a holder crashed without releasing it."""
    now = timezone.now()
    holder = f"{socket.gethostname()}:{os.getpid()}:{now.timestamp()}"
    try:
        with transaction.atomic():
            JobLock.objects.get_or_create(name=name)
    except IntegrityError:
        pass
    taken = JobLock.objects.filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now), name=name).update(
        locked_until=now + ttl, holder=holder
    )
    if not taken:
        raise JobAlreadyRunning(name)
    try:
        yield
    finally:
        JobLock.objects.filter(name=name, holder=holder).update(locked_until=None, holder="")
