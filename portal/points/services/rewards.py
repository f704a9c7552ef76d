"""Rewards: whether a member can redeem one, redeeming it, and staff fulfilling or cancelling a redemption."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.accounts.locks import lock_member

from .. import notifications
from ..models import PointEntry, Redemption, Reward
from .ledger import PointsError, _apply, _locked_balance, _source_fields, balance_of


def can_redeem(member, reward, balance=None):
    """None when the member may redeem the reward, otherwise the reason they may not."""
    balance = balance or balance_of(member)
    if not reward.is_available():
        return _("This reward is not available now.")
    if reward.stock <= 0:
        return _("Out of stock.")
    if reward.min_level_id and balance.lifetime_earned < reward.min_level.min_points:
        return _("Reach the level %(level)s to redeem this.") % {"level": reward.min_level.name}
    if balance.balance < reward.cost:
        return _("You need %(n)d more points.") % {"n": reward.cost - balance.balance}
    return None


def redeem(member, reward, *, recipient_name="", phone="", address=""):
    """Take one item from stock and the points for it, together or not at all.

    Under the member's lock, then their balance row, then the reward row: the same order as every other path, so a
    member redeeming from several tabs at once is served one tab at a time and never goes below zero.
    """
    with transaction.atomic():
        lock_member(member)
        balance = _locked_balance(member)
        # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to the level.
        locked = Reward.objects.select_for_update(of=("self",)).select_related("min_level").get(pk=reward.pk)
        reason = can_redeem(member, locked, balance)
        if reason:
            raise PointsError(reason)
        taken = Reward.objects.filter(pk=locked.pk, stock__gt=0).update(stock=F("stock") - 1)
        if not taken:
            raise PointsError(_("Out of stock."))
        entry = PointEntry.objects.create(
            member=member,
            amount=-locked.cost,
            kind=PointEntry.Kind.SPEND,
            note=locked.name[:200],
            **_source_fields(locked),
        )
        _apply(member, entry)
        redemption = Redemption.objects.create(
            member=member,
            reward=locked,
            cost=locked.cost,
            spend_entry=entry,
            recipient_name=recipient_name,
            phone=phone,
            address=address,
        )
    return redemption


def fulfil(redemption, actor, note=""):
    updated = Redemption.objects.filter(pk=redemption.pk, status=Redemption.Status.REQUESTED).update(
        status=Redemption.Status.FULFILLED, decided_at=timezone.now(), decided_by=actor, staff_note=note[:300]
    )
    if not updated:
        raise PointsError(_("This redemption has already been handled."))
    redemption.refresh_from_db()
    log(instance=redemption, action="points.redemption.fulfil", user=actor)
    notifications.redemption_fulfilled(redemption)
    return redemption


def cancel(redemption, actor, note=""):
    """Cancel a requested redemption: points come back as a refund entry and the item goes back to stock."""
    with transaction.atomic():
        locked = Redemption.objects.select_for_update().get(pk=redemption.pk)
        if locked.status != Redemption.Status.REQUESTED:
            raise PointsError(_("This redemption has already been handled."))
        _locked_balance(locked.member)
        refund = PointEntry.objects.create(
            member_id=locked.member_id,
            amount=locked.cost,
            kind=PointEntry.Kind.REVERSAL,
            note=(note or _("Refund for a cancelled redemption"))[:200],
            reverses_id=locked.spend_entry_id,
            created_by=actor,
            **_source_fields(locked.reward),
        )
        _apply(locked.member, refund)
        Reward.objects.filter(pk=locked.reward_id).update(stock=F("stock") + 1)
        locked.status = Redemption.Status.CANCELLED
        locked.refund_entry = refund
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.staff_note = note[:300]
        locked.save()
        log(instance=locked, action="points.redemption.cancel", user=actor)
        notifications.redemption_cancelled(locked)
    return locked
