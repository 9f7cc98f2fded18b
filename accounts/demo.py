"""The demo's invitations: each organisation's administrator finds a new coordinator invited and not
yet accepted (the users list's "invited" filter, resend and revoke have something to show)."""

from . import invitations

# slug -> (name, unit names); the address is ny.koordinator.<slug>@example.org
INVITED_COORDINATORS = {
    "syd": ("Ida Mølgaard", ["Sygehus Sønderjylland"]),
    "midt": ("Jakob Lund", ["Regionshospital Horsens"]),
    "aarhus": ("Nanna Kristensen", ["Frivillighed og Medborgerskab"]),
}


def create(organisation, units, administrator, slug):
    """Invite the organisation's demo coordinator once (idempotent: an existing address is left as it is)."""
    name, unit_names = INVITED_COORDINATORS[slug]
    email = f"ny.koordinator.{slug}@example.org"
    if invitations.email_taken(email):
        return
    invitations.invite(
        organisation,
        email,
        name,
        "coordinator",
        [units[unit_name] for unit_name in unit_names],
        administrator,
        job_title="Frivilligkoordinator",
    )
