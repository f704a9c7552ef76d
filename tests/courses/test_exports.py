"""The enrolments export: member names cannot run in the operator's spreadsheet."""

import pytest

from courses import services as course_services
from tests.core.spreadsheets import rows_of
from tests.factories import StaffUserFactory
from tests.groups.factories import MemberFactory
from tests.page_factories import CoursePageFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://x","y")'


@pytest.fixture
def operator(client):
    client.force_login(StaffUserFactory(is_superuser=True))
    return client


def test_the_enrolments_csv_neutralises_the_member_name(operator):
    course = CoursePageFactory(title="葡萄酒品鉴")
    course_services.enrol(course, MemberFactory(display_name=PAYLOAD))

    header, row = rows_of(operator.get("/admin/courses/enrolment/", {"export": "csv"}))

    assert row == ["葡萄酒品鉴", f"'{PAYLOAD}", row[2], row[3], ""]
    assert row[2] not in ("enrolled", "")
    assert len(row[3]) == len("2025-06-02 09:05:07")
