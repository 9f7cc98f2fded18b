"""The organisation's single sign-on: its OpenID Connect provider, the client registered there and how
claims become an e-mail address and a role."""

import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts import secrets
from accounts.models import SignOn
from volunteers.models import Role

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class SignOnForm(forms.ModelForm):
    issuer = forms.URLField(
        label=capfirst(SignOn._meta.get_field("issuer").verbose_name),
        help_text=SignOn._meta.get_field("issuer").help_text,
        max_length=200,
        assume_scheme="https",
    )
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=True,
        # Never rendered back: the field is always empty on the page.
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the stored secret."),
    )
    role_mapping_text = forms.CharField(
        label=_("Role per claim value"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One line per value: value = role, e.g. frivillig-sekretariat = secretariat. Roles: %(roles)s. "
            "A person whose values map to no role keeps their role."
        ),
    )

    class Meta:
        model = SignOn
        fields = ["issuer", "client_id", "email_claim", "role_claim", "email_domains"]
        labels = {"email_domains": _("E-mail domains")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        roles = ", ".join(f"{role.value} ({role.label})" for role in Role)
        self.fields["role_mapping_text"].help_text = self.fields["role_mapping_text"].help_text % {
            "roles": roles
        }
        self.fields["role_mapping_text"].initial = "\n".join(
            f"{value} = {role}" for value, role in (self.instance.role_mapping or {}).items()
        )
        if not self.instance.client_secret_encrypted:
            self.fields["client_secret"].required = True
            self.fields["client_secret"].help_text = _("Stored encrypted and never shown again.")
        self.order_fields(
            ["issuer", "client_id", "client_secret", "email_claim", "role_claim", "role_mapping_text"]
        )

    def clean_issuer(self):
        issuer = self.cleaned_data["issuer"].rstrip("/")
        parts = urlsplit(issuer)
        if parts.scheme != "https" and parts.hostname not in LOOPBACK:
            raise ValidationError(_("The issuer's address must begin with https://."))
        if parts.query or parts.fragment:
            raise ValidationError(_("The issuer's address has no query or fragment."))
        return issuer

    def clean_role_mapping_text(self):
        mapping = {}
        by_name = {role.value: role.value for role in Role} | {
            str(role.label).lower(): role.value for role in Role
        }
        for number, line in enumerate(self.cleaned_data["role_mapping_text"].splitlines(), start=1):
            if not line.strip():
                continue
            value, equals, role = (part.strip() for part in line.partition("="))
            if not equals or not value or role.lower() not in by_name:
                raise ValidationError(
                    _("Line %(number)s is not “value = role” with one of the roles: %(line)s"),
                    params={"number": number, "line": line.strip()},
                )
            mapping[value] = by_name[role.lower()]
        return mapping

    def clean_email_domains(self):
        domains = [part.strip().lstrip("@").lower() for part in self.cleaned_data["email_domains"].split(",")]
        domains = [domain for domain in domains if domain]
        wrong = [domain for domain in domains if not DOMAIN.match(domain)]
        if wrong:
            raise ValidationError(_("Not a domain: %(domains)s"), params={"domains": ", ".join(wrong)})
        return ", ".join(dict.fromkeys(domains))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role_mapping_text") and not cleaned.get("role_claim"):
            self.add_error("role_claim", _("Name the claim whose values the roles are given for."))
        return cleaned

    def save(self, commit=True):
        sign_on = super().save(commit=False)
        sign_on.role_mapping = self.cleaned_data["role_mapping_text"]
        if self.cleaned_data["client_secret"]:
            sign_on.client_secret_encrypted = secrets.encrypt(self.cleaned_data["client_secret"])
        if commit:
            sign_on.save()
        return sign_on
