"""WijkWijzer settings, read from environment variables with safe local defaults.

With nothing set the site runs locally (DEBUG on, embedded PostgreSQL). With
``DEBUG=0`` it runs as in production and refuses to start without ``SECRET_KEY``.
"""

import datetime
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from wijkwijzer.database import database_url, django_database
from wijkwijzer.mailers import mailers_from_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


# On for a local run, where nothing is set. A deployment names its hosts (ALLOWED_HOSTS): there DEBUG is off unless
# asked for, so that a forgotten DEBUG=0 shows no tracebacks and needs a SECRET_KEY of its own (the development key
# below is public).
DEBUG = env_bool("DEBUG", not os.environ.get("ALLOWED_HOSTS"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-not-for-production-use-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The public address of the site, used for absolute links (mail, feeds, calendars).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "wijkwijzer.apps.TagsConfig",  # django-taggit, named in Dutch
    "wijkwijzer",
    "partners",
    "themes",
    "articles",
    "calls",
    "events",
    "search",
    "newsletter",
    "editors",
    "simple_history",
    "axes",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 for every page; a Dutch 503 when PostgreSQL is down; the anonymous page cache (before the
    # session, so that a cached page costs no session or database work). See wijkwijzer/caching.py.
    "django.middleware.http.ConditionalGetMiddleware",
    "wijkwijzer.outage.DatabaseOutageMiddleware",
    "wijkwijzer.caching.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # An address with an old slug, where the view found nothing: a permanent redirect to the current one.
    "editors.redirects.OldSlugRedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wijkwijzer.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wijkwijzer.context_processors.site",
                "wijkwijzer.preview.context_processor",
            ],
            # {% url %} with a memory (wijkwijzer/reversing.py) and {% include %} compiled in place, instead of
            # Django's own tags.
            "builtins": ["wijkwijzer.templatetags.remembered_urls", "wijkwijzer.templatetags.inlined_includes"],
            # {% load i18n %}: Django's library, with translations remembered per language (same output).
            "libraries": {"i18n": "wijkwijzer.templatetags.remembered_i18n"},
        },
    },
]
# That override is deliberate: the check that warns about two template tag modules named "i18n" (Django's and
# ours, which re-exports Django's tags) is silenced for it.
SILENCED_SYSTEM_CHECKS = ["templates.W003"]

WSGI_APPLICATION = "wijkwijzer.wsgi.application"

DATABASES = {"default": django_database(database_url(BASE_DIR))}
if os.environ.get("TEST_DATABASE_NAME"):
    # Lets several test runs share one PostgreSQL server without stepping on each other.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
# An optional read replica for the pages anonymous readers see (wijkwijzer/replica.py).
DATABASE_ROUTERS = ["wijkwijzer.replica.ReplicaRouter"]
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = django_database(os.environ["DATABASE_REPLICA_URL"].strip())
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, except that Redis being down means ‘no cache’ rather than an error.
            "BACKEND": "wijkwijzer.caching.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "wijkwijzer",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}}
# Each process's own memory, for values that never change once written (a version of a calendar feed, under a key
# that changes with it), so that they need not come from the shared cache on every request.
CACHES["process"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "process",
    "OPTIONS": {"MAX_ENTRIES": 64},
}
# Anonymous pages are cached at most this long (and never past the next scheduled change; wijkwijzer/caching.py).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the site speaks Dutch, times are Amsterdam's.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Static files and uploads.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
# Uploads on S3-compatible object storage (django-storages) when a bucket is configured, so that any number of
# app servers share them; credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (docs/deployment.md).
S3_BUCKET = os.environ.get("S3_BUCKET", os.environ.get("AWS_STORAGE_BUCKET_NAME", "")).strip()
S3_CUSTOM_DOMAIN = os.environ.get("S3_CUSTOM_DOMAIN", "").strip()
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "custom_domain": S3_CUSTOM_DOMAIN or None,
            "location": os.environ.get("S3_PREFIX", "media"),
            "file_overwrite": False,
            "querystring_auth": env_bool("S3_QUERYSTRING_AUTH", not S3_CUSTOM_DOMAIN),
        },
    }

# Security. The policy allows nothing from another host and no inline code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([f"https://{S3_CUSTOM_DOMAIN}"] if S3_CUSTOM_DOMAIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Behind a TLS-terminating proxy in production; local runs are plain HTTP.
HTTPS = env_bool("HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

MAILERS = mailers_from_url(os.environ.get("EMAIL_URL", ""))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "WijkWijzer <nieuwsbrief@wijkwijzer.org>")
# The e-mail service's bounce and complaint webhooks ("user:password", HTTP basic auth): without it they answer 404.
ANYMAIL = {"WEBHOOK_SECRET": os.environ["ANYMAIL_WEBHOOK_SECRET"]} if os.environ.get("ANYMAIL_WEBHOOK_SECRET") else {}

# Background tasks (the newsletter is sent by them): stored in the database, run by
# `manage.py db_worker` (see README, "Newsletter").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOGIN_URL = "admin:login"

# Admin logins: after AXES_FAILURE_LIMIT wrong passwords for one username from one IP address, that pair is
# locked out for AXES_COOLOFF_TIME (django-axes). ModelBackend refuses inactive users, so deactivating a user
# ends his sessions at his next request.
AUTHENTICATION_BACKENDS = ["editors.lockout.LoginLockoutBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind the TLS proxy the visitor's address, not the proxy's: else five wrong passwords from anywhere would lock
# the username out for everyone.
AXES_CLIENT_IP_CALLABLE = "wijkwijzer.proxies.client_address"
# How many proxies append to X-Forwarded-For before a request reaches gunicorn: 1 for the TLS proxy of one machine,
# 2 with a load balancer in front of it (docs/deployment.md).
PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "1"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "editors.lockout.lockout_response"
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Lists show this many items a page.
PAGE_SIZE = int(os.environ.get("PAGE_SIZE", "12"))
