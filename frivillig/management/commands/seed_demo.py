from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import demo as accounts_demo
from agreements import demo as agreements_demo
from evaluation import demo as evaluation_demo
from meetings import demo as meetings_demo
from meetings.models import Body, Membership
from strategies import demo as strategies_demo
from volunteers import demo
from volunteers.models import Organisation, Role, Unit, User, Volunteer, VolunteerOrganisation


class Command(BaseCommand):
    help = (
        "Create the demo organisations, units, bodies, logins, volunteers, agreements, meetings and strategy "
        "work from the source documents, and the work in progress around today (or --today). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="The demo day, e.g. 2027-03-01 (default: today): the work in progress is dated from it.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        logins = []
        for name, spec in demo.ORGANISATIONS.items():
            slug = spec["slug"]
            organisation, _created = _saved_if_changed(Organisation, {"name": name}, {"kind": spec["kind"]})
            units = self._units(organisation, spec["units"])
            volunteer_organisations = self._volunteer_organisations(
                organisation, units, spec["volunteer_organisations"]
            )
            self._bodies(organisation, spec["bodies"])
            users = self._users(organisation, units, slug)
            logins += [(name, Role(user.role).label, user.username) for user in users]
            placements = _placements(spec, units, volunteer_organisations)
            activities = demo.create_activities(organisation)
            self._volunteers(organisation, placements, activities, slug, today)
            coordinator = next(user for user in users if user.role == Role.COORDINATOR)
            administrator = next(user for user in users if user.role == Role.ADMINISTRATOR)
            accounts_demo.create(organisation, units, administrator, slug)
            agreements_demo.create(organisation, units, volunteer_organisations, coordinator, slug, today)
        meetings_demo.create(today)
        strategies_demo.create(today)
        evaluation_demo.create(today)
        if options["verbosity"]:
            self._print_logins(logins)

    def _units(self, organisation, rows):
        units = {}
        for name, kind, parent in rows:
            units[name], _created = _saved_if_changed(
                Unit,
                {"organisation": organisation, "name": name},
                {"kind": kind, "parent": units[parent] if parent else None},
            )
        return units

    def _volunteer_organisations(self, organisation, units, rows):
        volunteer_organisations = {}
        for name, kind, unit_names in rows:
            volunteer_organisation, _created = VolunteerOrganisation.objects.update_or_create(
                organisation=organisation, name=name, defaults={"kind": kind}
            )
            volunteer_organisation.units.add(*(units[unit_name] for unit_name in unit_names))
            volunteer_organisations[name] = volunteer_organisation
        return volunteer_organisations

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
        users = []
        for role, first_name, last_name, job_title, unit_names in demo.DEMO_USERS[slug]:
            username = f"{demo.ROLE_USERNAMES[role]}.{slug}"
            values = {
                "organisation": organisation,
                "role": role,
                "first_name": first_name,
                "last_name": last_name,
                "job_title": job_title,
                "email": f"{username}@example.org",
            }
            user, created = _saved_if_changed(User, {"username": username}, values)
            if created:
                user.set_password(demo.DEMO_PASSWORD)
                user.save(update_fields=["password"])
            user.units.set([units[name] for name in unit_names])
            users.append(user)
        return users

    def _volunteers(self, organisation, placements, activities, slug, today):
        """Generated volunteers; an e-mail already in the register means that volunteer is there."""
        existing = set(Volunteer.objects.filter(organisation=organisation).values_list("email", flat=True))
        generated = demo.generate_volunteers(
            organisation,
            demo.VOLUNTEERS_PER_ORGANISATION[slug],
            placements,
            activities,
            f"demo-{slug}",
            today,
        )
        demo.create_volunteers(new for new in generated if new.volunteer.email not in existing)

    def _print_logins(self, logins):
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(_("Demo logins (password: %(password)s)") % {"password": demo.DEMO_PASSWORD})
        )
        for organisation, role, username in logins:
            self.stdout.write(f"  {username:<22} {role:<24} {organisation}")
        self.stdout.write("")


def _placements(spec, units, volunteer_organisations):
    """(unit, affiliations) for each unit with volunteers: the organisations that work with the unit or a
    unit above it (an own corps counted twice, as most of its unit's volunteers belong to it), or else
    all of them."""
    parents = {name: parent for name, _kind, parent in spec["units"]}
    works_with = {name: set(unit_names) for name, _kind, unit_names in spec["volunteer_organisations"]}
    own_corps = {name for name, kind, _units in spec["volunteer_organisations"] if kind == "own_corps"}
    placements = []
    for name, kind, _parent in spec["units"]:
        if kind not in demo.VOLUNTEER_UNIT_KINDS:
            continue
        above, ancestor = {name}, parents[name]
        while ancestor:
            above.add(ancestor)
            ancestor = parents[ancestor]
        affiliations = [
            volunteer_organisations[vo]
            for vo in sorted(works_with)
            if works_with[vo] & above
            for _weight in range(2 if vo in own_corps else 1)
        ]
        if not affiliations:
            affiliations = [volunteer_organisations[vo] for vo in sorted(works_with) if vo not in own_corps]
        placements.append((units[name], affiliations))
    return placements


def _saved_if_changed(model, lookup, values):
    """update_or_create that saves only what changed: each save is a line in the object's audit history."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not created and changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj, created
