"""The redemptions export: what a member typed into their name or shipping address cannot run in a spreadsheet."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from portal.points import services
from portal.points.models import Redemption
from tests.core.spreadsheets import read, rows_of

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://x","y")'


@pytest.fixture
def hostile_redemption(member, grant, make_reward):
    member.display_name = PAYLOAD
    member.save(update_fields=["display_name"])
    grant(member, 50)
    return services.redeem(
        member, make_reward(name="+社群帆布袋", cost=30), recipient_name="@林小满", phone="-1+1", address=PAYLOAD
    )


def test_the_redemptions_csv_neutralises_what_the_member_typed(client, team_member, hostile_redemption):
    client.force_login(team_member)

    response = client.get(reverse("points_redemption_modeladmin_index"), {"export": "csv"})

    header, row = rows_of(response)
    cells = dict(zip(header, row, strict=True))
    assert f"'{PAYLOAD}" in row  # the address
    assert row.count(f"'{PAYLOAD}") == 2  # and the member's display name
    assert {"'+社群帆布袋", "'@林小满", "'-1+1", "30"} <= set(row)
    assert not any(value.startswith(("=", "+", "@")) for value in row)
    labels = set()
    for language in ("en", "zh-hans"):
        with translation.override(language):
            labels.add(str(Redemption.Status.REQUESTED.label))
    assert set(cells.values()) & labels
    assert "requested" not in row


def test_the_redemptions_xlsx_holds_no_formula(client, team_member, hostile_redemption):
    client.force_login(team_member)

    response = client.get(reverse("points_redemption_modeladmin_index"), {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(read(response))).active
    row = list(sheet[2])
    assert all(cell.data_type != "f" for cell in row)
    assert f"'{PAYLOAD}" in [cell.value for cell in row]
