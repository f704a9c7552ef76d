"""Test settings: fast hashing, in-memory e-mail, plain static storage; database and cache still follow the env."""

import os

from .base import *  # noqa: F403
from .base import env_bool, env_list

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
# One process: its local-memory cache sees every purge, so the full-page cache is safe to use (and to test).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Rate limits have their own tests, which switch them back on; elsewhere many sign-ups come from one address.
ACCOUNT_RATE_LIMITS = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# No collected files here: static files come from the app directories, so WhiteNoise has nothing to serve.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]

# Parallel test workers (pytest-xdist) each get a database of their own from pytest-django; give each its own Redis
# database too, because cache.clear() flushes the whole Redis database and would wipe another worker's keys.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
_offset = 1 + int(_worker[2:]) if _worker.startswith("gw") else None
if REDIS_URL and _offset is not None:
    _base, _, _db = REDIS_URL.rpartition("/")
    _db = int(_db) if _db.isdigit() else 0
    CACHES["default"]["LOCATION"] = f"{_base}/{(_db + _offset) % 16}"
