"""An enrolment answers the questions templates ask about its state (active, seated, waitlisted, completed,
cancelled). No database: each answer follows from the status alone."""

import pytest

from courses.models import Enrolment

S = Enrolment.Status


@pytest.mark.parametrize(
    ("status", "active", "seated", "waitlisted", "completed", "cancelled"),
    [
        (S.ENROLLED, True, True, False, False, False),
        (S.WAITLISTED, True, False, True, False, False),
        (S.COMPLETED, False, False, False, True, False),
        (S.CANCELLED, False, False, False, False, True),
    ],
)
def test_an_enrolment_answers_for_its_status(status, active, seated, waitlisted, completed, cancelled):
    enrolment = Enrolment(status=status)

    assert enrolment.is_active is active
    assert enrolment.is_seated is seated
    assert enrolment.is_waitlisted is waitlisted
    assert enrolment.is_completed is completed
    assert enrolment.is_cancelled is cancelled
