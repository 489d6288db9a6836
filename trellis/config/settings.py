"""Trellis settings: one module, configured by environment variables.

TRELLIS_ENV        development (default) | production | test
SECRET_KEY         required in production
DATABASE_URL       default: SQLite file under TRELLIS_DATA_DIR; e.g. postgres://127.0.0.1:5432/trellis
ALLOWED_HOSTS      comma-separated; default 127.0.0.1,localhost
TRELLIS_DATA_DIR   where the SQLite database and uploads live; default ./var
TRELLIS_DEMO       1 = demo mode: the demo school's published sign-ins work (never in production)
TRELLIS_SITE_URL   the address people open Trellis at, for links in emails; default http://127.0.0.1:8000
EMAIL_BACKEND      default: the console (emails are printed); DEFAULT_FROM_EMAIL the sender
TRELLIS_READ_AUDIT_DURABLE  1 = PostgreSQL writes a page's read events to disk before the page is sent
                   (default: within a fraction of a second after; docs/adr/0012-writes-on-postgresql.md)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BASE_DIR.parent


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


ENVIRONMENT = os.environ.get("TRELLIS_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = _env_bool("DEBUG", default=False)
DEMO_MODE = _env_bool("TRELLIS_DEMO") and not PRODUCTION

DATA_DIR = Path(os.environ.get("TRELLIS_DATA_DIR", REPO_DIR / "var")).resolve()

if PRODUCTION:
    SECRET_KEY = os.environ["SECRET_KEY"]
else:
    # A fixed key is fine off production: it signs nothing that leaves this machine.
    SECRET_KEY = os.environ.get(
        "SECRET_KEY", "development-only-key-never-used-in-production-0123456789abcdef"
    )

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "trellis.apps.audit",
    "trellis.apps.accounts",
    "trellis.apps.rosters",
    "trellis.apps.frameworks",
    "trellis.apps.learning",
    "trellis.apps.evidence",
    "trellis.apps.growth",
    "trellis.apps.pathways",
    "trellis.apps.imports",
    "trellis.cli",
    "trellis.web.components",
    "trellis.web.learn",
    "trellis.web.advise",
    "trellis.web.teach",
    "trellis.web.family",
    "trellis.web.manage",
    "trellis.web.records",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "trellis.web.components.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "trellis.web.components.middleware.PrivatePagesMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trellis.config.urls"
WSGI_APPLICATION = "trellis.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "trellis.web.components.context.navigation",
            ],
        },
    }
]

_default_db = f"sqlite:///{DATA_DIR / 'trellis.sqlite3'}"
if "DATABASE_URL" not in os.environ:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while one writer commits; IMMEDIATE avoids upgrade deadlocks.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "trellis.apps.accounts.backends.TrellisBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# django-axes: lock a username+IP pair after 5 failures; the sign-in page answers the same way whether or
# not the account exists, so lockout never reveals which usernames are real.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TRELLIS_TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # Off production, whitenoise serves from the apps' folders; an empty root keeps it from warning.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "uploads"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ROSTER_UPLOAD_MAX_BYTES = 200 * 1024 * 1024
# A learner's uploaded work (learning.Submission): size cap; the allowed types are in learning/uploads.py.
TRELLIS_SUBMISSION_MAX_BYTES = int(os.environ.get("TRELLIS_SUBMISSION_MAX_BYTES", str(20 * 1024 * 1024)))

# Content Security Policy: no inline script or style anywhere, so no 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10  # a school day
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Group statistics never show groups smaller than this (DOMAIN.md).
# Off: a page that only reads commits its audit read events without waiting for the disk (ADR 0012).
TRELLIS_READ_AUDIT_DURABLE = _env_bool("TRELLIS_READ_AUDIT_DURABLE")
TRELLIS_MIN_GROUP_SIZE = int(os.environ.get("TRELLIS_MIN_GROUP_SIZE", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Axes logs usernames on failure; keep personal data out of logs.
    "loggers": {"axes": {"level": "WARNING"}},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Trellis <trellis@localhost>")
# Emails carry links, never content; this is where the links point.
TRELLIS_SITE_URL = os.environ.get("TRELLIS_SITE_URL", "http://127.0.0.1:8000")
