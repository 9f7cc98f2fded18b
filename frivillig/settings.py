"""Settings for frivillig, read from the environment.

Every variable read here is documented in README.md ("Configuration"). Without any of them the app
runs on embedded defaults: SQLite and Celery's filesystem broker under var/, e-mails as files.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # Only the embedded local setup (SQLite under var/, no DATABASE_URL) may run without a real key;
    # a deployment names its database, and then must set a key too.
    if not (DEBUG or env_bool("FRIVILLIG_ALLOW_INSECURE_KEY", False) or not os.environ.get("DATABASE_URL")):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    # Only reached for local development and tests: production without SECRET_KEY is refused just above.
    SECRET_KEY = "django-insecure-local-development-key-do-not-use-in-production"  # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The Django admin, for the platform's operators (superusers) only, titled frivillig.
    "frivillig.admin_site.FrivilligAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "volunteers",
    "agreements",
    "meetings",
    "strategies",
    "evaluation",
    "documents",
    "audit",
    "accounts",
    "administration",
    "frivillig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database or Redis outage in a view: 503 with the Danish page (handler500 does it elsewhere).
    "core.middleware.ServiceUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL or bytes that are not UTF-8 in the path, query or cookies: 400, in the user's language,
    # before the session or the user is read from the database.
    "core.middleware.MalformedInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: no-store, private on whatever a logged-in user is sent.
    "core.middleware.PrivateResponsesMiddleware",
    # request.user.is_verified(): whether this session passed the second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # After a password login an administrator's session reaches only the second-factor pages until a
    # code is given (accounts/second_factor.py); sessions of single sign-on are not marked.
    "accounts.second_factor.SecondFactorMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "volunteers.access.OrganisationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change in the agreements' history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "frivillig.urls"
WSGI_APPLICATION = "frivillig.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "frivillig.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in CI and production).
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'frivillig.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "volunteers.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# The name the authenticator apps show beside the administrator's username (django-otp's TOTP devices).
OTP_TOTP_ISSUER = "frivillig"
LOGOUT_REDIRECT_URL = "login"

# Lock a username/IP pair out after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind reverse proxies the client's address is in X-Forwarded-For; without this every login would
# share the proxy's address and one user's failures would lock out everyone with that user name.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"

# Language and formats: Danish first, English available.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Each language's own date formats (frivillig/formats/<language>/formats.py); templates and code name
# a format (DATE_FORMAT, SHORT_DATE_FORMAT, WEEKDAY_DATE_FORMAT, …), never spell one out.
FORMAT_MODULE_PATH = ["frivillig.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LANGUAGE_COOKIE_NAME = "frivillig_language"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages from the npm registry (package.json), served by the app itself.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploads are never served from MEDIA_URL (no URL pattern serves it): the download views check who may
# see each file and stream it through the storage.
MEDIA_URL = "media/"
# Uploaded files: the file system under MEDIA_ROOT (one web server, or a shared volume), or with
# MEDIA_STORAGE=s3 a private bucket on any S3-compatible service (AWS, MinIO, Ceph, ...) that every web
# server and worker reaches (django-storages). Both are documented in README.md ("Configuration").
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem").strip().lower()
if MEDIA_STORAGE == "filesystem":
    _media_storage: dict[str, Any] = {"BACKEND": "core.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            # Unset: AWS itself; otherwise the service's address, e.g. https://s3.example.dk for MinIO.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # Folder inside the bucket, so that one bucket can serve several installations.
            "location": os.environ.get("AWS_LOCATION", ""),
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            # Objects stay private; the app streams them to those allowed to see them.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            # The keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an instance role), read
            # by boto3 itself, so they never appear in the settings.
        },
    }
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'filesystem' or 's3', not {MEDIA_STORAGE!r}.")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Redis, when set, carries Celery's broker and Django's cache; otherwise both stay embedded.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    # A task whose worker died before acknowledging it (late acks) is handed out again once this many
    # seconds have passed since it was first delivered (it must be longer than the longest task); the
    # workers look for such tasks every 10 s.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = {
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
        "unacked_restore_throttle": 1,
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "filesystem://"
    # kombu's filesystem transport: producers and the worker exchange messages as files here.
    _broker_dir = VAR_DIR / "celery"
    for _folder in ("queue", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
    }
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "frivillig.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
    "forget-old-login-attempts": {
        "task": "frivillig.tasks.forget_old_login_attempts",
        "schedule": crontab(hour=3, minute=30),
    },
    "forget-old-imports": {
        "task": "volunteers.tasks.forget_old_imports",
        "schedule": crontab(hour=3, minute=45),
    },
    "agreement-review-reminders": {
        "task": "agreements.tasks.send_review_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    "meeting-reminders": {
        "task": "meetings.tasks.send_meeting_reminders",
        "schedule": crontab(hour=6, minute=5),
    },
    "evaluation-reminders": {
        "task": "evaluation.tasks.send_evaluation_reminders",
        "schedule": crontab(hour=6, minute=10),
    },
    "unsent-hand-offs": {
        "task": "volunteers.tasks.send_unsent_handoffs",
        "schedule": crontab(minute=20),
    },
    "unsent-invitations": {
        "task": "accounts.tasks.send_unsent_invitations",
        "schedule": crontab(minute=25),
    },
}
# FRIVILLIG_BEAT_EVERY_SECONDS=N: every beat task runs every N seconds instead of at its hour, so that
# the system tests (tests/system) see beat send the reminders within seconds. Never in production.
_beat_every = int(os.environ.get("FRIVILLIG_BEAT_EVERY_SECONDS") or 0)
if _beat_every > 0:
    for _entry in CELERY_BEAT_SCHEDULE.values():
        _entry["schedule"] = timedelta(seconds=_beat_every)

# E-mail: SMTP when EMAIL_HOST is set, otherwise one file per message under var/mail.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "frivillig <noreply@frivillig.local>")
# The app's own address, for links in e-mails sent outside a request (reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Single sign-on (accounts.oidc): the key the organisations' client secrets are encrypted with (derived
# from SECRET_KEY when empty; changing it means entering the secrets again), and how long to wait for a
# provider's answer.
SIGN_ON_SECRET_KEY = os.environ.get("SIGN_ON_SECRET_KEY", "")
SIGN_ON_TIMEOUT_SECONDS = int(os.environ.get("SIGN_ON_TIMEOUT_SECONDS", "10"))
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. HTTPS=1 in production turns on the redirect, secure cookies and HSTS together, so that
# local http://127.0.0.1 keeps working without it.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
