"""Sending a core.models.Delivery exactly once.

A daily sweep records every message that is due as a row (a unique constraint makes recording it twice
impossible) and only then queues a task per unsent row. The task locks the row and sends it only if
nobody has yet. A second sweep, a restarted worker or a task delivered twice finds the row sent and
sends nothing again; a row recorded but not sent (the worker stopped, the mail server was down) is
queued again by the next sweep. A failed send is counted on the row (attempts, last error) and raised
again, for Celery to retry with a growing delay.
"""

import logging
from functools import partial
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

#: What a send raises when the mail server refuses or cannot be reached.
SEND_ERRORS = (SMTPException, OSError)
#: The options of a task that sends: after such an error it is tried again after a minute, then
#: longer and longer, up to an hour between tries.
RETRY_SENDING: dict[str, Any] = {
    "autoretry_for": SEND_ERRORS,
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}


def queue_unsent(model, task):
    """Queue the task for every row of the model not sent yet, once the transaction has committed."""
    for pk in model.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        transaction.on_commit(partial(task.delay, pk))


def send_once(model, pk):
    """Send the row unless it has been sent already; returns whether it was sent now."""
    with transaction.atomic():
        locked = (
            model.objects.select_for_update(of=("self",))
            .filter(pk=pk, sent_at__isnull=True)
            .values_list("pk", flat=True)
            .first()
        )
        if locked is None:
            return False
        # Fetched once the lock is held: as it is now, not as it was when the task was queued.
        rows = model.objects.all()
        if model.sending_related:  # select_related() without names would follow every relation
            rows = rows.select_related(*model.sending_related)
        delivery = rows.get(pk=pk)
        if not delivery.still_applies():
            # Changed since it was recorded: the next sweep records what is due now.
            delivery.delete()
            return False
        error = reached = None
        try:
            with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                reached = delivery.send()
        except SEND_ERRORS as exc:
            error = exc
        delivery.attempts += 1
        if reached:
            delivery.sent_at = timezone.now()
        else:
            # Nobody to send it to stays unsent, for the next sweep, as a failed send does.
            problem = f"{type(error).__name__}: {error}" if error else "No recipient"
            delivery.last_error = problem[: model._meta.get_field("last_error").max_length]
            logger.warning("%s %s not sent: %s", model.__name__, pk, delivery.last_error)
        delivery.save(update_fields=["attempts", "sent_at", "last_error"])
    if error is not None:
        raise error
    return bool(reached)
