"""An application answers whether it is withdrawn and whether it can still be withdrawn. No database: each
answer follows from the status alone."""

import pytest

from recruitment.models import Application


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
