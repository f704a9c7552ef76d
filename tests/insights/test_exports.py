"""The insights tables: a group name typed as a formula cannot run in the operator's spreadsheet."""

import pytest

from portal.groups.models import CommunityGroup
from tests.core.spreadsheets import rows_of
from tests.insights.test_dashboard import RANGE, URL

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("table", ["top-activities", "top-points", "stage-changes"])
def test_a_hostile_group_name_is_neutralised_in_every_table(client, team_member, programme, table):
    CommunityGroup.objects.filter(name="G1 园林读书会").update(name=PAYLOAD)
    client.force_login(team_member)

    response = client.get(URL, {**RANGE, "export": table})

    assert response["Content-Disposition"] == f'attachment; filename="insights-{table}.csv"'
    rows = rows_of(response)[1:]
    assert any(f"'{PAYLOAD}" in row for row in rows)
    assert not any(value.startswith(("=", "+", "@")) for row in rows for value in row)


def test_stage_changes_are_dated_in_local_time_to_the_second(client, team_member, programme):
    client.force_login(team_member)

    rows = rows_of(client.get(URL, {**RANGE, "export": "stage-changes"}))[1:]

    assert rows and all(len(row[0]) == len("2025-06-02 09:05:07") for row in rows)
