"""Settings shared by every environment.

The environment is read once, here, strictly: a malformed value stops the
start with django-environ's message naming the variable. With nothing set the
portal runs embedded: SQLite, Celery tasks executed eagerly, console e-mail,
files on local disk.
"""

from pathlib import Path

import environ
import fontpkg_sarabun
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.storage import default_storage_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="embedded-insecure-key-change-me")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    "competency",
    "assessments",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A path too long to send back in a redirect: 400, or login without next.
    "config.middleware.LongUrlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A person switched off (left the agency) is signed out on their next request.
    "assessments.middleware.DeactivatedLogoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle timeout and absolute lifetime of a signed-in session.
    "config.middleware.SessionTimeoutMiddleware",
    # Cache-Control: no-store on every response to a signed-in user.
    "config.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "assessments.context_processors.roles",
                "assessments.context_processors.account_help",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default renders reports on a background thread while the
    # requests go on (config/background.py): two writers at once. WAL lets
    # readers and the writer work side by side; BEGIN IMMEDIATE takes the
    # write lock when a transaction starts, so a second writer waits for it
    # (up to the timeout, longer than a report's render) instead of failing
    # at once with "database is locked" when it upgrades a read to a write.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": env.int("SQLITE_TIMEOUT_SECONDS", default=30),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Single sign-on, LDAP and the local-password policy: config/settings/signin.py.
from .signin import *  # noqa: E402

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Refuses people who left the agency, whatever backend would accept them.
    "assessments.auth_backends.DeactivatedEmployeeGate",
    *SIGNIN_BACKENDS,
    "django.contrib.auth.backends.ModelBackend",
]
# Django's rules, with the portal's Thai messages (assessments/accounts/validators.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "assessments.accounts.validators.UserAttributeSimilarityValidator"},
    {
        "NAME": "assessments.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "assessments.accounts.validators.CommonPasswordValidator"},
    {"NAME": "assessments.accounts.validators.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# The absolute lifetime of a session (at most 12 h), and how long it may sit
# idle (config.middleware.SessionTimeoutMiddleware; the rating form pings
# session_keepalive while someone types).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 3600)
if not 0 < SESSION_COOKIE_AGE <= 12 * 3600:
    raise ImproperlyConfigured("DJANGO_SESSION_COOKIE_AGE must be 1 to 43200 seconds (12 h).")
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30)
if SESSION_IDLE_TIMEOUT_MINUTES < 5:
    raise ImproperlyConfigured("SESSION_IDLE_TIMEOUT_MINUTES must be at least 5.")
# Longer request addresses get a 400: a redirect must stay under Django's 2048.
URL_MAX_LENGTH = 2000
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Local accounts (assessments/accounts/): the activation link in the invitation
# lasts this many days; a reset link lasts Django's PASSWORD_RESET_TIMEOUT (3 days).
ACCOUNT_ACTIVATION_DAYS = env.int("ACCOUNT_ACTIVATION_DAYS", default=7)
# "Forgot password" requests per hour: per e-mail address, and per client
# address (higher: a whole office may come through one address).
PASSWORD_RESET_PER_HOUR = env.int("PASSWORD_RESET_PER_HOUR", default=3)
PASSWORD_RESET_PER_ADDRESS_PER_HOUR = env.int("PASSWORD_RESET_PER_ADDRESS_PER_HOUR",
                                              default=100)
# Whom a locked-out or stranded person should contact, shown on the lockout
# and sign-in help pages (e.g. a phone number of the HR group).
ACCOUNT_HELP_CONTACT = env.str("ACCOUNT_HELP_CONTACT", default="")
# OpenID Connect or LDAP configured (config/settings/signin.py): a person who
# has signed in through it, or has no local password, signs in through the directory.
ACCOUNT_DIRECTORY_SIGN_IN = OIDC_ENABLED or LDAP_ENABLED

# The cache holds the reset throttle's counters; with several web processes
# it must be shared (Redis), or each process counts on its own.
CACHES = {"default": env.cache("DJANGO_CACHE_URL", default="locmemcache://")}

# Login throttling: lock an account+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind a reverse proxy every request comes from the proxy's address: the
# client is the address the trusted proxies appended to X-Forwarded-For
# (config/proxy.py). 0 = no proxy, the header is ignored; production: 1.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "config.proxy.client_ip"

# Thai first, English second.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("ไทย")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The Sarabun font comes from its PyPI package, for the web page and the PDF alike.
    ("fonts/sarabun", fontpkg_sarabun.ROOT / "files"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Files (report PDFs, uploaded imports): the local disk, or an S3-compatible
# bucket named by DJANGO_STORAGE_URL (config/storage.py), so that no web node or
# worker needs a shared disk. DJANGO_STORAGE_REDIRECT sends a download to a
# signed URL of DJANGO_STORAGE_URL_SECONDS instead of streaming it through the portal.
STORAGE_URL = env.str("DJANGO_STORAGE_URL", default="")
STORAGE_REDIRECT = env.bool("DJANGO_STORAGE_REDIRECT", default=False)
# Read here so that django-storages gets them from settings (boto3 would also
# find them in the environment); empty means boto3's own chain (instance role).
AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default="") or None
AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default="") or None
STORAGES = {
    "default": default_storage_config(
        STORAGE_URL, signed_url_seconds=env.int("DJANGO_STORAGE_URL_SECONDS", default=60)),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
SARABUN_FONT_DIR = fontpkg_sarabun.ROOT / "files"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="competency360@localhost")
# A rater who had an invitation or a reminder of a round this recently gets
# no reminder HR sends from the round's page (a double click, or two HR
# officers at once, must not mail them twice).
REMINDER_THROTTLE_MINUTES = env.int("REMINDER_THROTTLE_MINUTES", default=60)
# The portal's address as people reach it, for links in e-mails.
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000")

# Celery: with no broker configured, tasks run in-process (embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Eager mode only: long tasks (a round's reports) run on a background thread
# of the web process rather than in the request (config/background.py).
EMBEDDED_BACKGROUND_TASKS = env.bool("EMBEDDED_BACKGROUND_TASKS", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
CELERY_TIMEZONE = TIME_ZONE
# Two queues, so that a 10,000-report batch never delays an invitation, a
# reminder or an import: report work goes to "reports", the rest to "default".
# Run a worker for each (README, docker-compose.yml); one worker may consume
# both (-Q default,reports) on a small server.
CELERY_TASK_DEFAULT_QUEUE = "default"
# Beat's periodic tasks (sweepers, reminders) stay on "default": behind a batch
# of renders they would come too late.
CELERY_TASK_ROUTES = {
    "reports.tasks.round_reports_build": {"queue": "reports"},
    "reports.tasks.report_render": {"queue": "reports"},
}
# Redis hands an unacknowledged message (its worker was killed) to another
# worker only after this long; Kombu's default is an hour. It must exceed the
# longest task (the round build: 660 s hard limit) and the longest retry
# backoff (300 s), or a task still running would be delivered twice. The
# report sweeper below finds lost reports sooner.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
}
# A report queued, rendering or retrying with no change for this long while
# the worker makes no progress is lost (see reports.recovery); it is queued
# again, and marked failed after REPORTS_MAX_ATTEMPTS such attempts.
# 120 s: longer than a render's hard time limit (90 s), so a live render is
# never taken for lost; with the sweep every minute, a batch whose worker was
# killed is whole again within about three minutes of a worker being back.
REPORTS_STUCK_AFTER_SECONDS = env.int("REPORTS_STUCK_AFTER_SECONDS", default=120)
REPORTS_MAX_ATTEMPTS = env.int("REPORTS_MAX_ATTEMPTS", default=3)
CELERY_BEAT_SCHEDULE: dict = {}
# Lost reports (a worker killed mid-batch) are found and queued again.
CELERY_BEAT_SCHEDULE["reports-sweep"] = {
    "task": "reports.tasks.reports_sweep",
    "schedule": env.float("REPORTS_SWEEP_SECONDS", default=60.0),
}
# Deadline reminders to raters with open forms, once a day (Bangkok time).
CELERY_BEAT_SCHEDULE["assessments-reminders-daily"] = {
    "task": "assessments.tasks.reminders_daily",
    "schedule": crontab(hour=8, minute=0),
}
# Import jobs and mail whose task was lost (a worker killed mid-task): found and
# finished or failed, never left running in silence.
CELERY_BEAT_SCHEDULE["assessments-lost-tasks-sweep"] = {
    "task": "assessments.tasks.lost_tasks_sweep",
    "schedule": crontab(minute="*/5"),
}
CELERY_BEAT_SCHEDULE["assessments-import-files-purge"] = {
    "task": "assessments.tasks.import_files_purge",
    "schedule": crontab(hour=2, minute=30),
}

# Content-Security-Policy: everything from the portal itself, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Uploads (organisation and dictionary imports).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Organisation import: the largest file accepted, and the size above which
# the dry run and the apply go to a Celery worker while the page polls.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_SYNC_MAX_BYTES = env.int("IMPORT_SYNC_MAX_BYTES", default=100 * 1024)
# What a file may hold (competency/tabular.py), checked before it is parsed:
# a small XLSX can declare a huge sheet or unpack to hundreds of MB.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=30_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=50)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=30 * 1024 * 1024)
# Uploaded organisation files name staff: deleted once applied or discarded,
# and any left over (never applied), with the named rows of the preview, after
# this many days (assessments.tasks.import_files_purge, daily).
IMPORT_FILE_RETENTION_DAYS = env.int("IMPORT_FILE_RETENTION_DAYS", default=7)
# An import step running longer than this has lost its task (the worker died):
# the sweeper hands it out again, or fails it. Longer than the task's hard limit.
IMPORT_STUCK_AFTER_MINUTES = env.int("IMPORT_STUCK_AFTER_MINUTES", default=15)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
