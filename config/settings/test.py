"""Test settings: the suite runs on whatever DATABASE_URL says (PostgreSQL in CI)."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Serve static files straight from the finders (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run in-process unless a test goes through the real worker on purpose
# (tests/reports/test_pipeline.py switches this off and starts one on Redis).
CELERY_TASK_ALWAYS_EAGER = True
# ... and in the request: tests read the reports right after the close. A test
# of the background path turns this on (tests/reports/test_background_close.py).
EMBEDDED_BACKGROUND_TASKS = False
