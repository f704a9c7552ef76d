"""Entries and votes: submission windows, 1 to 9 images, moderation, one vote per member and entry (which the
member can take back), and points for approved entries, votes received (capped per entry) and editors' picks."""

from contextlib import suppress

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from portal.points import services as points
from portal.points.models import PointEntry

from .models import Entry, EntryImage, Vote

MAX_IMAGES = 9
# Votes beyond this many on one entry still count on the board but earn the author nothing more.
VOTE_POINTS_CAP = 20


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
        if entry.status == Entry.Status.APPROVED:
            points.award(member, "showcase_entry", entry)
    return entry


def reward_moderation(entry):
    """Called when staff approve or pick an entry; each award happens once however often the entry is saved."""
    if entry.status == Entry.Status.APPROVED:
        points.award(entry.member, "showcase_entry", entry)
        if entry.picked:
            points.award(entry.member, "showcase_picked", entry)


def toggle_vote(entry, member):
    """Vote, or take the vote back. Returns True when the member now votes for the entry."""
    showcase = entry.showcase
    if entry.status != Entry.Status.APPROVED:
        raise ShowcaseError(_("This entry is not live."))
    if not showcase.voting_is_open():
        raise ShowcaseError(_("Voting is closed."))
    if entry.member_id == member.pk:
        raise ShowcaseError(_("You cannot vote for your own entry."))
    with transaction.atomic():
        # Lock the entry first, always: votes and take-backs then take the entry and the author's balance in one order.
        Entry.objects.select_for_update().only("pk").get(pk=entry.pk)
        existing = Vote.objects.filter(entry=entry, member=member).first()
        if existing is not None:
            _take_back(entry, existing)
            return False
        try:
            with transaction.atomic():
                vote = Vote.objects.create(entry=entry, member=member)
        except IntegrityError:
            return True  # A double click: the first request already voted.
        Entry.objects.filter(pk=entry.pk).update(vote_count=F("vote_count") + 1)
        entry.refresh_from_db(fields=["vote_count"])
        if entry.vote_count <= VOTE_POINTS_CAP:
            points.award(entry.member, "showcase_vote_received", vote)
    return True


def _take_back(entry, vote):
    award = PointEntry.objects.filter(
        member_id=entry.member_id,
        kind=PointEntry.Kind.EARN,
        source_type=ContentType.objects.get_for_model(Vote),
        source_id=str(vote.pk),
    ).first()
    if award is not None and not hasattr(award, "reversed_by"):
        # If the author already spent it, the vote still goes and the points stay.
        with suppress(points.PointsError):
            points.reverse(award, reason=_("A vote was taken back"))
    vote.delete()
    Entry.objects.filter(pk=entry.pk, vote_count__gt=0).update(vote_count=F("vote_count") - 1)
