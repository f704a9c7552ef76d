"""Keyset cursors for lists newest first: ``(created_at, id)`` of the last row shown, as one short opaque string.

Page 5,000 costs what page 1 does (the query starts from the cursor in the index instead of counting rows), and a
malformed or hostile cursor reads as "no cursor", the first page, never an error.
"""

from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def encode_cursor(row):
    """The cursor after ``row`` (anything with ``created_at`` and ``pk``)."""
    delta = row.created_at - _EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros}.{row.pk}"


def decode_cursor(value):
    """(created_at, id) from a cursor, or None for a missing or malformed one."""
    try:
        micros, pk = (value or "").split(".")
        micros, pk = int(micros), int(pk)
        if not (0 <= micros < 10**17 and 0 < pk < 2**63):
            return None
        return _EPOCH + timedelta(microseconds=micros), pk
    except (ValueError, OverflowError):
        return None
