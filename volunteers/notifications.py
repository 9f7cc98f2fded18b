"""Telling users something: a notification in the app for each, and one e-mail to them all."""

from django.core.mail import send_mail
from django.template.loader import render_to_string

from .models import Notification


def notify(users, message, url, *, subject, body, extra_addresses=()):
    """A notification with the message and the link for each user, and one e-mail to the users'
    addresses and the extra ones. Returns whether anyone was reached."""
    Notification.objects.bulk_create(
        Notification(user=user, message=message[: Notification.message.field.max_length], url=url)
        for user in users
    )
    addresses = [user.email for user in users if user.email] + list(extra_addresses)
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
