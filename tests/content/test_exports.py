"""The enrolments and recruitment exports: member names and answers cannot run in the operator's spreadsheet."""

import pytest

from courses import services as course_services
from recruitment import services as recruitment_services
from tests.content.factories import CoursePageFactory, RecruitmentCallPageFactory, question
from tests.core.spreadsheets import rows_of
from tests.factories import StaffUserFactory
from tests.groups.factories import MemberFactory

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


def test_the_applications_csv_neutralises_name_and_answers(operator):
    call = RecruitmentCallPageFactory(title="讲师招募", questions=[question("介绍", "multiline")])
    recruitment_services.apply(call, MemberFactory(display_name="@某人"), [{"question": "", "answer": PAYLOAD}])

    header, row = rows_of(operator.get("/admin/recruitment/application/", {"export": "csv"}))

    assert row[:2] == ["讲师招募", "'@某人"]
    assert PAYLOAD in row[3]
    assert not any(value.startswith(("=", "+", "-", "@")) for value in row)
