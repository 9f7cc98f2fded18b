"""A document (a PDF) made in the background from an object of an organisation, and reused until the
object's content changes: it is identified by its kind, the object and a hash of its content."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from volunteers.models import NOBODY, NotificationKind
from volunteers.notifications import hand_off


class Document(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        "volunteers.Organisation",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("organisation"),
    )
    #: The name of the document's kind in documents.registry, e.g. "strategy_pdf".
    kind = models.CharField(_("kind"), max_length=50)
    object_id = models.PositiveBigIntegerField(_("object"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    #: The HTML as it was when the document was requested: the task makes the PDF of exactly this.
    source = models.TextField(_("source"), blank=True)
    stylesheet = models.CharField(_("stylesheet"), max_length=500)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(_("file"), upload_to="documents/", blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    scope_organisation = "organisation"
    changing_roles = NOBODY

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "content_hash"], name="document_one_per_content"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:document_status", args=[self.pk])

    def get_download_url(self) -> str:
        return reverse("documents:document_download", args=[self.pk])

    def tell_ready(self) -> None:
        """Tell the one who asked for the document that it is ready; called in the transaction that
        marks it ready."""
        requester = self.requested_by
        if requester is None:
            return
        hand_off(
            self.organisation,
            NotificationKind.DOCUMENT_READY,
            f"document:{self.pk}",
            self.get_absolute_url(),
            _("The document “%(title)s” is ready."),
            {"title": self.title},
            users=[requester],
        )
