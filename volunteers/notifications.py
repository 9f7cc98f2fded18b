"""Telling users something: a notification in the app for each, and one e-mail to those of them who
want this kind by e-mail and to the extra addresses. Reminders and hand-offs both go through notify().
"""

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise

from .models import EmailOptOut, HandOff, Notification, Organisation, User


def notify(users, message, url, *, kind, subject, body, extra_addresses=()):
    """A notification with the message and the link for each user, and one e-mail to the addresses of
    the users who have not turned e-mail off for this kind, and to the extra ones. Returns whether
    anyone was reached."""
    users = list(users)
    Notification.objects.bulk_create(
        Notification(user=user, message=message[: Notification.message.field.max_length], url=url)
        for user in users
    )
    muted = set()
    if users:
        muted = set(EmailOptOut.objects.filter(user__in=users, kind=kind).values_list("user_id", flat=True))
    addresses = [user.email for user in users if user.email and user.pk not in muted]
    addresses += list(extra_addresses)
    if addresses:
        send_mail(subject, body, None, addresses)
    return bool(users or addresses)


def rendered(template, context):
    """notify()'s message, subject and body from the templates <template>_message.txt,
    <template>_subject.txt and <template>.txt (which gets the message too)."""
    message = render_to_string(f"{template}_message.txt", context).strip()
    return {
        "message": message,
        "subject": render_to_string(f"{template}_subject.txt", context).strip(),
        "body": render_to_string(f"{template}.txt", {**context, "message": message}),
    }


def hand_off(
    organisation: Organisation,
    kind: str,
    key: str,
    path: str,
    message: str | Promise,
    params: dict[str, Any] | None = None,
    *,
    users: Iterable[User] = (),
    addresses: Iterable[str] = (),
) -> list[int]:
    """Record a hand-off to each active user and each address, in the transaction of the event, and
    send each once that has committed (a sweep sends what is left unsent).

    ``key`` names the event: recording the same event again records nothing new. ``message`` is a lazy
    translation, formatted with ``params`` in the site's language (the e-mail is sent by the worker)."""
    from .tasks import send_handoff  # the tasks import these functions' models

    with translation.override(settings.LANGUAGE_CODE):
        text = str(message) % {name: str(value) for name, value in (params or {}).items()}
        text = text[: Notification.message.field.max_length]
        context = {"message": text, "url": f"{settings.SITE_URL}{path}"}
        subject = render_to_string("volunteers/email/handoff_subject.txt", context).strip()
        body = render_to_string("volunteers/email/handoff.txt", context)
    fields = {"message": text, "url": path, "subject": subject[:300], "body": body}
    users = list(users)
    recipients: list[dict[str, Any]] = [
        {"recipient": user} for user in dict.fromkeys(users) if user.is_active
    ]
    told = {user.email.lower() for user in users if user.email}
    recipients += [
        {"address": address} for address in dict.fromkeys(addresses) if address.lower() not in told
    ]
    recorded = []
    for recipient in recipients:
        handoff, created = HandOff.objects.get_or_create(
            kind=kind, key=key[:200], **recipient, defaults={"organisation": organisation, **fields}
        )
        if created:
            recorded.append(handoff.pk)
            transaction.on_commit(partial(send_handoff.delay, handoff.pk))
    return recorded
