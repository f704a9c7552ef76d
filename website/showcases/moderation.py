"""Approving entries in bulk from the snippet listing: the same outcome as approving them one by one.

Approval is a conditional UPDATE (only a pending entry moves), so a double submit, two moderators on the same
selection or a selection that mixes in live or rejected entries changes each pending entry once and nothing else.
Each approved entry earns its author the points a single approval earns, tells them, and leaves a log entry in its
history.
"""

from django.db import transaction
from wagtail.log_actions import log

from . import notifications
from .models import Entry
from .services import reward_moderation
from .signals import purge_entry

APPROVE_ACTION = "showcases.entry.approve"


def approve_entries(entries, *, user):
    """Approve the pending ones among ``entries``; returns those this call approved (others are left untouched)."""
    approved = []
    for entry in entries:
        with transaction.atomic():
            moved = Entry.objects.filter(pk=entry.pk, status=Entry.Status.PENDING).update(status=Entry.Status.APPROVED)
            if not moved:
                continue
            entry.status = Entry.Status.APPROVED
            purge_entry(entry)
            reward_moderation(entry)
            notifications.entry_moderated(entry, actor=user)
            log(
                instance=entry,
                action=APPROVE_ACTION,
                user=user,
                data={"status": {"from": Entry.Status.PENDING.value, "to": Entry.Status.APPROVED.value}},
            )
        approved.append(entry)
    return approved
