"""The audit log's records.

Logins are LoginEvent rows. Changes to personal data (volunteers, contact persons, users) are
django-simple-history records kept in this app (`app="audit"`), so each change has who, when and the
whole row before and after; the admin shows which fields changed.
"""

import simple_history
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from volunteers.models import NOBODY, ContactPerson, Organisation, Unit, User, Volunteer


class ChangeRecord(models.Model):
    """What every history record of personal data adds: the names of the fields the change touched.

    Stored (not only computed from the record before) so that it survives the anonymisation, which
    blanks the personal fields of the volunteer's older records too."""

    changed_fields = models.TextField(_("changed fields"), blank=True)

    class Meta:
        abstract = True


#: Fields that anonymisation or deletion blanks in a person's history records too.
PERSONAL_FIELDS = {
    Volunteer: ["first_name", "last_name", "email", "phone", "address"],
    ContactPerson: ["name", "title", "email", "phone"],
}

# The password hash and the last-login time are left out: the one is a secret, the other changes at
# every login, which LoginEvent records already.
# The history models are named in Danish in the Django admin (not simple-history's "Historical ...").
simple_history.register(
    User,
    app="audit",
    bases=[ChangeRecord],
    excluded_fields=["password", "last_login"],
    # Which units a coordinator has decides what they see: a change of them is audited too.
    m2m_fields=["units"],
    verbose_name=_("user history record"),
    verbose_name_plural=_("user history records"),
)
simple_history.register(
    Volunteer,
    app="audit",
    bases=[ChangeRecord],
    # checks_due_on is derived from fields and activities that are audited themselves.
    excluded_fields=["updated_at", "checks_due_on"],
    verbose_name=_("volunteer history record"),
    verbose_name_plural=_("volunteer history records"),
)
simple_history.register(
    ContactPerson,
    app="audit",
    bases=[ChangeRecord],
    verbose_name=_("contact person history record"),
    verbose_name_plural=_("contact person history records"),
)
# The organisation's own set-up, shown in the administration's audit log (issue 13).
simple_history.register(
    Unit,
    app="audit",
    bases=[ChangeRecord],
    verbose_name=_("unit history record"),
    verbose_name_plural=_("unit history records"),
)
simple_history.register(
    Organisation,
    app="audit",
    bases=[ChangeRecord],
    verbose_name=_("organisation history record"),
    verbose_name_plural=_("organisation history records"),
)


class LoginEvent(models.Model):
    """A login attempt: who (the user, or just the username tried), when, from where, whether it worked."""

    succeeded = models.BooleanField(_("succeeded"))
    username = models.CharField(_("username tried"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Kept so an organisation's administrators see their own organisation's logins only.
    organisation = models.ForeignKey(
        "volunteers.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    client_address = models.CharField(_("client address"), max_length=45, blank=True)

    scope_organisation = "organisation"
    changing_roles = NOBODY

    class Meta:
        verbose_name = _("login")
        verbose_name_plural = _("logins")
        ordering = ["-at", "-id"]

    def __str__(self):
        return self.username
