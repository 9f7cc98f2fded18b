"""The abstract model of something sent exactly once (core.sending sends it), and a helper for models
that keep derived values."""

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


def stored_values_differ(instance: models.Model, *fields: str) -> bool:
    """Whether an instance about to be saved changes these (non-null) fields of its stored row: a model
    that keeps derived values elsewhere refreshes them only then. False for a new instance."""
    if instance._state.adding:
        return False
    stored = type(instance)._default_manager.filter(pk=instance.pk)
    return stored.exclude(**{field: getattr(instance, field) for field in fields}).exists()
