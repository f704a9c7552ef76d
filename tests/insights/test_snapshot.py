"""snapshot_insights: one row per date, replaced when run again, so history survives later changes."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from portal.insights.metrics import aware, headline
from portal.insights.models import DailySnapshot
from tests.groups.factories import MemberFactory
from tests.insights.conftest import END


def snapshot(*args):
    out = io.StringIO()
    call_command("snapshot_insights", *args, stdout=out)
    return out.getvalue()


def test_a_snapshot_stores_the_headline_figures_of_its_day(programme):
    snapshot("--date", END.isoformat())

    row = DailySnapshot.objects.get(date=END)
    assert row.data == headline(aware(END, end_of_day=True))
    assert row.data["members_covered"] == 6


def test_running_it_again_for_the_same_date_replaces_the_row(programme):
    snapshot("--date", END.isoformat())
    snapshot("--date", END.isoformat())
    assert DailySnapshot.objects.filter(date=END).count() == 1
    assert DailySnapshot.objects.get(date=END).data["members"] == 9

    MemberFactory()
    snapshot("--date", END.isoformat())

    assert DailySnapshot.objects.count() == 1
    assert DailySnapshot.objects.get(date=END).data["members"] == 10


def test_snapshots_of_other_days_are_kept(programme):
    snapshot("--date", "2025-06-28")
    snapshot("--date", END.isoformat())
    snapshot()

    assert set(DailySnapshot.objects.values_list("date", flat=True)) == {
        date(2025, 6, 28),
        END,
        timezone.localdate(),
    }


def test_a_bad_date_is_refused(db):
    with pytest.raises(CommandError):
        snapshot("--date", "29/06/2025")
    assert not DailySnapshot.objects.exists()
