"""Entries and votes: submission windows, 1 to 9 images, moderation, one vote per member and entry (which the
member can take back while voting is open), and points for approved entries, editors' picks and, once voting has
closed, the votes an entry finally holds (capped per entry)."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import CharField, F, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.points import services as points
from portal.points.models import PointEntry

from .models.records import Entry, EntryImage, Vote, VotePayout

MAX_IMAGES = 9
# Votes beyond this many on one entry still count on the board but earn the author nothing more.
VOTE_POINTS_CAP = 20
VOTE_RULE = "showcase_vote_received"


class ShowcaseError(Exception):
    """A refused action; the message is for the member."""


def submit(showcase, member, *, title, story, images):
    if not showcase.live or not showcase.submissions_are_open():
        raise ShowcaseError(_("Submissions are closed."))
    if not 1 <= len(images) <= MAX_IMAGES:
        raise ShowcaseError(_("Add between one and nine images."))
    with transaction.atomic():
        entry = Entry.objects.create(
            showcase=showcase,
            member=member,
            title=title,
            story=story,
            status=Entry.Status.PENDING if showcase.moderate_entries else Entry.Status.APPROVED,
        )
        for order, upload in enumerate(images):
            EntryImage.objects.create(entry=entry, image=upload, sort_order=order)
        if entry.is_public:
            points.award(member, "showcase_entry", entry)
    return entry


def reward_moderation(entry):
    """Called when staff approve or pick an entry; each award happens once however often the entry is saved."""
    if entry.is_public:
        points.award(entry.member, "showcase_entry", entry)
        if entry.picked:
            points.award(entry.member, "showcase_picked", entry)


def toggle_vote(entry, member):
    """Vote, or take the vote back. Returns True when the member now votes for the entry.

    A vote moves only the entry's tally, never the ledger: paying per vote let an author spend a vote's point before
    the voter took the vote back (the reversal could not go below zero), then earn it again from the next vote, as
    often as two members cared to repeat it. Votes are paid once, from the final tally, by ``pay_vote_points``.
    """
    showcase = entry.showcase
    if not entry.is_public:
        raise ShowcaseError(_("This entry is not live."))
    if not showcase.voting_is_open():
        raise ShowcaseError(_("Voting is closed."))
    if entry.member_id == member.pk:
        raise ShowcaseError(_("You cannot vote for your own entry."))
    with transaction.atomic():
        # The entry's lock orders votes, take-backs and the payout: once the payout is in, the tally it paid is final,
        # even if an editor moves the voting window afterwards.
        Entry.objects.select_for_update().only("pk").get(pk=entry.pk)
        if VotePayout.objects.filter(entry_id=entry.pk).exists():
            raise ShowcaseError(_("Voting is closed."))
        existing = Vote.objects.filter(entry=entry, member=member).first()
        if existing is not None:
            existing.delete()
            Entry.objects.filter(pk=entry.pk, vote_count__gt=0).update(vote_count=F("vote_count") - 1)
            return False
        try:
            with transaction.atomic():
                Vote.objects.create(entry=entry, member=member)
        except IntegrityError:
            return True  # A double click: the first request already voted.
        Entry.objects.filter(pk=entry.pk).update(vote_count=F("vote_count") + 1)
    return True


# --- Paying for votes once voting has closed ------------------------------------------------------------------------


def pay_vote_points(showcase, *, now=None):
    """Pay each approved entry's author for the votes the entry holds now that voting is over; returns the payouts.

    Nothing happens while voting is open. Each entry is settled once (its ``VotePayout``), under the entry's lock,
    with one award per (author, vote rule, entry) for the rule's points times the final votes, capped at
    ``VOTE_POINTS_CAP``: the author earns at most one rule's worth per vote the entry still holds, whatever was voted,
    taken back or spent before. Running it again, or at the same time from another process, pays nothing more.
    Entries that are not live stay unsettled, and are paid if the editors approve them later.
    """
    now = now or timezone.now()
    if now <= showcase.voting_close:
        return []
    unsettled = (
        Entry.objects.filter(showcase=showcase, status=Entry.Status.APPROVED, vote_payout__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    payouts = []
    for entry_id in list(unsettled):
        payout = _settle(entry_id, now)
        if payout is not None:
            payouts.append(payout)
    return payouts


def pay_due_vote_points(*, now=None):
    """Settle every showcase whose voting has closed and that still has unpaid live entries (the scheduled job)."""
    now = now or timezone.now()
    due = (
        Entry.objects.filter(showcase__voting_close__lt=now, status=Entry.Status.APPROVED, vote_payout__isnull=True)
        .values_list("showcase_id", flat=True)
        .distinct()
    )
    payouts = []
    # The page class through the entry's foreign key: services never import the page module.
    showcases = Entry._meta.get_field("showcase").related_model.objects.filter(pk__in=list(due))
    for showcase in showcases.order_by("pk"):
        payouts.extend(pay_vote_points(showcase, now=now))
    return payouts


def _settle(entry_id, now):
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry_id)
        if entry.status != Entry.Status.APPROVED or VotePayout.objects.filter(entry_id=entry_id).exists():
            return None  # Settled by another run meanwhile, or taken off the site.
        votes = Vote.objects.filter(entry_id=entry_id).count()
        rule = points.rules_by_code().get(VOTE_RULE)
        per_vote = rule.points if rule is not None and rule.active else 0
        due = max(0, per_vote * min(votes, VOTE_POINTS_CAP) - _paid_per_vote(entry_id))
        award = points.award(entry.member, VOTE_RULE, entry, amount=due, at=now) if due else None
        return VotePayout.objects.create(
            entry_id=entry_id, votes=votes, points=award.amount if award else 0, paid_at=now
        )


def _paid_per_vote(entry_id):
    """What the entry's current votes already earned when votes were paid one by one (before this rule), net of
    reversals, so that an entry voted on across the change is not paid twice for the same vote."""
    current_votes = Vote.objects.filter(entry_id=entry_id).annotate(key=Cast("pk", CharField())).values("key")
    return (
        PointEntry.objects.filter(
            rule__code=VOTE_RULE,
            source_type=ContentType.objects.get_for_model(Vote),
            source_id__in=current_votes,
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
