"""Settings shared by every environment; safe for production on their own, every secret and host comes from the env."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from website.core.logging import logging_config

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


# No fallback: a committed or generated key would either leak or log everybody out on restart.
SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first so their templates override those of the packages below.
    "website.core",
    "website.home",
    "website.guides",
    "website.showcases",
    "website.featured",
    "portal.accounts",
    "portal.points",
    "portal.notifications",
    "portal.groups",
    "portal.board",
    "portal.insights",
    "courses",
    "recruitment",
    "website.demo",
    # Content translation: the Translate action for editors, and the English tree kept in step with the Chinese one
    # (wagtail_localize.locales replaces wagtail.locales, adding the "sync from" setting to each locale).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    # Purges of page URLs on publish and on data changes (website.core.page_cache.PageCacheBackend, later a CDN too).
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Wagtail's admin says when a page was sent for review with humanize's naturaltime ("2 seconds ago"); installed,
    # humanize's own catalogue translates it.
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "website.core.request_log.RequestLogMiddleware",  # outermost: a request id before anything logs
    "django.middleware.security.SecurityMiddleware",
    # Outside everything else so they see every response: CSP per area, Permissions-Policy, no-store when personal.
    "website.core.headers.AreaCSPMiddleware",
    "website.core.headers.PermissionsPolicyMiddleware",
    "website.core.headers.PrivateCacheMiddleware",
    # Compresses anonymous cacheable pages only (never a page with a CSRF token or personal data: BREACH).
    "website.core.page_cache.PageCacheGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Full-page cache for anonymous visitors (website.core.page_cache): the update stores the finished, uncompressed
    # page on the way out; the fetch answers a hit before sessions, locale, CSRF and auth do any work.
    "website.core.page_cache.UpdatePageCacheMiddleware",
    "website.core.page_cache.FetchFromPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # An anonymous visitor's ?ref= share link, kept for their sign-up (portal.accounts.referrals).
    "portal.accounts.referrals.ReferralMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "website.core.middleware.HostileInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------------------
# SQLite is the embedded default. WAL lets readers work while one writer commits; IMMEDIATE transactions take the
# write lock up front so concurrent writers queue instead of failing with "database is locked" half-way through.
SQLITE_PATH = env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
DATABASE_URL = env("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    # Fails soft: with Redis down every cache call is a miss (logged), so pages, login and joins keep answering.
    CACHES = {
        "default": {
            "BACKEND": "website.core.cache_backends.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "community"),
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "community",
            "TIMEOUT": 300,
        }
    }

# --- Background tasks -----------------------------------------------------------------------------------------------
# Immediate by default (development runs tasks inside the request). production.py defaults to the database queue
# (django_tasks_db, whose table exists everywhere); TASKS_BACKEND overrides either, e.g. for a one-off debugging run.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

# --- Accounts -------------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "display_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
# Adds the display name to allauth's own sign-up form (ACCOUNT_FORMS would replace the whole form).
ACCOUNT_SIGNUP_FORM_CLASS = "portal.accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Sign-up with a known address answers exactly like a new one and mails the owner instead.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = env("EMAIL_SUBJECT_PREFIX", "")
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# allauth's own defaults are on; these are stated so operators can see and tune them.
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}

# --- Members' uploads -----------------------------------------------------------------------------------------------
AVATAR_MAX_UPLOAD_SIZE = env_int("AVATAR_MAX_UPLOAD_SIZE", 2 * 1024 * 1024)
AVATAR_MAX_PIXELS = env_int("AVATAR_MAX_PIXELS", 16_000_000)

# --- Internationalisation -------------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Pages are translated too: the Chinese tree is the original, the English tree holds translations and, for pages not
# translated yet, aliases of the Chinese pages (website.core.translation). The first entry is the default locale.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# --- Static and media -----------------------------------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = env("MEDIA_URL", "/media/")
# Files only some people may see (chat QR codes, showcase images, guide documents): outside MEDIA_ROOT, never served
# directly; PRIVATE_MEDIA_URL is the access-checking view (website.core.media), not a directory to expose.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
PRIVATE_MEDIA_URL = "/private-media/"
# After the access check, who sends the bytes: Django streams them (""), or the web server does, from an internal
# location: "nginx" (X-Accel-Redirect to PRIVATE_MEDIA_ACCEL_PREFIX + name) or "apache" (X-Sendfile with the path).
PRIVATE_MEDIA_ACCEL = env("PRIVATE_MEDIA_ACCEL", "")
PRIVATE_MEDIA_ACCEL_PREFIX = env("PRIVATE_MEDIA_ACCEL_PREFIX", "/_private_media/")
STORAGES = {
    "default": {"BACKEND": "website.core.uploads.MediaStorage"},
    "private": {"BACKEND": "website.core.uploads.PrivateMediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible media for deployments with several app servers; credentials come from the usual AWS_* variables.
    _s3 = {
        "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
        "default_acl": None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None},
    }
    # Private files under their own prefix, readable only through short-lived signed URLs handed out by the view.
    STORAGES["private"] = {
        "BACKEND": "website.core.uploads.PrivateS3Storage",
        "OPTIONS": {**_s3, "location": "private", "querystring_auth": True, "querystring_expire": 300},
    }
# Public media (avatars, covers, renditions) from local disk with production settings: Django serves MEDIA_URL itself
# unless the web server does (then set SERVE_MEDIA=false). Off by default when media live on S3.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not env("AWS_STORAGE_BUCKET_NAME"))
# Guide documents always go through Wagtail's view, which checks the collection's restriction; never a redirect to
# the storage's own URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Staging copies set ROBOTS_DISALLOW_ALL=true so /robots.txt asks crawlers to keep out of the whole site.
ROBOTS_DISALLOW_ALL = env_bool("ROBOTS_DISALLOW_ALL", False)
if PRIVATE_MEDIA_ACCEL:
    SENDFILE_BACKEND = "website.core.media"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o644

# --- E-mail ---------------------------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "社群运营 <noreply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Security -------------------------------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
# Behind the proxy every request comes from its address: per-IP limits read the one X-Forwarded-For entry it adds.
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if env_bool("BEHIND_TLS_PROXY", False) else 0
SESSION_COOKIE_HTTPONLY = True
# Sessions read from the shared cache, written through to the database: a signed-in request costs no session query,
# and with Redis flushed or down (the fail-soft cache answers a miss) the session is read from the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# SAMEORIGIN, not DENY: Wagtail's live preview shows the page in an iframe of the admin.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The site uses none of these; a third-party script or frame cannot either.
PERMISSIONS_POLICY = dict.fromkeys(
    ["accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb"], ()
)


# --- Content-Security-Policy (django-csp) ---------------------------------------------------------------------------
# Public site: only this origin's scripts and styles, no inline code (a nonce for any that must be inline), images
# also from the media host. The Wagtail admin still needs inline styles and scripts, so it has a policy of its own.
def _origin(url):
    from urllib.parse import urlsplit

    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _media_origins():
    origins = [_origin(MEDIA_URL)]
    if env("AWS_STORAGE_BUCKET_NAME"):
        if env("AWS_S3_CUSTOM_DOMAIN"):
            origins.append(f"https://{env('AWS_S3_CUSTOM_DOMAIN')}")
        elif env("AWS_S3_ENDPOINT_URL"):
            origins.append(_origin(env("AWS_S3_ENDPOINT_URL")))
        else:
            origins.append(f"https://{env('AWS_STORAGE_BUCKET_NAME')}.s3.amazonaws.com")
    origins += env_list("CSP_EXTRA_IMG_SRC")
    return [origin for origin in dict.fromkeys(origins) if origin]


_CSP_COMMON = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", *_media_origins()],
    "media-src": ["'self'", *_media_origins()],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": [*_CSP_COMMON["img-src"], "blob:"],
        "font-src": ["'self'", "data:"],
    }
}
CSP_ADMIN_PATH_PREFIXES = ("/admin/",)

# --- Wagtail --------------------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", "社群运营")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Staff and members sign in through the same allauth page, so e-mail verification and rate limits apply to both.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("WAGTAILIMAGES_MAX_IMAGE_PIXELS", 40_000_000)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third-party avatar service: the admin must work offline and without sending e-mail hashes abroad.
WAGTAIL_GRAVATAR_PROVIDER_URL = None


# Anonymous-page fragments (navigation, footer) live this long unless a publish clears them first.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 600)

# Full-page cache for anonymous visitors (website.core.page_cache). Entries live PAGE_CACHE_SECONDS in the shared cache
# (invalidation is exact: publishes and data changes purge what they show); proxies and browsers may keep an anonymous
# page PAGE_CACHE_PROXY_SECONDS (Cache-Control: public, max-age). On by default where the cache is shared (Redis): with
# the local-memory cache each server process keeps its own copies, and a purge reaches only the process that made the
# change, so several processes would serve stale pages (dev.py and test.py, one process each, switch it on).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", bool(REDIS_URL))
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_PROXY_SECONDS = env_int("PAGE_CACHE_PROXY_SECONDS", 60)
# Wagtail's frontend-cache purges (page publish/unpublish, purge_urls_from_cache) bump the page cache's generations.
# A CDN is added later as a second entry here and receives the same purges.
WAGTAILFRONTENDCACHE = {"pagecache": {"BACKEND": "website.core.page_cache.PageCacheBackend"}}

# --- Logs -----------------------------------------------------------------------------------------------------------
# A line per request, every record tagged with its request and member ids (website.core.logging, request_log);
# LOG_FORMAT "text" for a terminal, "json" (production's default) for a log collector.
LOG_FORMAT = env("LOG_FORMAT", "text")
LOGGING = logging_config(LOG_FORMAT, level=env("LOG_LEVEL", "INFO"))
# Statements slower than this many milliseconds are logged with their SQL, never their parameters; 0 turns it off.
SLOW_QUERY_MS = env_int("SLOW_QUERY_MS", 500)
# /readyz also answers 503 until every migration is applied (on in production: a new release waits for `migrate`).
READY_CHECK_MIGRATIONS = env_bool("READY_CHECK_MIGRATIONS", False)

# Group covers and chat QR codes uploaded by leaders.
GROUP_IMAGE_MAX_UPLOAD_SIZE = env_int("GROUP_IMAGE_MAX_UPLOAD_SIZE", 5 * 1024 * 1024)
GROUP_IMAGE_MAX_PIXELS = env_int("GROUP_IMAGE_MAX_PIXELS", 25_000_000)
