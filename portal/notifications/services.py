"""Telling members: ``notify`` records an event for its recipients; the fan-out runs through the task backend after
the caller's transaction commits, one bulk insert for every recipient, and e-mail goes out in tasks of its own.

Guarantees:
- nothing is told about a change that rolled back (the fan-out waits for commit);
- a member is told once per (type, key), however often the job or the request runs (unique constraint,
  ``ignore_conflicts``), and mailed at most once (rows are claimed under a lock before they are sent);
- each member hears in their own language, on the channel they chose for the type (or its default).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from website.core.task_retries import retry_later

from . import types
from .models import Notification, Preference
from .types import Channel

UNREAD_TIMEOUT = 300


def _unread_key(member_id):
    return f"notifications:unread:{member_id}"


def unread_count(member):
    """The bell's figure: one COUNT on the partial index, cached until the next notification or mark-read."""
    key = _unread_key(member.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=member, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_TIMEOUT)
    return count


def forget_unread(*member_ids):
    cache.delete_many([_unread_key(member_id) for member_id in member_ids])


def withdraw(model, ids, *, keep_for=()):
    """Take back what members were told about rows that are no longer theirs to read (content hidden or deleted):
    the notifications whose target is one of ``ids`` are deleted, with any e-mail or digest not sent yet, except
    those of the members in ``keep_for`` (an author still sees their own content). Returns how many went."""
    ids = list(ids)
    if not ids:
        return 0
    rows = Notification.objects.filter(
        target_type=ContentType.objects.get_for_model(model), target_id__in=ids
    ).exclude(recipient_id__in=[member_id for member_id in keep_for if member_id is not None])
    recipients = set(rows.values_list("recipient_id", flat=True))
    if not recipients:
        return 0
    withdrawn, _by_model = rows.delete()
    forget_unread(*recipients)
    return withdrawn


def channel_for(member, kind):
    """The member's channel for one type: their choice, or the type's default."""
    chosen = Preference.objects.filter(member=member, kind=kind).values_list("channel", flat=True).first()
    return chosen or types.get(kind).default


def _member_ids(recipients):
    ids = set()
    for recipient in recipients:
        member_id = getattr(recipient, "pk", recipient)
        if member_id is not None:
            ids.add(int(member_id))
    return sorted(ids)


def notify(kind, recipients, *, target=None, url="", actor=None, params=None, key=None, exclude_actor=True):
    """Tell ``recipients`` (members or their ids) about an event of type ``kind``.

    ``params`` are plain values (strings, numbers) for the type's template: render what the member should read
    (a group's name, an activity's title) before calling. ``url`` is the path of the thing itself. ``key`` says what
    makes the event new; by default the target's model and id. The actor is never told about their own act.
    """
    notification_type = types.get(kind)  # unknown types fail here, in the caller's test
    ids = _member_ids(recipients)
    actor_id = getattr(actor, "pk", actor)
    if exclude_actor and actor_id is not None:
        ids = [member_id for member_id in ids if member_id != actor_id]
    if not ids:
        return
    target_type_id = target_id = None
    if target is not None:
        target_type_id = ContentType.objects.get_for_model(target).pk
        target_id = target.pk
    if key is None:
        key = f"{target_type_id}:{target_id}" if target is not None else timezone.now().isoformat()
    payload = {
        "kind": notification_type.code,
        "member_ids": ids,
        "url": str(url or ""),
        "actor_id": actor_id,
        "params": {
            name: value if isinstance(value, int | float) else str(value) for name, value in (params or {}).items()
        },
        "key": str(key)[:200],
        "target_type_id": target_type_id,
        "target_id": target_id,
    }
    transaction.on_commit(lambda: fan_out.enqueue(**payload))


def _render(notification_type, context, language):
    with translation.override(language):
        text = render_to_string(notification_type.template, context).strip()
    title, _newline, body = text.partition("\n")
    return " ".join(title.split())[:300], body.strip()


@task()
def fan_out(kind, member_ids, url, actor_id, params, key, target_type_id, target_id):
    """One bulk insert for every recipient; then the e-mails that are due now, each in a task of its own."""
    notification_type = types.get(kind)
    member_model = get_user_model()
    members = list(member_model.objects.filter(pk__in=member_ids, is_active=True).values_list("pk", "language"))
    chosen = dict(Preference.objects.filter(member_id__in=member_ids, kind=kind).values_list("member_id", "channel"))
    actor_name = ""
    if actor_id is not None:
        actor = member_model.objects.filter(pk=actor_id).first()
        actor_name = actor.get_display_name() if actor is not None else ""
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {**params, "actor": actor_name, "url": base_url + url if url.startswith("/") else url}
    rendered = {}
    rows = []
    now = timezone.now()
    for member_id, language in members:
        channel = chosen.get(member_id) or notification_type.default
        if channel == Channel.OFF and notification_type.can_turn_off:
            continue
        language = language or settings.LANGUAGE_CODE
        if language not in rendered:
            rendered[language] = _render(notification_type, context, language)
        title, body = rendered[language]
        email = {Channel.EMAIL: Notification.Email.PENDING, Channel.DIGEST: Notification.Email.DIGEST}.get(
            channel, Notification.Email.NONE
        )
        rows.append(
            Notification(
                recipient_id=member_id,
                kind=kind,
                key=key,
                title=title,
                body=body,
                url=url,
                actor_id=actor_id,
                target_type_id=target_type_id,
                target_id=target_id,
                created_at=now,
                email=email,
            )
        )
    if not rows:
        return
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    forget_unread(*(row.recipient_id for row in rows))
    mailed = [row.recipient_id for row in rows if row.email == Notification.Email.PENDING]
    if mailed:
        transaction.on_commit(lambda: send_pending_emails.enqueue(kind, key, mailed))


@task()
def send_pending_emails(kind, key, member_ids, attempt=0):
    """Mail the notifications of one event still waiting to be mailed. Each row is claimed under a lock and marked
    sent in the same transaction, so two workers (or a retry) never mail it twice; a failed send rolls back its claim,
    the row stays pending, and the members whose mail failed are tried again later with backoff."""
    from .mail import send_notification_email

    failed, error = [], None
    for member_id in member_ids:
        try:
            with transaction.atomic():
                notification = (
                    Notification.objects.select_for_update(skip_locked=True)
                    .filter(recipient_id=member_id, kind=kind, key=key, email=Notification.Email.PENDING)
                    .select_related("recipient")
                    .first()
                )
                if notification is None:
                    continue
                send_notification_email(notification)
                Notification.objects.filter(pk=notification.pk).update(email=Notification.Email.SENT)
        except OSError as exc:  # SMTP errors and refused connections alike
            failed.append(member_id)
            error = exc
    if failed:
        retry_later(send_pending_emails, error, attempt, kind, key, failed)
