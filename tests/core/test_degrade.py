"""With Redis down (the cache pointed at a closed port) every page, the login and a join answer as with Redis up."""

import logging
import time

import pytest
from django.urls import reverse

from portal.groups.models import CommunityGroup, GroupIndexPage, Membership
from tests.factories import DEFAULT_PASSWORD
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from tests.utils import closed_port
from website.core.cache_backends import FailSoftRedisCache

# allauth's own defaults, as production runs them (test settings switch rate limits off).
PRODUCTION_RATE_LIMITS = {"login": "30/m/ip", "login_failed": "10/m/ip,5/5m/key", "signup": "20/m/ip"}


@pytest.fixture
def redis_down(redis_down, settings):
    """Redis down, with allauth's rate limits on as production runs them (they live in the cache)."""
    settings.ACCOUNT_RATE_LIMITS = PRODUCTION_RATE_LIMITS
    return redis_down


@pytest.fixture
def group(db):
    leader = MemberFactory(email="leader@example.com", display_name="组长阿青")
    return CommunityGroupFactory(name="西湖读书会", slug="xihu-books", leader=leader)


def test_pages_answer_with_redis_down(client, redis_down, group, home_page):
    for url in ["/", "/en/", GroupIndexPage.objects.get().url, group.get_absolute_url(), "/en/accounts/login/"]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_member_pages_answer_with_redis_down(client, redis_down, group, home_page):
    client.force_login(group.founder)
    for url in [
        "/",
        group.get_absolute_url(),
        reverse("accounts:dashboard"),
        reverse("groups:manage", args=[group.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_login_post_signs_in_with_redis_down(client, redis_down, verified_member):
    member = verified_member(email="login@example.com")
    response = client.post("/en/accounts/login/", {"login": member.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_failed_login_answers_the_form_with_redis_down(client, redis_down, verified_member):
    member = verified_member(email="login@example.com")
    started = time.monotonic()
    response = client.post("/en/accounts/login/", {"login": member.email, "password": "wrong-password-123"})
    assert response.status_code == 200
    # allauth's rate-limit lock spins for a second when it cannot take the lock; with Redis down it must not.
    assert time.monotonic() - started < 1


def test_join_works_with_redis_down(client, redis_down, group):
    outsider = MemberFactory(email="outsider@example.com")
    client.force_login(outsider)
    response = client.post(reverse("groups:join", args=[group.slug]))
    assert response.status_code == 302
    assert Membership.objects.get(group=group, member=outsider).is_active
    assert CommunityGroup.objects.get(pk=group.pk).member_count == 2


def _dead_cache(**options):
    return FailSoftRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0", {"OPTIONS": {"RETRY_AFTER": 0, "LOG_EVERY": 60, **options}}
    )


def test_every_operation_behaves_like_a_miss():
    cache = _dead_cache()
    assert cache.get("k") is None
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    assert cache.set("k", 1) is None
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete("k") is False
    assert cache.delete_many(["a"]) is None
    assert cache.touch("k") is False
    assert cache.clear() is False
    assert cache.get_or_set("k", 7) == 7
    with pytest.raises(ValueError):
        cache.incr("k")
    with pytest.raises(ValueError):
        cache.decr("k")
    # "Go ahead": a lock taken through add() (allauth's rate limiter) must not block everybody.
    assert cache.add("k", 1) is True


def test_outage_is_logged_once_per_interval(caplog):
    cache = _dead_cache()
    with caplog.at_level(logging.DEBUG, logger="website.core.cache_backends"):
        for _ in range(20):
            cache.get("k")
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "rate limits are not enforced" in warnings[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_dead_redis_costs_milliseconds():
    cache = _dead_cache(RETRY_AFTER=30)
    started = time.monotonic()
    for _ in range(200):
        cache.get("k")
    assert time.monotonic() - started < 0.5


def test_after_a_failure_calls_skip_redis_until_retry_after(monkeypatch):
    cache = _dead_cache(RETRY_AFTER=30)
    cache.get("k")
    calls = []
    monkeypatch.setattr(cache._cache, "get", lambda *args: calls.append(args))
    assert cache.get("k", "d") == "d"
    assert calls == []


def test_a_programming_error_still_raises(monkeypatch):
    from redis.exceptions import ResponseError

    cache = _dead_cache()

    def broken(*args):
        raise ResponseError("WRONGTYPE Operation against a key holding the wrong kind of value")

    monkeypatch.setattr(cache._cache, "get", broken)
    with pytest.raises(ResponseError):
        cache.get("k")


def test_short_socket_timeouts_by_default():
    cache = _dead_cache()
    assert cache._options["socket_connect_timeout"] <= 0.5
    assert cache._options["socket_timeout"] <= 1
    assert "RETRY_AFTER" not in cache._options
