import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisation import NOBODY


def upload_path(instance: "Import", filename: str) -> str:
    # A random name outside any public folder; the name the user gave is kept on the row.
    return f"imports/{secrets.token_hex(16)}"


class Import(models.Model):
    """An uploaded file to import: read by the worker (volunteers.importing.uploads), previewed by the
    one who uploaded it, and confirmed once. The file is deleted once it has been read; its table is
    kept until it is imported."""

    class Kind(models.TextChoices):
        VOLUNTEERS = "volunteers", _("Volunteers")
        USERS = "users", _("Users")

    class Status(models.TextChoices):
        PENDING = "pending", _("Being read")
        READY = "ready", _("Ready to import")
        FAILED = "failed", _("Refused")
        IMPORTED = "imported", _("Imported")

    organisation = models.ForeignKey(
        "volunteers.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    #: The volunteers' unit unless a row names another (the volunteer import only).
    unit = models.ForeignKey(
        "volunteers.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    file = models.FileField(_("file"), upload_to=upload_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    #: The uploader's language: the worker words its refusal in it.
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    #: The file's Table (volunteers.importing.read), as dataclasses.asdict() gives it, once read.
    table = models.JSONField(_("table"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    #: How often a worker began reading it: a file that takes a worker down is not tried for ever.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    scope_organisation = "organisation"
    changing_roles = NOBODY

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.file_name
