"""Django settings for Tian, read from the environment (see README, 配置)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from tian.lib.env import envbool, envint, envlist, secret_key

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("TIAN_VAR_DIR", Path.cwd() / "var")).resolve()
# The SQLite file and uploads live here; a new installation starts with the folder missing.
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = secret_key(VAR_DIR)
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "tian.lib",
    "tian.audit",
    "tian.directory",
    "tian.proposals",
    "tian.workflow",
    "tian.handling",
    "tian.supervision",
    "tian.ledgers",
    "tian.evaluation",
    "tian.reports",
    "tian.portal",
    "tian.notifications",
    "tian.demo",
    "tian.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tian.audit.middleware.AuditSourceMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the session and CSRF middleware: it sees the cookies and Vary they add.
    "tian.lib.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tian.directory.middleware.AccountSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Below messages: after an action it adds "已通知:…" (who was told, and how).
    "tian.notifications.middleware.ToldMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tian.urls"
WSGI_APPLICATION = "tian.wsgi.application"

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
                "tian.directory.context.roles",
                "tian.notifications.context.unread_count",
                "tian.navigation.main_nav",
            ],
            "builtins": ["tian.lib.templatetags.tian", "tian.audit.templatetags.audit_tags"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'tian.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the server and the task worker share one file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "directory.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "tian.directory.passwords.ComplexityValidator"},
    {"NAME": "tian.directory.passwords.HistoryValidator"},
]
# 等保三级: passwords expire and may not repeat the last few; 0 days = no expiry.
TIAN_PASSWORD_MAX_AGE_DAYS = envint("TIAN_PASSWORD_MAX_AGE_DAYS", 90)
TIAN_PASSWORD_HISTORY = envint("TIAN_PASSWORD_HISTORY", 5)
# A session ends after this many idle minutes; every request renews it.
SESSION_COOKIE_AGE = envint("TIAN_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
OTP_TOTP_ISSUER = os.environ.get("TIAN_OTP_ISSUER", "Tian 提案办理平台")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 30) / 60
# Lock a username from one address only, so that nobody elsewhere can lock an account out
# (the security admin's above all); a whole office shares one NAT address, so the per-address
# limit, counted over every username, is much higher.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "tian.directory.lockout.LockoutHandler"
TIAN_LOGIN_IP_FAILURE_LIMIT = envint("TIAN_LOGIN_IP_FAILURE_LIMIT", 30)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# HSTS preloading is a promise about every subdomain of the site's domain (often a whole
# government's), made by submitting it to browsers' lists: the operator's decision, not ours.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
TIAN_ATTACHMENT_MAX_BYTES = envint("TIAN_ATTACHMENT_MAX_MB", 20) * 1024 * 1024
# Behind nginx: the internal location that serves MEDIA_ROOT (deploy/nginx/tian.conf); Tian
# checks and audits each download, then hands the sending to nginx with X-Accel-Redirect.
TIAN_MEDIA_ACCEL_REDIRECT = os.environ.get("TIAN_MEDIA_ACCEL_REDIRECT", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tian@localhost")

TIAN_SMS_BACKEND = os.environ.get("TIAN_SMS_BACKEND", "tian.notifications.sms.LoggingSmsBackend")
# The gateway's code for each registered text template, as JSON: {"tian_todo": "SMS_270105"}.
TIAN_SMS_TEMPLATE_CODES = json.loads(os.environ.get("TIAN_SMS_TEMPLATE_CODES") or "{}")
TIAN_SITE_URL = os.environ.get("TIAN_SITE_URL", "")
TIAN_STALLED_DAYS = envint("TIAN_STALLED_DAYS", 30)
# The annual report's disclosure header (信息公开); a session's report may override each.
TIAN_REPORT_PUBLISHER = os.environ.get("TIAN_REPORT_PUBLISHER", "")
TIAN_REPORT_VALIDITY = os.environ.get("TIAN_REPORT_VALIDITY", "有效")
TIAN_REPORT_INDEX_PREFIX = os.environ.get("TIAN_REPORT_INDEX_PREFIX", "")
# Reminder escalation (催办), as JSON; unset = the schedule in tian.supervision.reminders.sweep.
TIAN_REMINDER_SCHEDULE = json.loads(os.environ.get("TIAN_REMINDER_SCHEDULE") or "null")

# /healthz fails when a background task has waited longer than this, or uploads have less room.
TIAN_HEALTH_TASK_MAX_AGE_SECONDS = envint("TIAN_HEALTH_TASK_MAX_AGE_SECONDS", 900)
TIAN_HEALTH_MIN_FREE_MB = envint("TIAN_HEALTH_MIN_FREE_MB", 500)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# The audit log (审计日志): the hash chain's key (unset: derived from SECRET_KEY — set it, and
# keep it, in production), and the proxies whose X-Forwarded-For is believed (addresses/CIDR).
TIAN_AUDIT_KEY = os.environ.get("TIAN_AUDIT_KEY", "")
TIAN_TRUSTED_PROXIES = envlist("TIAN_TRUSTED_PROXIES", [])

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if SESSION_COOKIE_SECURE:
    # Served over HTTPS behind a proxy that terminates TLS and says so in X-Forwarded-Proto
    # (the proxy must set that header itself, never pass a client's through).
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)

# Scripts only from our own static files: no inline script, no eval, no plugins, no framing.
# Styles also allow inline ones: progress bars set their width in a style attribute, and
# ECharts' tooltips (HTML) colour their markers the same way.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
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
