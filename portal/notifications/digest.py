"""The daily digest: one e-mail per member listing their notifications waiting for it (email="digest").

Each member's rows are claimed under a row lock in a transaction of their own and marked "digested" in it, so two
runs (or a retried one) never mail the same rows twice, and a failed send rolls back its claim for the next run.
Notifications the member already read on the site are marked without being listed; nobody gets an empty digest.
"""

from django.db import transaction

from .mail import send_digest_email
from .models import Notification

BATCH = 200  # members per query of the queue
LISTED = 50  # notifications listed in one digest; the rest are counted


def _waiting():
    return Notification.objects.filter(email=Notification.Email.DIGEST)


def send_digest(member_id):
    """Claim and mail one member's waiting rows; True when an e-mail went out."""
    with transaction.atomic():
        rows = list(
            _waiting()
            .select_for_update(skip_locked=True)
            .filter(recipient_id=member_id)
            .select_related("recipient")
            .order_by("-created_at", "-pk")
        )
        if not rows:
            return False
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(email=Notification.Email.DIGESTED)
        unread = [row for row in rows if row.read_at is None]
        member = rows[0].recipient
        if not unread or not member.is_active:
            return False
        send_digest_email(member, unread[:LISTED], more=max(0, len(unread) - LISTED))
        return True


def send_digests(*, batch=BATCH):
    """Every member with rows waiting gets their digest; members are read from the queue in batches. How many
    e-mails went out."""
    sent, after = 0, 0
    while True:
        member_ids = list(
            _waiting()
            .filter(recipient_id__gt=after)
            .order_by("recipient_id")
            .values_list("recipient_id", flat=True)
            .distinct()[:batch]
        )
        if not member_ids:
            return sent
        for member_id in member_ids:
            sent += send_digest(member_id)
        after = member_ids[-1]
