import os

from celery import Celery
from django.db import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("competency360")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The options every task of the project shares: a message is acknowledged only
# once its task ends (a worker killed mid-task loses nothing: the message is
# delivered again), and only transient errors are retried, with backoff and
# jitter. Each task adds its own soft and hard time limits where the defaults
# (CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT) do not fit.
TRANSIENT_ERRORS = (OperationalError, ConnectionError)
TASK_OPTIONS = {
    "acks_late": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}
