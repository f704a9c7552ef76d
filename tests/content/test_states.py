"""The questions templates ask records about their state, answered by the records themselves: an enrolment that is
active, seated, waitlisted, completed or cancelled; an application that is withdrawn or can still be withdrawn; a
showcase entry that is public. No database: each answer follows from the status alone."""

import pytest

from courses.models import Enrolment
from recruitment.models import Application
from website.showcases.models import Entry

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


@pytest.mark.parametrize(
    ("status", "withdrawn", "can_withdraw"),
    [
        (Application.Status.SUBMITTED, False, True),
        (Application.Status.SHORTLISTED, False, True),
        (Application.Status.ACCEPTED, False, False),
        (Application.Status.REJECTED, False, False),
        (Application.Status.WITHDRAWN, True, False),
    ],
)
def test_an_application_can_be_withdrawn_only_while_open(status, withdrawn, can_withdraw):
    application = Application(status=status)

    assert application.is_withdrawn is withdrawn
    assert application.can_withdraw is can_withdraw


@pytest.mark.parametrize(
    ("status", "public"),
    [(Entry.Status.PENDING, False), (Entry.Status.APPROVED, True), (Entry.Status.REJECTED, False)],
)
def test_only_an_approved_entry_is_public(status, public):
    assert Entry(status=status).is_public is public
