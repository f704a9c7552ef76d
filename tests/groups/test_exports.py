"""The groups and activities exports: names and titles leaders type cannot run in the operator's spreadsheet."""

import pytest

from tests.core.spreadsheets import rows_of
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory
from tests.groups.lifecycle.factories import ActivityFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://x","y")'


@pytest.fixture
def operator(client):
    client.force_login(StaffUserFactory(is_superuser=True))
    return client


def test_the_groups_csv_neutralises_the_group_name_and_shows_labels(operator):
    CommunityGroupFactory(name=PAYLOAD, city="@杭州")

    _header, row = rows_of(operator.get("/admin/groups/communitygroup/", {"export": "csv"}))
    name, _slug, _topic, city, stage, status, member_count, _capacity, _founded = row

    assert name == f"'{PAYLOAD}"
    assert city == "'@杭州"
    assert stage not in ("new", "") and status not in ("active", "")  # labels, not stored codes
    assert member_count == "0"  # a zero is a number, not a dash
    assert not any(value.startswith(("=", "+", "-", "@")) for value in row)


def test_the_activities_csv_neutralises_title_and_group(operator):
    ActivityFactory(title=PAYLOAD, group=CommunityGroupFactory(name="-1+2 夜跑团"))

    _header, row = rows_of(operator.get("/admin/groups/activity/", {"export": "csv"}))
    starts_at, title, group, mode, _status, *_counts, reported_at = row

    assert title == f"'{PAYLOAD}"
    assert group == "'-1+2 夜跑团"
    assert reported_at == ""
    assert mode not in ("offline", "")
    assert len(starts_at) == len("2025-06-02 09:05:07")
    assert not any(value.startswith(("=", "+", "-", "@")) for value in row)
