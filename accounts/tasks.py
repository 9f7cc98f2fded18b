"""Sending the invitation e-mails exactly once (core.sending); reading uploaded files of people to invite."""

from celery import shared_task

from core.sending import RETRY_SENDING, queue_unsent, send_once
from volunteers.importing import uploads

from .importing import USERS
from .models import Invitation


@shared_task(**RETRY_SENDING)
def send_invitation(invitation_id):
    """Send one invitation's e-mail, unless it has been sent already (or no longer applies)."""
    return send_once(Invitation, invitation_id)


@shared_task
def send_unsent_invitations():
    """Celery beat runs this every hour: an invitation recorded but not sent (the worker stopped, the
    mail server was down) is queued again."""
    queue_unsent(Invitation, send_invitation)


@shared_task(soft_time_limit=uploads.SOFT_TIME_LIMIT, time_limit=uploads.TIME_LIMIT)
def read_user_import(import_id):
    """Read an uploaded file of people to invite, within the limits (volunteers.importing.uploads)."""
    uploads.read(import_id, USERS)
