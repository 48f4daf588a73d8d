"""Django settings: SQLite and local files by default, PostgreSQL when DATABASE_URL is set.

Everything an operator may change comes from the environment: ``DATABASE_URL``,
``SKILLAWARD_DATA`` (where the SQLite file and uploads live, default ``./var``),
``SKILLAWARD_SECRET_KEY``, ``SKILLAWARD_DEBUG`` and ``SKILLAWARD_ALLOWED_HOSTS``; for a real
deployment also ``SKILLAWARD_HTTPS``, ``SKILLAWARD_PROXY_SSL_HEADER``, ``SKILLAWARD_HSTS_SECONDS``
and ``SKILLAWARD_CSRF_TRUSTED_ORIGINS`` (see the deployment section below and the README).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("SKILLAWARD_DATA", "var")).resolve()

DEVELOPMENT_SECRET_KEY = "skillaward-insecure-development-key"
SECRET_KEY = os.environ.get("SKILLAWARD_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
DEBUG = os.environ.get("SKILLAWARD_DEBUG", "") == "1"
# `skillaward demo` sets this: the demonstration site may run on the development key.
SKILLAWARD_DEMO = os.environ.get("SKILLAWARD_DEMO", "") == "1"
ALLOWED_HOSTS = os.environ.get("SKILLAWARD_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "skillaward.audit",
    "skillaward.organisations",
    "skillaward.campaigns",
    "skillaward.review",
    "skillaward.publicity",
    "skillaward.panels",  # issue 10: expert review on the platform
    "skillaward.registry",
    "skillaward.downloads",
    "skillaward.holidays",  # §5: holiday schedules uploaded for years after 2026
    "skillaward.web",
    "django_tasks_db",  # §6: background document jobs, stored in the platform's database
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # §4: static files without a separate server
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "skillaward.web.middleware.no_store_when_signed_in",  # §4: personal data is never cached
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "skillaward.web.urls"
WSGI_APPLICATION = "skillaward.web.wsgi.application"

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
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'skillaward.sqlite3'}", conn_max_age=60
    )
}

AUTH_USER_MODEL = "organisations.Account"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"  # phases open and close on Beijing time (CC3-15, BJ24-11)
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploads: photos and supporting files are checked by content, and refused above this size.
SKILLAWARD_MAX_UPLOAD_BYTES = int(os.environ.get("SKILLAWARD_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = SKILLAWARD_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Messages live in the session (written on every request anyway, SESSION_SAVE_EVERY_REQUEST),
# so one meant for an account ends with its login and never shows to the next on that browser.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Hardening (issue 13 §1-3): SQLite under load, logins, sessions, passwords --------------
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Many writers on a deadline day: readers never wait for writers (WAL), a write transaction
    # takes the lock when it starts (IMMEDIATE, so it never fails half-way on upgrading a read
    # lock) and waits up to 20 s for it; a lock still held then is a Chinese "please retry".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
MIDDLEWARE.insert(1, "skillaward.web.middleware.BusyDatabaseMiddleware")
# Logins: 5 wrong passwords for one account from one address lock it there for 30 minutes
# (等保 2.0 登录失败处理), answered in Chinese; weak passwords refused; 30 idle minutes end a
# session (every request moves its end on).
INSTALLED_APPS.append("axes")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    "skillaward.web.auth.LoginLockout",
    "skillaward.web.auth.Accounts",  # issue 15 §3: the account with its organisation
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AUTH_PASSWORD_VALIDATORS += [
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
# The public objection form's rate limits count in Django's cache (the default, per process,
# is enough for one server process; set a shared cache when running several).
OBJECTION_RATE_PER_ADDRESS = "5/h"
OBJECTION_RATE_PER_NOTICE = "60/h"
OBJECTION_LOOKUP_RATE = "30/h"  # lookups of an objection's outcome from one address
# --- end of hardening block ----------------------------------------------------------------

# --- deployment (issue 13 §4) ------------------------------------------------------------------
# Behind HTTPS (SKILLAWARD_HTTPS=1): cookies only over TLS, HTTP redirected, HSTS. Behind a
# reverse proxy that terminates TLS (SKILLAWARD_PROXY_SSL_HEADER=1) the proxy's
# X-Forwarded-Proto says whether the request came in over HTTPS; set it only behind such a proxy.
HTTPS = os.environ.get("SKILLAWARD_HTTPS", "") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SKILLAWARD_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if os.environ.get("SKILLAWARD_PROXY_SSL_HEADER", "") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    origin for origin in os.environ.get("SKILLAWARD_CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# A server error's traceback goes to standard error and to a file in the data directory.
LOG_FILE = Path(os.environ.get("SKILLAWARD_LOG_FILE", DATA_DIR / "skillaward-errors.log"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "file": {
            # Opened at the first error (its directory made then), so a read-only checkout starts.
            "class": "skillaward.web.logfile.DataDirectoryFileHandler",
            "filename": str(LOG_FILE),
            "level": "ERROR",
            "formatter": "plain",
        },
    },
    "loggers": {
        "django": {"handlers": ["stderr", "file"], "level": "INFO" if DEBUG else "WARNING"},
        "skillaward": {"handlers": ["stderr", "file"], "level": "INFO"},
    },
}

# --- background jobs (issue 13 §6) -------------------------------------------------------------
# Bulk documents are built by `skillaward manage db_worker` from jobs stored in the database
# (no broker). SKILLAWARD_TASKS=immediate runs them inside the request (tests, a single box).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("SKILLAWARD_TASKS") == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}
# A single document's PDF is made in the request: past this many seconds it is given up with a
# Chinese "please retry" (below gunicorn's --timeout, so the worker is never killed mid-way).
PDF_WEB_TIMEOUT = float(os.environ.get("SKILLAWARD_PDF_WEB_TIMEOUT", 60))
