"""One member applying several times at once (double clicks, tabs): one application.

PostgreSQL only; tests/concurrency.py says why and how the threads are run.
"""

from recruitment import services as recruitment
from recruitment.models import Application, RecruitmentCallPage
from tests.concurrency import race_test, run_concurrently
from tests.groups.factories import MemberFactory
from tests.page_factories import RecruitmentCallPageFactory

pytestmark = race_test


def test_one_member_applying_twice_at_once_has_one_application():
    call = RecruitmentCallPageFactory()
    member = MemberFactory()

    results, unexpected = run_concurrently(
        4,
        lambda i: recruitment.apply(RecruitmentCallPage.objects.get(pk=call.pk), member, []),
        expected=(recruitment.RecruitmentError,),
    )

    assert unexpected == []
    assert sum(isinstance(r, Application) for r in results) == 1, results
    assert Application.objects.filter(call=call, member=member).count() == 1
