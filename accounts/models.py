"""Invitations (the only way in for a new person) and each organisation's single sign-on."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Delivery
from volunteers.models import ADMINISTRATION, Organisation

#: How long an invitation's link works.
INVITATION_VALID_FOR = timedelta(days=7)
_LINK_SALT = "accounts.invitation"


class Invitation(Delivery):
    """An invitation e-mail to one user, with a single-use link that expires.

    The user (with role and units) exists from the moment they are invited, with no usable password;
    accepting sets it (or sends them to single sign-on). Resending makes a new invitation and revokes
    the open one. The link carries the invitation's id, signed (django.core.signing): a tampered link is not
    found, and nothing secret is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("user")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    scope_organisation = "user__organisation"
    changing_roles = ADMINISTRATION
    sending_related = ("user", "user__organisation", "invited_by")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return str(self.user)

    @property
    def token(self) -> str:
        return signing.dumps(self.pk, salt=_LINK_SALT)

    @staticmethod
    def pk_from_token(token: str) -> int | None:
        """The invitation's id, or None for a link that was not made here (tampered, cut short)."""
        try:
            return int(signing.loads(token, salt=_LINK_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            return None

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at

    @classmethod
    def default_expiry(cls, now=None):
        return (now or timezone.now()) + INVITATION_VALID_FOR

    def get_absolute_url(self) -> str:
        """The single-use link the e-mail holds (without the site's address)."""
        return reverse("accounts:invitation", kwargs={"token": self.token})

    def still_applies(self) -> bool:
        return self.is_open() and self.user.is_active

    def send(self) -> bool:
        """The invitation e-mail, in Danish, with the link; to the user's address."""
        if not self.user.email:
            return False
        context = {
            "invitation": self,
            "user": self.user,
            "organisation": self.user.organisation,
            "invited_by": self.invited_by,
            "url": f"{settings.SITE_URL}{self.get_absolute_url()}",
            "password_login": self.user.organisation is None or self.user.organisation.password_login,
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation.txt", context)
        send_mail(subject, body, None, [self.user.email])
        return True


class SignOn(models.Model):
    """An organisation's single sign-on through its own OpenID Connect provider (Entra ID, AD FS, a
    municipal identity broker)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="sign_on", verbose_name=_("organisation")
    )
    issuer = models.URLField(
        _("issuer URL"),
        help_text=_("The provider's address; its settings are read from /.well-known/openid-configuration."),
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    # Encrypted with a key derived from the site's secret (accounts.secrets); never shown again.
    client_secret_encrypted = models.TextField(_("client secret (encrypted)"), blank=True)
    email_claim = models.CharField(_("claim with the e-mail address"), max_length=100, default="email")
    role_claim = models.CharField(
        _("claim with groups or roles"),
        max_length=100,
        blank=True,
        help_text=_("Optional: a claim whose values give the person's role in frivillig."),
    )
    #: {"value of the role claim": "role"}, e.g. {"frivillig-sekretariat": "secretariat"}.
    role_mapping = models.JSONField(_("role per claim value"), default=dict, blank=True)
    email_domains = models.CharField(
        _("e-mail domains"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated, e.g. rsyd.dk: people who type such an address are sent to sign-on."),
    )

    scope_organisation = "organisation"
    changing_roles = ADMINISTRATION

    class Meta:
        verbose_name = _("single sign-on")
        verbose_name_plural = _("single sign-ons")

    def __str__(self):
        return self.issuer
