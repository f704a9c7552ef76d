"""Production: everything from base.py, plus the checks and hardening that only make sense behind real TLS."""

from django.core.exceptions import ImproperlyConfigured

from website.core.logging import logging_config

from .base import *  # noqa: F403
from .base import env, env_bool, env_int

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment for production.")

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# The header alone commits to nothing until the domain is submitted to the preload list.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# One JSON object per line for the log collector; LOG_FORMAT=text when reading a container's output by eye.
LOG_FORMAT = env("LOG_FORMAT", "json")
LOGGING = logging_config(LOG_FORMAT, level=env("LOG_LEVEL", "INFO"))
READY_CHECK_MIGRATIONS = env_bool("READY_CHECK_MIGRATIONS", True)
# Tasks are rows in PostgreSQL, run by `python manage.py db_worker` processes (deploy/Procfile): a task enqueued in a
# transaction that rolls back never runs, queued work survives restarts, and failed tasks stay as the dead letters
# (admin: Reports > Failed tasks). TASKS_BACKEND overrides, e.g. the immediate backend on a box without workers.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
