"""Settings, configured from the environment (C5). Every variable has a safe default."""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("XINGPING_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key():
    """SECRET_KEY from the environment, else generated once and kept under var/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _data_key():
    """XINGPING_DATA_KEY (128-bit, hex or base64) from the environment, else generated
    once and kept under var/ like SECRET_KEY (core/crypto.py, docs/encryption.md)."""
    if os.environ.get("XINGPING_DATA_KEY"):
        return os.environ["XINGPING_DATA_KEY"].strip()
    path = VAR_DIR / "data_key"
    if not path.exists():
        path.write_text(secrets.token_hex(16))
        path.chmod(0o600)
    return path.read_text().strip()


# Personal data (complainants' phones and ID numbers, entity phones) is SM4-encrypted
# under this key; keys in XINGPING_DATA_KEYS_OLD still decrypt (during a rotation).
XINGPING_DATA_KEY = _data_key()
XINGPING_DATA_KEY_FILE = None if os.environ.get("XINGPING_DATA_KEY") else VAR_DIR / "data_key"
XINGPING_DATA_KEYS_OLD = [k.strip() for k in os.environ.get("XINGPING_DATA_KEYS_OLD", "").split(",") if k.strip()]
DEBUG = env_flag("DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",  # sign-in lockout (C11)
    "django_otp",  # two-factor sign-in: TOTP devices and single-use recovery codes
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # Xingping apps, one per domain (STYLE.md). Order: dependencies first.
    "xingping.core",
    "xingping.accounts",
    "xingping.orgs",
    "xingping.campaigns",
    "xingping.entities",
    "xingping.outreach",
    "xingping.cases",
    "xingping.evaluation",
    "xingping.rectification",
    "xingping.metrics",
    "xingping.publicity",
    "xingping.disclosure",
    "xingping.oversight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "xingping.core.request_memo.RequestMemoMiddleware",  # answers kept for the rest of a GET (data versions)
    "xingping.evaluation.middleware.BallotPostMiddleware",  # C7's public ballot POST, past the session stack
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xingping.accounts.middleware.IdleSessionMiddleware",  # renews the idle limit once a minute
    "django.middleware.common.CommonMiddleware",
    "xingping.core.text.ControlCharacterMiddleware",  # before anything reads request input
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "xingping.core.middleware.LanguageMiddleware",  # zh-hans unless chosen with the switch; never Accept-Language
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "xingping.core.middleware.AuditMiddleware",  # denied accesses and downloads (audit log)
    "django.contrib.messages.middleware.MessageMiddleware",
    "xingping.accounts.middleware.SignInGateMiddleware",  # session limit, second factor, expired password
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out attempt into the lockout page
]

if env_flag("XINGPING_QUERY_COUNT_HEADER"):  # benchmarks only (bench/pages.py)
    MIDDLEWARE.insert(0, "xingping.core.querycount.QueryCountMiddleware")

ROOT_URLCONF = "xingping.urls"
WSGI_APPLICATION = "xingping.wsgi.application"

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
                "xingping.core.context_processors.navigation",
            ],
        },
    }
]

# --- Database (C5): SQLite file under var/ by default; postgres://… selects PostgreSQL.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'xingping.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent as on PostgreSQL: opening a SQLite connection (file open, WAL and pragmas) and
    # closing it (a WAL checkpoint attempt) cost more than a ballot's whole write (issue 12).
    DATABASES["default"]["OPTIONS"] = {
        # Concurrent writers wait (busy timeout) instead of failing; IMMEDIATE takes the
        # write lock at BEGIN so a read-then-write transaction cannot deadlock.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
# A PostgreSQL streaming replica for reads that may lag (figures, dashboards, exports), when
# configured; writes and every other read stay on the primary (xingping/core/db_router.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60,
                                                  conn_health_checks=True)
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 2
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["xingping.core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses every attempt while locked out
    # ModelBackend loading the signed-in user with their unit and its parent (one query a
    # request, not three). Sessions signed in under ModelBackend's path before are signed out once.
    "xingping.accounts.backends.UserBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# --- Passwords (issue 9 part 3): a profile chosen by XINGPING_PASSWORD_PROFILE (docs/sign-in.md).
#   dengbao (default, 等保 2.0): >= 8 characters from 3 of upper/lower/digit/symbol, changed
#            every 90 days, none of the last 5 reused;
#   asvs    (OWASP ASVS v4.0.3 V2.1.1, V2.1.10): >= 12 characters, no rotation, no history.
XINGPING_PASSWORD_PROFILE = os.environ.get("XINGPING_PASSWORD_PROFILE", "dengbao").strip().lower() or "dengbao"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "xingping.accounts.passwords.ProfileLengthValidator"},
    {"NAME": "xingping.accounts.passwords.CharacterClassValidator"},
    {"NAME": "xingping.accounts.passwords.HistoryValidator"},
]

# --- Lockout (C11) with django-axes: XINGPING_LOCKOUT_FAILURES consecutive failures for a
# username, or from one client address across usernames, lock further attempts (even with
# the right password) for XINGPING_LOCKOUT_MINUTES. A success resets the count.
XINGPING_LOCKOUT_FAILURES = int(os.environ.get("XINGPING_LOCKOUT_FAILURES", 5))
XINGPING_LOCKOUT_MINUTES = int(os.environ.get("XINGPING_LOCKOUT_MINUTES", 30))
# Ballots are moved from the mixing buffer into the ballot store this many at a time, in a
# random order (evaluation/services/ballots.py, "Secrecy of cast order").
XINGPING_BALLOT_BATCH = int(os.environ.get("XINGPING_BALLOT_BATCH", 20))
AXES_FAILURE_LIMIT = XINGPING_LOCKOUT_FAILURES
AXES_COOLOFF_TIME = "xingping.accounts.lockout.cool_off"  # reads XINGPING_LOCKOUT_MINUTES
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counts on its own
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the window is fixed from the lockout
AXES_LOCKOUT_CALLABLE = "xingping.accounts.views.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "xingping.accounts.lockout.client_address"  # follows XINGPING_PROXY_HOPS
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are in the audit log (accounts/signals.py)
AXES_VERBOSE = False

# --- Two-factor sign-in with django-otp: TOTP, plus 10 single-use recovery codes.
# Mandatory for the roles in XINGPING_2FA_ROLES while XINGPING_REQUIRE_2FA is on (default);
# optional for everyone else (enrolment from the account page).
XINGPING_REQUIRE_2FA = env_flag("XINGPING_REQUIRE_2FA", default=True)
XINGPING_2FA_ROLES = [r.strip() for r in os.environ.get("XINGPING_2FA_ROLES", "office;inspector;auditor").split(";") if r.strip()]
OTP_TOTP_ISSUER = "Xingping"

# --- Sessions: idle timeout SESSION_IDLE_SECONDS (default 30 minutes, never below 10
# minutes: a smaller value is raised to 600), renewed on every request; an absolute limit
# of XINGPING_SESSION_ABSOLUTE_HOURS (default 12) from sign-in, whatever the activity.
SESSION_IDLE_SECONDS = max(600, int(os.environ.get("SESSION_IDLE_SECONDS", 30 * 60)))
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = False  # accounts.middleware.IdleSessionMiddleware renews it
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
XINGPING_SESSION_ABSOLUTE_HOURS = float(os.environ.get("XINGPING_SESSION_ABSOLUTE_HOURS", 12))

# --- Content-Security-Policy (C11): no inline script or style anywhere; JavaScript and CSS
# are static files, chart data travels in <script type="application/json"> blocks.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- HTTPS (C5). On by default outside DEBUG; an intranet on plain HTTP, or a proxy that
# terminates TLS elsewhere and forwards plain HTTP, sets XINGPING_HTTPS=0.
HTTPS = env_flag("XINGPING_HTTPS", default=not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
elif not DEBUG:
    # Explicitly plain HTTP (XINGPING_HTTPS=0): the HTTPS checks are off on purpose.
    SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008", "security.W012", "security.W016"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Internationalisation: Chinese first, English complete.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "xingping" / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: attachments go through scoped views

# Uploads: size limit per file (bytes), configurable; type is checked by content.
XINGPING_UPLOAD_MAX_BYTES = int(os.environ.get("XINGPING_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
# Imports (core/tabular.py): an XLSX is refused when it unpacks to more than this (a zip
# bomb), and any file with more data rows than this.
XINGPING_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("XINGPING_IMPORT_MAX_UNPACKED_BYTES", 128 * 1024 * 1024))
XINGPING_IMPORT_MAX_ROWS = int(os.environ.get("XINGPING_IMPORT_MAX_ROWS", 2_000_000))

# Audit log retention (Cybersecurity Law art. 21: at least six months). Below 180 the
# app refuses to start; `xingping audit purge` never deletes rows inside the window.
XINGPING_AUDIT_RETENTION_DAYS = int(os.environ.get("XINGPING_AUDIT_RETENTION_DAYS", 180))
if XINGPING_AUDIT_RETENTION_DAYS < 180:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("XINGPING_AUDIT_RETENTION_DAYS 不得小于 180（审计日志至少保留六个月）")

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "xingping@localhost")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Xingping API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {"CaseStatusEnum": "xingping.cases.models.Status"},
}

# Trusted reverse proxies in front of the app (1 for nginx → gunicorn): the client address
# for rate limits is then taken from X-Forwarded-For (xingping/cases/ratelimit.py).
XINGPING_PROXY_HOPS = int(os.environ.get("XINGPING_PROXY_HOPS", 0))

# Cache: per-process memory by default. Several app servers share one (rate limits on public
# pages, the figures cache): XINGPING_CACHE=database (after `xingping createcachetable`), or
# XINGPING_CACHE=redis://host:6379/0 — Redis first, the database cache whenever Redis cannot be
# reached (xingping/core/cache.py: logged, never a 500).
XINGPING_CACHE = os.environ.get("XINGPING_CACHE", "")
_DB_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "xingping_cache"}
if XINGPING_CACHE == "database":
    CACHES = {"default": _DB_CACHE}
elif XINGPING_CACHE.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {"BACKEND": "xingping.core.cache.FallbackCache",
                    "OPTIONS": {"PRIMARY": "redis", "SECONDARY": "database"}},
        "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": XINGPING_CACHE,
                  "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
        "database": _DB_CACHE,
    }

# The public address printed on ballot QR codes and by `xingping evaluation tokens`.
# Empty (the default): links are built from the address of the request (the CLI uses
# http://127.0.0.1:$PORT).
XINGPING_PUBLIC_URL = os.environ.get("XINGPING_PUBLIC_URL", "").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Ballot tokens are redacted from every logged URL (C7; xingping/evaluation/logredact.py).
    "filters": {"redact_ballot_tokens": {"()": "xingping.evaluation.logredact.RedactBallotTokens"}},
    "formatters": {"django.server": {"()": "django.utils.log.ServerFormatter",
                                     "format": "[{server_time}] {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_ballot_tokens"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server",
                          "filters": ["redact_ballot_tokens"]},
    },
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

