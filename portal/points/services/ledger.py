"""Ledger primitives and the entries themselves: award, spend, adjust, reverse, and the caches they move.

The underscored helpers (the locked balance row, applying an entry) are shared with ``rewards`` in this package."""

import logging
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import notifications
from ..models import (
    DailyTally,
    PeriodStanding,
    PointBalance,
    PointEntry,
    Redemption,
    ScopeDailyTally,
)
from .periods import periods_containing
from .rules import levels, rules_by_code

logger = logging.getLogger(__name__)


class PointsError(Exception):
    """A refused points operation; the message is for the person who asked."""


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


def _tell_new_level(member, lifetime_before, gained):
    """Tell the member when ``gained`` lifetime points took them into a new level (the highest one passed). Levels
    come from the request's memo or the shared cache, so an award that changes no level costs no query."""
    reached = None
    for level in levels():
        if lifetime_before < level.min_points <= lifetime_before + gained:
            reached = level
    if reached is not None:
        notifications.level_up(member, reached)


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
    rule missing or inactive, zero points, daily or monthly cap reached, or already awarded.

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
    # five statements, six in a group, one more for each cap the rule has. No savepoint: nothing here is rolled back
    # on its own, and awards sit on hot paths (joins, check-ins). Only a new level is told, and notify() waits for
    # the caller's commit.
    with transaction.atomic(savepoint=False):
        balance = _locked_balance(member)
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
        if rule.monthly_cap and _earned_in_month(member, rule, now) >= rule.monthly_cap:
            return None
        if not _insert_once(entry):
            return None
        _apply(member, entry)
        _tell_new_level(member, balance.lifetime_earned, points)
    return entry


def _earned_in_month(member, rule, now):
    """How often the member earned ``rule`` in the local calendar month of ``now`` (one query, on the cap index)."""
    first = local_date(now).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(following, time.min))
    return PointEntry.objects.filter(
        member=member, rule_id=rule.pk, kind=PointEntry.Kind.EARN, created_at__gte=start, created_at__lt=end
    ).count()


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
        if amount > 0:
            _tell_new_level(member, balance.lifetime_earned, amount)
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
