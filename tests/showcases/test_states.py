"""A showcase entry answers whether it is public: only an approved one is. No database."""

import pytest

from website.showcases.models import Entry


@pytest.mark.parametrize(
    ("status", "public"),
    [(Entry.Status.PENDING, False), (Entry.Status.APPROVED, True), (Entry.Status.REJECTED, False)],
)
def test_only_an_approved_entry_is_public(status, public):
    assert Entry(status=status).is_public is public
