"""forcegen settings: one file, every value read from the environment through typed helpers.

Defaults are safe: DEBUG is off, a secret key is required unless FORCEGEN_DEMO is set, and the
embedded SQLite database lives under var/. Set DATABASE_URL=postgres://... for production.
"""

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# --- Core ------------------------------------------------------------------------------------
DEMO = env_bool("FORCEGEN_DEMO")
DEBUG = env_bool("FORCEGEN_DEBUG")
DATA_DIR = Path(env_str("FORCEGEN_DATA_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("FORCEGEN_SECRET_KEY")
if not SECRET_KEY:
    if not (DEMO or DEBUG):
        raise ImproperlyConfigured(
            "FORCEGEN_SECRET_KEY is required outside demo mode (set FORCEGEN_DEMO=1 for a demo)."
        )
    SECRET_KEY = "forcegen-demo-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("FORCEGEN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("FORCEGEN_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "forcegen.core.errors.csrf_failure"  # in the shell, in the user's language

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "auditlog",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "forcegen.core",
    "forcegen.accounts",
    "forcegen.personnel",
    "forcegen.deployments",
    "forcegen.planning",
    "forcegen.training",
    "forcegen.units",
    "forcegen.documents",
    "forcegen.logistics",
    "forcegen.cooperation",
    "forcegen.insights",
    "forcegen.reminders",  # above every app whose records it watches
]

MIDDLEWARE = [
    "forcegen.core.middleware.ServerHeaderMiddleware",
    "forcegen.core.middleware.ApiMethodNotAllowedMiddleware",
    "forcegen.core.middleware.KeptVersionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "forcegen.accounts.middleware.ActiveOrganisationMiddleware",
    "forcegen.core.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forcegen.core.context_processors.shell",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'forcegen.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users, roles, login ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "forcegen.accounts.backends.PasswordBackend",
    "forcegen.accounts.backends.MembershipBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_int("FORCEGEN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("FORCEGEN_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
# Per account (a second address does not get round it; an administrator unlocks it in the admin,
# Axes > Access attempts) and per address (one address trying many accounts: password spraying).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

DEMO_PASSWORD = env_str("FORCEGEN_DEMO_PASSWORD", "peacekeeping")
# The name authenticator apps show beside the code.
OTP_TOTP_ISSUER = env_str("FORCEGEN_TOTP_ISSUER", "forcegen")

# --- Security headers ------------------------------------------------------------------------
HTTPS = env_bool("FORCEGEN_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_HTTPONLY = True
# Database sessions, each row kept between requests until anything is written.
SESSION_ENGINE = "forcegen.accounts.sessions"
SESSION_COOKIE_AGE = env_int("FORCEGEN_SESSION_HOURS", 12) * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # the API docs draw their icons as data: URLs
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Languages -------------------------------------------------------------------------------
LANG_INFO["lo"] = {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"}
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("lo", _("Lao")),
    ("vi", _("Vietnamese")),
    ("fr", _("French")),
]
# Each app keeps its catalog in <app>/locale; listed here so our wording wins over Django's own
# catalogs for shared msgids ("Log in", "Remove").
LOCALE_PATHS = sorted(BASE_DIR.glob("forcegen/*/locale"))
USE_I18N = True
TIME_ZONE = env_str("FORCEGEN_TIME_ZONE", "UTC")
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "/static/"
# Production runs collectstatic into FORCEGEN_STATIC_ROOT: whitenoise then serves the collected,
# hashed and gzip-compressed copies with far-future cache headers. Without it (development, demo)
# the files are served straight from the apps, with no collectstatic step.
STATIC_ROOT = env_str("FORCEGEN_STATIC_ROOT") or None
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("FORCEGEN_MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "FORCEGEN_STATIC_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_ROOT
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = STATIC_ROOT is None
WHITENOISE_AUTOREFRESH = DEBUG

# --- Background tasks ------------------------------------------------------------------------
# The database backend needs no extra server; `manage.py db_worker` runs the queue.
TASKS = {
    "default": {"BACKEND": env_str("FORCEGEN_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}
}

# --- E-mail (reminders) ---------------------------------------------------------------------
# SMTP when a host is configured; otherwise messages are written to the console (the demo).
EMAIL_HOST = env_str("FORCEGEN_EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("FORCEGEN_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("FORCEGEN_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("FORCEGEN_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("FORCEGEN_EMAIL_TLS")
DEFAULT_FROM_EMAIL = env_str("FORCEGEN_EMAIL_FROM", "forcegen@localhost")
# The address links in e-mails start with.
FORCEGEN_BASE_URL = env_str("FORCEGEN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Audit trail -----------------------------------------------------------------------------
# Every model is audited except framework bookkeeping; new domain apps are covered automatically.
AUDITLOG_INCLUDE_ALL_MODELS = True
AUDITLOG_EXCLUDE_TRACKING_MODELS = (
    "admin",
    "auth",
    "contenttypes",
    "sessions",
    "axes",
    "django_tasks_database",
    "accounts.apitoken",
    # Second-factor secrets and recovery codes never enter the audit trail.
    "otp_totp",
    "otp_static",
    # A UN file's bytes waiting for their import job; the job and the imported file are audited.
    "insights.unupload",
    # An inventory file's bytes waiting for their import job; the imported items are audited.
    "logistics.inventoryupload",
)
AUDITLOG_EXCLUDE_TRACKING_FIELDS = ("password", "last_login", "created_at", "updated_at")
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- API -------------------------------------------------------------------------------------
API_PAGE_SIZE = env_int("FORCEGEN_API_PAGE_SIZE", 50)
NINJA_PAGINATION_PER_PAGE = API_PAGE_SIZE
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 500
NINJA_PAGINATION_CLASS = "forcegen.core.pagination.Pagination"

# --- Logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("FORCEGEN_LOG_LEVEL", "WARNING")},
}
