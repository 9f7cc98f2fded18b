"""The abstract model of something sent exactly once; core.sending sends it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    """A message recorded before it is sent, so that it is sent exactly once.

    The concrete model's unique constraint says once per what; it says whether the message still
    applies, how to send it and which relations that reads. core.sending.send_once does the rest.
    """

    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    #: The relations still_applies() and send() read, fetched with the row once it is locked.
    sending_related: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def still_applies(self):
        """Whether there is still something to send; a row that no longer applies is deleted unsent."""
        raise NotImplementedError

    def send(self):
        """Send it and return whether anyone was reached. Runs in the site's default language, in a
        savepoint that a failure rolls back."""
        raise NotImplementedError
