"""The per-request memo: a value read from the shared cache at most once per request, never kept beyond it.

Sessions live in the cache in front of the database (cached_db): a member stays signed in when the cache is flushed
or Redis is down.
"""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete
from django.urls import reverse

from portal.points import services
from portal.points.models import Level
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.perf.counting import CountingCache
from tests.utils import closed_port
from website.core import cache_backends, memo
from website.core.cache import fragment_version


def test_outside_a_request_every_call_reads_through():
    computed = []
    for _ in range(3):
        memo.memoised("k", lambda: computed.append(1) or len(computed))
    assert computed == [1, 1, 1]
    assert not memo.active()


def test_an_explicit_scope_keeps_a_value_once_and_forgets_it_at_the_end():
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    with memo.request_memo():
        assert memo.memoised("k", compute) == 1
        assert memo.memoised("k", compute) == 1
        memo.forget("k")
        assert memo.memoised("k", compute) == 2
    assert not memo.active()
    assert memo.memoised("k", compute) == 3


@pytest.mark.django_db
def test_request_signals_open_and_close_the_memo():
    request_started.send(sender=None)
    try:
        assert memo.active()
        first = memo.memoised("k", object)
        assert memo.memoised("k", object) is first
    finally:
        request_finished.send(sender=None)
    assert not memo.active()


@pytest.mark.django_db
def test_levels_are_read_from_the_cache_once_per_scope_and_a_saved_level_is_seen_at_once():
    Level.objects.all().delete()
    Level.objects.create(name="新手", min_points=0, colour="grey")
    with memo.request_memo(), CountingCache(caches["default"]) as counting:
        assert [level.name for level in services.levels()] == ["新手"]
        for _ in range(20):
            services.level_for(10)
            services.levels()
        assert len(counting.reads_of("points:levels")) == 1
        # A write in the same request empties the memo: the new level is read, not the kept list.
        Level.objects.create(name="达人", min_points=100, colour="gold")
        assert [level.name for level in services.levels()] == ["新手", "达人"]


@pytest.mark.django_db
def test_a_deleted_level_is_seen_at_once_and_other_deletes_stay_fast():
    Level.objects.all().delete()
    beginner = Level.objects.create(name="新手", min_points=0, colour="grey")
    Level.objects.create(name="达人", min_points=100, colour="gold")
    with memo.request_memo():
        assert len(services.levels()) == 2
        beginner.delete()
        assert [level.name for level in services.levels()] == ["达人"]
    # The memo listens to deletes of what it holds only: sessions (and most models) keep Django's fast deletes.
    assert not post_delete.has_listeners(Session)


@pytest.mark.django_db
def test_the_fragment_version_is_read_once_per_request_and_a_bump_is_seen_by_the_next(client, home_page, member):
    client.force_login(member)
    client.get("/")
    with CountingCache(caches["default"]) as counting:
        assert client.get("/").status_code == 200
    assert [key for name, key in counting.calls if key == "site-fragments:version"] == ["site-fragments:version"]
    before = fragment_version()
    from website.core.cache import bump_fragment_version

    bump_fragment_version()
    assert fragment_version() == before + 1


@pytest.fixture
def group_with_members(db):
    """`group_with_members(n)`: an open group with a leader and n members; returns the group and one member."""

    def make(count):
        group = CommunityGroupFactory(leader=MemberFactory(display_name="组长"))
        members = [
            MembershipFactory(group=group, member=MemberFactory(display_name=f"成员{i}")).member for i in range(count)
        ]
        return group, members[0]

    return make


@pytest.mark.django_db
def test_the_signed_in_group_page_reads_no_cache_key_twice(client, group_with_members):
    group, member = group_with_members(30)
    url = group.get_absolute_url()
    client.force_login(member)
    client.get(url)
    with CountingCache(caches["default"]) as counting:
        response = client.get(url)
    assert response.status_code == 200
    reads = [key for name, key in counting.calls if name == "get"]
    assert sorted(reads) == sorted(set(reads))
    assert reads.count("points:levels:v1") == 1


# --- Sessions in the cache ------------------------------------------------------------------------------------------


def test_sessions_are_cached_in_front_of_the_database(settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


@pytest.mark.django_db
def test_a_member_stays_signed_in_when_the_cache_is_flushed(client, verified_member, password):
    member = verified_member(email="flush@example.com")
    response = client.post("/en/accounts/login/", {"login": member.email, "password": password})
    assert response.status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    cache.clear()
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert response.wsgi_request.user == member


@pytest.mark.django_db
def test_a_member_stays_signed_in_when_redis_goes_down(client, verified_member, password, settings):
    member = verified_member(email="outage@example.com")
    response = client.post("/en/accounts/login/", {"login": member.email, "password": password})
    assert response.status_code == 302
    cache_backends._outages.clear()
    settings.CACHES = {
        "default": {
            "BACKEND": "website.core.cache_backends.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "KEY_PREFIX": "memo-test",
        }
    }
    try:
        response = client.get(reverse("accounts:dashboard"))
        assert response.status_code == 200
        assert response.wsgi_request.user == member
    finally:
        cache_backends._outages.clear()
