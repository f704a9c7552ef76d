"""A call's quota holds under real concurrency (threads, one connection each).

PostgreSQL only; tests/concurrency.py says why and how the threads are run.
"""

from recruitment import services as recruitment
from recruitment.models import Application, CallCounter
from tests.concurrency import race_test, run_concurrently
from tests.factories import StaffUserFactory
from tests.groups.factories import MemberFactory
from tests.page_factories import RecruitmentCallPageFactory

pytestmark = race_test


def test_simultaneous_acceptances_stop_at_the_quota():
    call = RecruitmentCallPageFactory(quota=3)
    staff = StaffUserFactory(groups=["Community team"])
    applications = []
    for _ in range(12):
        applications.append(recruitment.apply(call, MemberFactory(), []))

    def accept(i):
        return recruitment.decide([applications[i]], staff, Application.Status.ACCEPTED)

    results, unexpected = run_concurrently(len(applications), accept)

    assert unexpected == []
    assert Application.objects.filter(call=call, status=Application.Status.ACCEPTED).count() == 3
    assert CallCounter.objects.get(call=call).accepted == 3
    assert sum(done for done, _ in results) == 3
    assert sum(over for _, over in results) == 9
