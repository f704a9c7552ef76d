"""Run a scheduled job at most once at a time, with a lock that dies with the process holding it.

PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) on a stable hash of the job's name, held on a
connection of its own for the length of the job. It is released in ``finally`` and, when the process is killed, by
the server the moment the connection drops: the next run can start at once, on any server.

SQLite (the single-box default): a lease row in ``JobLock``. The holder writes ``host:pid:token`` and a short lease,
and a heartbeat thread renews the lease while the job runs. The lock is free when the lease has run out (the holder
stopped renewing: killed, frozen, or its machine gone) or, at once, when the holder was a process on this machine
that no longer exists. SQLite lives on one machine, so that check covers every holder a SQLite site can have.

``force=True`` (the commands' ``--force``) takes the lock over: on PostgreSQL it ends the holder's database session
and acquires the lock, on SQLite it overwrites the lease. Use it when an operator knows the other run is stuck.

Within one process a name is held once: a nested or second ``job_lock`` of the same name refuses, although a
PostgreSQL session may stack advisory locks.
"""

import collections
import contextvars
import logging
import os
import socket
import threading
import time
import uuid
import zlib
from contextlib import contextmanager, suppress
from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.db.models import Q
from django.utils import timezone

from .models import JobLock

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
# First key of the two-int advisory lock: keeps this project's job locks apart from other users of advisory locks.
_NAMESPACE = zlib.crc32(b"website.core.jobs") - 2**31

_held = collections.Counter()  # (alias, name) -> holders in this process (more than one only after a force)
_held_lock = threading.Lock()
_force = contextvars.ContextVar("job_lock_force", default=False)


class JobAlreadyRunning(Exception):
    pass


@contextmanager
def forcing(force=True):
    """Every ``job_lock`` taken inside the block takes the lock over; what a command's ``--force`` switches on."""
    token = _force.set(bool(force))
    try:
        yield
    finally:
        _force.reset(token)


@contextmanager
def job_lock(name, *, force=None, using=DEFAULT_DB_ALIAS, lease=LEASE):
    """Hold ``name`` for the block or raise ``JobAlreadyRunning``; ``force`` takes it over from another holder."""
    force = _force.get() if force is None else force
    with _held_lock:
        if _held[using, name] and not force:
            raise JobAlreadyRunning(name)
        _held[using, name] += 1
    try:
        if connections[using].vendor == "postgresql":
            with _advisory_lock(name, using, force):
                yield
        else:
            with _lease_lock(name, using, force, lease):
                yield
    finally:
        with _held_lock:
            _held[using, name] -= 1
            if not _held[using, name]:
                del _held[using, name]


def _advisory_key(name):
    return _NAMESPACE, zlib.crc32(name.encode()) - 2**31


@contextmanager
def _advisory_lock(name, using, force):
    first, second = _advisory_key(name)
    # A connection of its own: Django may close or reset its request connection, which would drop the lock silently.
    lock_connection = connections.create_connection(using)
    try:
        with lock_connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [first, second])
            taken = cursor.fetchone()[0]
            if not taken and force:
                taken = _take_over_advisory(cursor, name, first, second)
            if not taken:
                raise JobAlreadyRunning(name)
        try:
            yield
        finally:
            try:
                with lock_connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [first, second])
            except DatabaseError:
                # The session is gone (a --force elsewhere ended it), and the lock went with it.
                logger.warning("Job %s: its lock session had already ended; the lock was taken over.", name)
    finally:
        with suppress(DatabaseError):
            lock_connection.close()


def _take_over_advisory(cursor, name, first, second, wait=10.0):
    """End the session holding the lock, then take it; the holder's run fails on its next query."""
    deadline = time.monotonic() + wait
    while True:
        cursor.execute(
            "SELECT pid, pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid::bigint = %s AND objid::bigint = %s AND objsubid = 2 AND pid <> pg_backend_pid()",
            [first % 2**32, second % 2**32],
        )
        for pid, terminated in cursor.fetchall():
            logger.warning("Job %s: --force ended database session %s (terminated=%s).", name, pid, terminated)
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [first, second])
        if cursor.fetchone()[0]:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def _holder_id():
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _holder_is_dead_here(holder):
    """True when ``holder`` names a process on this machine that no longer runs."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's process
        return False
    return False


@contextmanager
def _lease_lock(name, using, force, lease):
    holder = _holder_id()
    locks = JobLock.objects.using(using)
    try:
        with transaction.atomic(using=using):
            locks.get_or_create(name=name)
    except IntegrityError:
        pass
    now = timezone.now()
    free = Q() if force else Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    taken = locks.filter(free, name=name).update(locked_until=now + lease, holder=holder)
    if not taken:
        # Held under a running lease; still free if its holder was a process on this machine that has died.
        current = locks.filter(name=name).values_list("holder", flat=True).first() or ""
        if current and _holder_is_dead_here(current):
            taken = locks.filter(name=name, holder=current).update(locked_until=now + lease, holder=holder)
    if not taken:
        raise JobAlreadyRunning(name)
    stop = threading.Event()
    heartbeat = threading.Thread(
        target=_renew_lease, args=(name, holder, using, lease, stop), name=f"job-lock-{name}", daemon=True
    )
    heartbeat.start()
    try:
        yield
    finally:
        stop.set()
        heartbeat.join()
        locks.filter(name=name, holder=holder).update(locked_until=None, holder="")


def _renew_lease(name, holder, using, lease, stop):
    """Push the lease forward every third of its length, from a thread (and connection) of its own."""
    try:
        while not stop.wait(lease.total_seconds() / 3):
            try:
                renewed = (
                    JobLock.objects.using(using)
                    .filter(name=name, holder=holder)
                    .update(locked_until=timezone.now() + lease)
                )
            except Exception:
                logger.warning("Job %s: could not renew its lease.", name, exc_info=True)
                continue
            if not renewed:
                logger.warning("Job %s: the lock was taken over (--force); this run no longer holds it.", name)
                return
    finally:
        connections[using].close()
