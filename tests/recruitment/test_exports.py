"""The applications export: member names and answers cannot run in the operator's spreadsheet."""

import pytest

from recruitment import services as recruitment_services
from tests.core.spreadsheets import rows_of
from tests.factories import StaffUserFactory
from tests.groups.factories import MemberFactory
from tests.page_factories import RecruitmentCallPageFactory, question

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://x","y")'


@pytest.fixture
def operator(client):
    client.force_login(StaffUserFactory(is_superuser=True))
    return client


def test_the_applications_csv_neutralises_name_and_answers(operator):
    call = RecruitmentCallPageFactory(title="讲师招募", questions=[question("介绍", "multiline")])
    recruitment_services.apply(call, MemberFactory(display_name="@某人"), [{"question": "", "answer": PAYLOAD}])

    header, row = rows_of(operator.get("/admin/recruitment/application/", {"export": "csv"}))

    assert row[:2] == ["讲师招募", "'@某人"]
    assert PAYLOAD in row[3]
    assert not any(value.startswith(("=", "+", "-", "@")) for value in row)
