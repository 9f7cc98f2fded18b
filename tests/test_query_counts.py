"""Pages issue a bounded number of queries, whatever the size of the data."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Body, Membership
from tests.followup import follow_up
from volunteers.models import Unit, VolunteerOrganisation

#: Pages allowed more than 16 queries: the start pages gather what is due from every app (the steering
#: group's builds the follow-up of the strategy in force as the dashboard does; counted here with the
#: figures not yet in the cache, the most it asks).
MOST_QUERIES = {"home": 23}

PAGES = [
    ("home", lambda r: {}, ["coordinator", "secretariat", "steering_group"]),
    ("volunteers:unit_list", lambda r: {}, ["coordinator", "secretariat"]),
    ("volunteers:unit_detail", lambda r: {"pk": r.hospital.pk}, ["coordinator", "secretariat"]),
    ("volunteers:volunteer_organisation_list", lambda r: {}, ["coordinator"]),
    ("meetings:body_list", lambda r: {}, ["secretariat"]),
    ("meetings:body_detail", lambda r: {"pk": r.body.pk}, ["steering_group"]),
]


def grow(region, n):
    """Add n of everything to the region, under the coordinator's hospital where it has a place."""
    organisation = region.organisation
    units = Unit.objects.bulk_create(
        Unit(organisation=organisation, parent=region.hospital, name=f"Afsnit {i}", kind=Unit.Kind.DEPARTMENT)
        for i in range(n)
    )
    for i in range(n):
        volunteer_organisation = VolunteerOrganisation.objects.create(
            organisation=organisation, name=f"Forening {i}", kind=VolunteerOrganisation.Kind.ORGANISATION
        )
        volunteer_organisation.units.add(region.hospital, *units[:3])
        units[i].volunteer_organisations.add(volunteer_organisation)
        body = Body.objects.create(organisation=organisation, name=f"Forum {i}", kind=Body.Kind.FORUM)
        Membership.objects.bulk_create(Membership(body=body, name=f"Medlem {j}") for j in range(5))
    Membership.objects.bulk_create(Membership(body=region.body, name=f"Medlem {j}") for j in range(n))


def count_queries(client, url):
    cache.clear()  # what is kept (the follow-up's figures) is counted as if asked for the first time
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name, kwargs_for, roles", PAGES)
def test_queries_do_not_grow_with_the_data(client, region, name, kwargs_for, roles):
    follow_up(region)  # the strategy is followed up: the coordinator's start page lists the reports owed
    url = reverse(name, kwargs=kwargs_for(region))
    small = {}
    for role in roles:
        client.force_login(region.users[role])
        small[role] = count_queries(client, url)
    grow(region, 40)
    for role in roles:
        client.force_login(region.users[role])
        assert count_queries(client, url) == small[role], f"{role} {url}"
        assert small[role] <= MOST_QUERIES.get(name, 16), f"{role} {url}: {small[role]}"
