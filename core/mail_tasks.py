"""E-mail goes out through Django's task framework, never inside a request.

The `django_tasks` backport (the one Wagtail 8 uses; `django.tasks` from Django 6)
runs the mail tasks. In production the backend is `django_tasks_db.DatabaseBackend`:
a request only writes a row to the task table, and `manage.py db_worker` sends
the mail in its own process, so a slow or broken mail server never slows a
sign-up. In development and tests the ImmediateBackend runs the task on the spot,
so behaviour stays synchronous there.

The backport has no retry option: a mail task that fails schedules the next
attempt itself (`mail_retry_later`), with the delays of `MAIL_RETRY_DELAYS`.
"""

import datetime as dt
import functools
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def mail_enqueue_on_commit(task, **kwargs) -> None:
    """Queue `task` once the current transaction commits (at once outside one).

    A rolled-back sign-up therefore sends nothing. `robust`: should queueing
    itself fail, that is logged and the committed sign-up stands; its mail state
    stays "pending" for staff to see and re-send.
    """
    transaction.on_commit(functools.partial(task.enqueue, **kwargs), robust=True)


def mail_is_last_attempt(attempt: int) -> bool:
    return attempt > len(settings.MAIL_RETRY_DELAYS)


def mail_retry_later(task, *, attempt: int, **kwargs) -> bool:
    """Queue attempt `attempt + 1` of `task` after the configured delay.

    Returns False when `attempt` was the last one. Backends that cannot defer a
    task (the ImmediateBackend of development and tests) retry at once, inside
    this call: record the failed attempt before calling it.
    """
    if mail_is_last_attempt(attempt):
        return False
    delays = settings.MAIL_RETRY_DELAYS
    if task.get_backend().supports_defer:
        run_after = timezone.now() + dt.timedelta(seconds=delays[attempt - 1])
        task = task.using(run_after=run_after)
    logger.warning("e-mail attempt %s failed; retrying", attempt, extra={"task": task.name})
    task.enqueue(attempt=attempt + 1, **kwargs)
    return True
