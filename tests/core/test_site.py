"""Site-wide plumbing: health check, database and cache from the environment, cached navigation, rate limits."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, PageFactory

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response["Content-Type"].startswith("application/json")


def test_missing_page_is_a_404_in_the_site_layout_in_both_languages(client, home_page):
    chinese = client.get("/no-such-page/")
    english = client.get("/en/no-such-page/")
    assert chinese.status_code == english.status_code == 404
    assert '<html lang="zh-hans"' in chinese.content.decode()
    assert '<html lang="en"' in english.content.decode()


def test_server_error_page_renders_without_the_database(rf, django_assert_num_queries):
    from website.core.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "<html" in response.content.decode()


def test_tests_run_on_the_database_the_environment_names():
    """CI runs the suite twice: on SQLite, and with DATABASE_URL on PostgreSQL. Each run must use the one it names."""
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")) else "sqlite"
    assert connection.vendor == expected


def test_database_options_suit_the_engine():
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if connection.vendor == "sqlite":
        # Writers queue for the lock up front instead of failing half-way; readers keep reading during a write.
        assert options["transaction_mode"] == "IMMEDIATE"
        assert "journal_mode=WAL" in options["init_command"]
    else:
        assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_cache_backend_follows_redis_url():
    backend = settings.CACHES["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "website.core.cache_backends.FailSoftRedisCache"
    else:
        assert backend == "django.core.cache.backends.locmem.LocMemCache"
    cache.set("probe", "value", 5)
    assert cache.get("probe") == "value"


# --- Navigation cache -----------------------------------------------------------------------------------------------


def test_publishing_a_menu_page_shows_it_in_the_navigation_on_the_next_request(client, home_page):
    draft = PageFactory(parent=home_page, title="活动日历", slug="calendar", live=False)
    assert "活动日历" not in client.get("/").content.decode()  # the menu is now cached without it

    draft.save_revision().publish()

    page = client.get("/").content.decode()
    assert "活动日历" in page
    assert draft.url in page


def test_unpublishing_a_menu_page_removes_it_from_the_navigation(client, home_page):
    menu_page = PageFactory(parent=home_page, title="往期回顾", slug="archive")
    menu_page.save_revision().publish()
    assert "往期回顾" in client.get("/").content.decode()

    menu_page.unpublish()

    assert "往期回顾" not in client.get("/").content.decode()


def test_the_menu_is_served_from_the_cache_between_publishes(client, home_page):
    """Without a publish signal the cached menu stands; this is what makes the warm page cheap."""
    client.get("/")
    sneaky = PageFactory(parent=home_page, title="未发布信号", slug="no-signal")  # saved, but never "published"
    assert "未发布信号" not in client.get("/").content.decode()
    sneaky.save_revision().publish()
    assert "未发布信号" in client.get("/").content.decode()


def test_menu_is_cached_per_language(client, home_page):
    PageFactory(parent=home_page, title="关于", slug="about").save_revision().publish()
    chinese = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert 'href="/about/"' in chinese
    assert 'href="/en/about/"' in english


# --- Rate limits ----------------------------------------------------------------------------------------------------


def _failed_login(client, email):
    return client.post("/en/accounts/login/", {"login": email, "password": "wrong-password-123"})


def test_rate_limits_are_off_in_test_settings(client, member):
    for _ in range(12):
        response = _failed_login(client, member.email)
        assert response.status_code == 200
        assert "Too many" not in response.content.decode()


def test_repeated_failed_logins_are_rate_limited(client, member, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    from allauth.account import app_settings

    assert app_settings.RATE_LIMITS["login_failed"] == "3/m/ip"  # read lazily, so the override takes effect

    for _ in range(3):
        response = _failed_login(client, member.email)
        assert response.status_code == 200
        assert "Too many" not in response.content.decode()

    fourth = _failed_login(client, member.email)
    assert fourth.status_code in (200, 429)
    assert "Too many" in fourth.content.decode()

    # While the limit holds, even the right password does not get in.
    response = client.post("/en/accounts/login/", {"login": member.email, "password": DEFAULT_PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_signup_rate_limit_answers_429_not_500(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/m/ip"}
    for n in range(2):
        client.post(
            reverse("account_signup"),
            {"email": f"n{n}@example.com", "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD},
        )
    response = client.post(
        reverse("account_signup"),
        {"email": "n3@example.com", "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD},
    )
    assert response.status_code == 429
