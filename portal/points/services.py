"""The points API every other app uses: award, spend, adjust, reverse, redeem; plus levels and figures.

Every change locks the member's cached balance row first, so awards, caps and spends for one member are applied one
at a time (a row lock on PostgreSQL; SQLite's IMMEDIATE transactions serialise all writers anyway). Redeeming, a
member's own action, first takes the member lock every admission rule uses (``lock_member``), then the balance row.
Caches move with F() expressions in the same transaction as the entry that explains them.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.accounts.locks import lock_member
from website.core.email import email_member
from website.core.memo import memoised

from .models import (
    DailyTally,
    Level,
    PeriodStanding,
    PointBalance,
    PointEntry,
    PointRule,
    Redemption,
    Reward,
    ScopeDailyTally,
)

logger = logging.getLogger(__name__)


class PointsError(Exception):
    """A refused points operation; the message is for the person who asked."""


# --- Rules and levels (small tables, cached) ------------------------------------------------------------------------

_RULES_KEY = "points:rules:v1"
_LEVELS_KEY = "points:levels:v1"


def rules_by_code():
    """Read from the shared cache at most once per request (``website.core.memo``)."""
    return memoised(_RULES_KEY, _read_rules)


def _read_rules():
    rules = cache.get(_RULES_KEY)
    if rules is None:
        rules = {rule.code: rule for rule in PointRule.objects.all()}
        cache.set(_RULES_KEY, rules, 300)
    return rules


def levels():
    """Read from the shared cache at most once per request: a member list shows one level badge per name."""
    return memoised(_LEVELS_KEY, _read_levels)


def _read_levels():
    result = cache.get(_LEVELS_KEY)
    if result is None:
        result = list(Level.objects.order_by("min_points"))
        cache.set(_LEVELS_KEY, result, 300)
    return result


def forget_rules():
    """The cached rules are stale (a rule was saved or deleted: points.signals)."""
    cache.delete(_RULES_KEY)


def forget_levels():
    """The cached levels are stale (a level was saved or deleted: points.signals)."""
    cache.delete(_LEVELS_KEY)


@dataclass(frozen=True)
class LevelProgress:
    level: Level | None
    next_level: Level | None
    lifetime: int
    percent: int
    to_next: int


def level_for(lifetime):
    current = None
    for level in levels():
        if lifetime >= level.min_points:
            current = level
    return current


def level_progress(lifetime):
    all_levels = levels()
    current, following = None, None
    for level in all_levels:
        if lifetime >= level.min_points:
            current = level
        elif following is None:
            following = level
    if following is None:
        return LevelProgress(current, None, lifetime, 100, 0)
    floor = current.min_points if current else 0
    span = max(1, following.min_points - floor)
    percent = max(0, min(100, int(100 * (lifetime - floor) / span)))
    return LevelProgress(current, following, lifetime, percent, following.min_points - lifetime)


# --- Ledger primitives ----------------------------------------------------------------------------------------------


def local_date(moment):
    return timezone.localtime(moment).date()


def _upsert(table, keys, values, add):
    """INSERT a row or, when its key exists, add ``add``'s columns to it: one statement, on SQLite and PostgreSQL."""
    columns = [*keys, *values]
    placeholders = ", ".join(["%s"] * len(columns))
    increments = ", ".join(f"{column} = {table}.{column} + excluded.{column}" for column in add)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) "  # noqa: S608 - model tables
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {increments}",
            [*keys.values(), *values.values()],
        )


def _locked_balance(member):
    """The member's balance row, locked for the rest of the transaction and created on their first entry: one
    statement (an upsert whose update takes the row lock, as ``SELECT ... FOR UPDATE`` would)."""
    member_id = getattr(member, "pk", member)
    table = PointBalance._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (member_id, balance, lifetime_earned, excluded_from_rankings, updated_at) "  # noqa: S608
            f"VALUES (%s, 0, 0, %s, %s) ON CONFLICT (member_id) DO UPDATE SET balance = {table}.balance "
            "RETURNING balance, lifetime_earned, excluded_from_rankings",
            [member_id, False, connection.ops.adapt_datetimefield_value(timezone.now())],
        )
        balance, lifetime, excluded = cursor.fetchone()
    return PointBalance(
        member_id=member_id, balance=balance, lifetime_earned=lifetime, excluded_from_rankings=bool(excluded)
    )


def _apply(member, entry):
    """Move the caches by what ``entry`` says, with F() expressions and upserts only; the balance row is locked.

    Three statements for an entry that counts toward lifetime points (balance, daily tally, board standings), four
    when it was earned in a group (its group tally), one otherwise.
    """
    lifetime = entry.amount if entry.counts_toward_lifetime else 0
    PointBalance.objects.filter(member=member).update(
        balance=F("balance") + entry.amount, lifetime_earned=F("lifetime_earned") + lifetime
    )
    if lifetime:
        day = local_date(entry.created_at)
        stored_day = connection.ops.adapt_datefield_value(day)
        _upsert(
            DailyTally._meta.db_table,
            {"member_id": member.pk, "date": stored_day},
            {"earned": lifetime},
            add=["earned"],
        )
        if entry.scope_id is not None:
            _upsert(
                ScopeDailyTally._meta.db_table,
                {"member_id": member.pk, "scope_id": entry.scope_id, "date": stored_day},
                {"earned": lifetime},
                add=["earned"],
            )
        _add_to_standings(member, lifetime, day)


# --- Board standings moved by each entry (the boards themselves: leaderboards.py) -----------------------------------

BOARD_PERIODS = ("7d", "30d", "month", "all")


def periods_containing(day, today=None):
    """The boards on which an entry dated ``day`` counts today: all time always, the dated ones when inside them."""
    today = today or timezone.localdate()
    if day > today:
        return []
    return [period for period in BOARD_PERIODS if period == "all" or day >= period_start(period, today)]


def _add_to_standings(member, amount, day):
    """Add ``amount`` to the member's rows on the boards ``day`` counts on, in one upsert. Ranks stay the last
    refresh's; a row added here has none until the next refresh. Staff are never on a board."""
    if member.is_staff:
        return
    periods = periods_containing(day)
    if not periods:
        return
    table = PeriodStanding._meta.db_table
    values = ", ".join(["(%s, %s, %s, NULL)"] * len(periods))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (period, member_id, points, rank) VALUES {values} "  # noqa: S608 - the model's table
            f"ON CONFLICT (period, member_id) DO UPDATE SET points = {table}.points + excluded.points",
            [value for period in periods for value in (period, member.pk, amount)],
        )


def _insert_once(entry):
    """INSERT an award entry unless the same award exists (the unique constraint ``points_entry_award_once``
    decides, with ON CONFLICT DO NOTHING): one statement, no savepoint. Returns whether it was inserted."""
    fields = [field for field in PointEntry._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(field.column for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    params = [field.get_db_prep_save(getattr(entry, field.attname), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {PointEntry._meta.db_table} ({columns}) VALUES ({placeholders}) "  # noqa: S608
            "ON CONFLICT DO NOTHING RETURNING id",
            params,
        )
        row = cursor.fetchone()
    if row is None:
        return False
    entry.pk = row[0]
    entry._state.adding = False
    entry._state.db = connection.alias
    return True


def _source_fields(source):
    if source is None:
        return {"source_type": None, "source_id": ""}
    return {"source_type": ContentType.objects.get_for_model(source), "source_id": str(source.pk)}


def scope_id_of(scope):
    """The id stored as an entry's scope: a model instance (a group) gives its pk; an id or None passes through."""
    if scope is None:
        return None
    return int(getattr(scope, "pk", scope))


def award(member, rule_code, source=None, *, scope=None, note="", at=None, amount=None):
    """Award a rule's points once per (member, rule, source). Returns the entry, or None when nothing was due:
    rule missing or inactive, zero points, daily cap reached, or already awarded.

    ``scope`` is the group the points were earned in (the group itself or its id), handed over by the caller that
    knows it; None for site-wide awards (sign-up, profile, founding, courses, showcases). Group boards count only
    entries of their own scope.

    ``amount`` replaces the rule's points where the source sets its own (a course's completion points); the rule
    still decides whether anything is awarded at all.
    """
    rule = rules_by_code().get(rule_code)
    if rule is None or not rule.active or rule.points <= 0:
        return None
    points = rule.points if amount is None else amount
    if points <= 0:
        return None
    now = at or timezone.now()
    entry = PointEntry(
        member=member,
        amount=points,
        kind=PointEntry.Kind.EARN,
        counts_toward_lifetime=True,
        rule_id=rule.pk,
        scope_id=scope_id_of(scope),
        note=note[:200],
        created_at=now,
        **_source_fields(source),
    )
    # One lock (the balance upsert), one insert that is a no-op for an award already made, then the F() updates:
    # five statements, six in a group, one more for a capped rule. No savepoint: nothing here is rolled back on its
    # own, and awards sit on hot paths (joins, check-ins). Nothing is mailed from here, so nothing waits for commit.
    with transaction.atomic(savepoint=False):
        _locked_balance(member)
        if rule.daily_cap:
            start = timezone.make_aware(datetime.combine(local_date(now), time.min))
            earned_today = PointEntry.objects.filter(
                member=member,
                rule_id=rule.pk,
                kind=PointEntry.Kind.EARN,
                created_at__gte=start,
                created_at__lt=start + timedelta(days=1),
            ).count()
            if earned_today >= rule.daily_cap:
                return None
        if not _insert_once(entry):
            return None
        _apply(member, entry)
    return entry


def has_award(member, rule_code, source):
    rule = rules_by_code().get(rule_code)
    if rule is None:
        return False
    return PointEntry.objects.filter(
        member=member, rule_id=rule.pk, kind=PointEntry.Kind.EARN, **_source_fields(source)
    ).exists()


def spend(member, amount, source=None, *, note=""):
    """Take points for something the member chose; never below zero."""
    if amount <= 0:
        raise ValueError("amount must be positive")
    with transaction.atomic():
        balance = _locked_balance(member)
        if balance.balance < amount:
            raise PointsError(_("You do not have enough points."))
        entry = PointEntry.objects.create(
            member=member, amount=-amount, kind=PointEntry.Kind.SPEND, note=note[:200], **_source_fields(source)
        )
        _apply(member, entry)
    return entry


def adjust(member, amount, *, reason, actor, at=None):
    """A staff correction or grant, with its reason; counts toward lifetime points, never takes the balance below 0."""
    if not amount:
        raise PointsError(_("An adjustment needs a non-zero amount."))
    if not reason.strip():
        raise PointsError(_("Give a reason for the adjustment."))
    with transaction.atomic():
        balance = _locked_balance(member)
        if balance.balance + amount < 0:
            raise PointsError(_("The balance cannot go below zero."))
        entry = PointEntry.objects.create(
            member=member,
            amount=amount,
            kind=PointEntry.Kind.ADJUST,
            counts_toward_lifetime=True,
            note=reason.strip()[:200],
            created_by=actor,
            created_at=at or timezone.now(),
        )
        _apply(member, entry)
        log(instance=entry, action="points.adjust", user=actor)
    return entry


def reverse(entry, *, actor=None, reason=""):
    """Undo an entry with an opposite one; each entry can be reversed once, and a reversal never goes below zero."""
    if entry.kind == PointEntry.Kind.REVERSAL:
        raise PointsError(_("A reversal cannot itself be reversed."))
    if Redemption.objects.filter(spend_entry=entry).exists():
        # Otherwise the points would come back while the item stays out of stock and marked as requested.
        raise PointsError(_("This entry pays for a redemption: cancel the redemption instead."))
    with transaction.atomic():
        balance = _locked_balance(entry.member)
        if balance.balance - entry.amount < 0:
            raise PointsError(_("The member has already spent these points; the balance cannot go below zero."))
        try:
            with transaction.atomic():
                reversal = PointEntry.objects.create(
                    member_id=entry.member_id,
                    amount=-entry.amount,
                    kind=PointEntry.Kind.REVERSAL,
                    counts_toward_lifetime=entry.counts_toward_lifetime,
                    rule_id=entry.rule_id,
                    source_type_id=entry.source_type_id,
                    source_id=entry.source_id,
                    # Taken back from the group it was earned in, so the group's figures fall with it.
                    scope_id=entry.scope_id,
                    note=(reason or _("Reversal of entry %(id)s") % {"id": entry.pk})[:200],
                    reverses=entry,
                    created_by=actor,
                )
        except IntegrityError as exc:
            raise PointsError(_("This entry has already been reversed.")) from exc
        _apply(entry.member, reversal)
        if actor is not None:
            # Undone by a person (staff in the admin, a leader removing an attendance): the history says who.
            log(instance=reversal, action="points.reverse", user=actor)
    return reversal


def balance_of(member):
    row = PointBalance.objects.filter(member=member).first()
    return row or PointBalance(member=member)


# --- Rewards --------------------------------------------------------------------------------------------------------


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
    email_member(redemption.member, "points/email/redemption_fulfilled", {"redemption": redemption})
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
    email_member(locked.member, "points/email/redemption_cancelled", {"redemption": locked})
    return locked


# --- Periods --------------------------------------------------------------------------------------------------------


def period_start(period, today=None):
    """First local date of a leaderboard period: "7d", "30d", "month"; None for all time."""
    today = today or timezone.localdate()
    if period == "7d":
        return today - timedelta(days=6)
    if period == "30d":
        return today - timedelta(days=29)
    if period == "month":
        return today.replace(day=1)
    return None
