"""/healthz tells the load balancer the truth about each dependency; /readyz is stricter and counts the cache too."""

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)


def test_healthz_reports_each_dependency_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_readyz_is_ok_when_everything_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_with_the_cache_down_is_degraded_but_200(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "down"}


def test_readyz_with_the_cache_down_is_503(client, redis_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "down"}


def test_healthz_sees_the_cache_down_even_while_the_breaker_is_open(client, redis_down):
    """Pages skip a dead Redis for a few seconds; the health check must still ask it, not report the skip as ok."""
    from django.core.cache import cache

    cache.get("anything")  # opens the breaker
    assert client.get("/healthz").json()["cache"] == "down"


def test_healthz_with_the_database_down_is_503(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "down", "cache": "ok"}


def test_readyz_with_the_database_down_is_503(client, database_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_health_checks_are_never_cached_and_need_no_login(client):
    for url in ("/healthz", "/readyz"):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert "Location" not in response
