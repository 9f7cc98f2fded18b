from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from meetings.models import Body, Membership
from volunteers import demo
from volunteers.models import Organisation, Role, Unit, User, VolunteerOrganisation


class Command(BaseCommand):
    help = "Create the demo organisations, units, bodies and logins from the source documents. Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        logins = []
        for name, spec in demo.ORGANISATIONS.items():
            organisation, _created = Organisation.objects.update_or_create(
                name=name, defaults={"kind": spec["kind"]}
            )
            units = self._units(organisation, spec["units"])
            self._volunteer_organisations(organisation, units, spec["volunteer_organisations"])
            self._bodies(organisation, spec["bodies"])
            logins += self._users(organisation, units, spec["slug"])
        if options["verbosity"]:
            self._print_logins(logins)

    def _units(self, organisation, rows):
        units = {}
        for name, kind, parent in rows:
            units[name], _created = Unit.objects.update_or_create(
                organisation=organisation,
                name=name,
                defaults={"kind": kind, "parent": units[parent] if parent else None},
            )
        return units

    def _volunteer_organisations(self, organisation, units, rows):
        for name, kind, unit_names in rows:
            volunteer_organisation, _created = VolunteerOrganisation.objects.update_or_create(
                organisation=organisation, name=name, defaults={"kind": kind}
            )
            volunteer_organisation.units.add(*(units[unit_name] for unit_name in unit_names))

    def _bodies(self, organisation, specs):
        for spec in specs:
            spec = dict(spec)
            members = spec.pop("members")
            body, _created = Body.objects.update_or_create(
                organisation=organisation, name=spec.pop("name"), defaults=spec
            )
            for name, role, represents, appointed_by in members:
                Membership.objects.update_or_create(
                    body=body,
                    name=name,
                    defaults={
                        "role": role,
                        "represents": represents,
                        "appointed_by": appointed_by,
                        "start": body.term_start,
                        "end": body.term_end,
                    },
                )

    def _users(self, organisation, units, slug):
        logins = []
        for role, first_name, last_name, job_title, unit_names in demo.DEMO_USERS[slug]:
            username = f"{demo.ROLE_USERNAMES[role]}.{slug}"
            user, created = User.objects.update_or_create(
                username=username,
                defaults={
                    "organisation": organisation,
                    "role": role,
                    "first_name": first_name,
                    "last_name": last_name,
                    "job_title": job_title,
                    "email": f"{username}@example.org",
                    "is_staff": role == Role.ADMINISTRATOR,
                },
            )
            if created:
                user.set_password(demo.DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if role == Role.ADMINISTRATOR:
                user.user_permissions.set(_organisation_admin_permissions())
            user.units.set([units[name] for name in unit_names])
            logins.append((organisation.name, Role(role).label, username))
        return logins

    def _print_logins(self, logins):
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(_("Demo logins (password: %(password)s)") % {"password": demo.DEMO_PASSWORD})
        )
        for organisation, role, username in logins:
            self.stdout.write(f"  {username:<22} {role:<24} {organisation}")
        self.stdout.write("")


def _organisation_admin_permissions():
    """An organisation's administrator manages its users, units, volunteer organisations and bodies."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label__in=["volunteers", "meetings"],
    ).exclude(codename__in=["add_organisation", "delete_organisation"])
