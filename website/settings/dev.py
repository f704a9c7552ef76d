"""Local development: debug on, a fixed development key, console e-mail, plain static storage."""

from .base import *  # noqa: F403
from .base import env, env_bool, env_list

DEBUG = True
# One process: its local-memory cache sees every purge, so the full-page cache is safe to use (and to test).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# Development only; production.py refuses to start without a real SECRET_KEY from the environment.
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No collected files here: static files come from the app directories, so WhiteNoise has nothing to serve.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
