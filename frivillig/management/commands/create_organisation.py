from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from accounts import invitations
from accounts.models import Invitation
from core.sending import SEND_ERRORS, send_once
from volunteers.models import Organisation, Role


class Command(BaseCommand):
    help = (
        "Create an organisation (a region or municipality) and invite its first administrator: the "
        "invitation e-mail is sent, and its link is printed too, for an operator without mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help='The organisation\'s name, e.g. "Aarhus Kommune"')
        parser.add_argument(
            "--kind", choices=Organisation.Kind.values, default=Organisation.Kind.MUNICIPALITY
        )
        parser.add_argument("--admin-email", required=True, help="The first administrator's e-mail address")
        parser.add_argument("--admin-name", required=True, help="The first administrator's name")
        parser.add_argument(
            "--sso-only",
            action="store_true",
            help="People sign in only through the organisation's single sign-on (no password login)",
        )

    def handle(self, *args, name, kind, admin_email, admin_name, sso_only, **options):
        name = " ".join(name.split())
        admin_email = admin_email.strip()
        if not name:
            raise CommandError("The organisation needs a name.")
        try:
            validate_email(admin_email)
        except ValidationError:
            raise CommandError(f"{admin_email!r} is not a valid e-mail address.") from None
        if Organisation.objects.filter(name__iexact=name).exists():
            raise CommandError(f"An organisation named {name!r} exists already; nothing was created.")
        if invitations.email_taken(admin_email):
            raise CommandError(
                f"A user with the e-mail address {admin_email} exists already; nothing was created."
            )
        with transaction.atomic():
            organisation = Organisation.objects.create(name=name, kind=kind, password_login=not sso_only)
            try:
                invitation = invitations.invite(
                    organisation, admin_email, admin_name, Role.ADMINISTRATOR, [], invited_by=None
                )
            except invitations.InvitationError as error:
                raise CommandError(error.message) from None
        self.stdout.write(
            f"Created {organisation} ({organisation.get_kind_display()}) and invited {invitation.user} "
            f"<{invitation.user.email}> as its administrator."
        )
        # Sent here rather than only by a worker, so that the operator sees at once whether it went
        # (exactly once: the queued task then finds it sent; the hourly sweep retries a failure).
        try:
            sent = send_once(Invitation, invitation.pk)
        except SEND_ERRORS as error:
            self.stderr.write(f"The invitation e-mail was not sent ({error}); the hourly sweep tries again.")
        else:
            if sent:
                self.stdout.write(f"The invitation e-mail was sent to {invitation.user.email}.")
        expires = timezone.localtime(invitation.expires_at)
        self.stdout.write(f"Invitation link (works once, until {expires:%d-%m-%Y %H:%M}):")
        self.stdout.write(f"{settings.SITE_URL}{invitation.get_absolute_url()}")
