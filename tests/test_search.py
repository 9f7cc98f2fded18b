"""Search across the app (issue 15, frivillig/search.py): scoped to what the user may see, phone numbers by
their digits, Danish letters and (on PostgreSQL) inflected words, in a bounded number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import Q
from django.urls import reverse

from agreements.models import Agreement
from core.lists import digits_only
from frivillig import search
from frivillig.search import HITS_PER_KIND, KINDS
from meetings.models import AgendaItem
from tests.factories import (
    PASSWORD,
    AgendaItemFactory,
    FollowUpFactory,
    MeetingFactory,
    StrategyFactory,
    VolunteerFactory,
    VolunteerOrganisationFactory,
    make_agreement,
)
from volunteers.models import Role, Volunteer

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search with the Danish configuration: PostgreSQL"
)


def found(client, region, role, text, **params):
    """{kind key: [hit titles]} for a search as `role`."""
    client.force_login(region.users[role])
    response = client.get(reverse("search"), {"q": text, **params})
    assert response.status_code == 200
    if response.context["kind"]:
        return {response.context["kind"].key: [hit.title for hit in response.context["hits"]]}
    return {group.kind.key: [hit.title for hit in group.hits] for group in response.context["groups"]}


def test_the_header_has_a_search_box_for_everyone_logged_in(client, region):
    client.force_login(region.users[Role.COORDINATOR])
    page = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("search")}"' in page and 'role="search"' in page
    assert '<label for="header-search" class="visually-hidden">Søg</label>' in page
    client.logout()
    assert 'id="header-search"' not in client.get(reverse("login")).content.decode()


def test_no_search_box_while_the_second_factor_is_awaited(client, region):
    client.post(
        reverse("login"), {"username": region.users[Role.ADMINISTRATOR].username, "password": PASSWORD}
    )
    page = client.get(reverse("accounts:second_factor_setup")).content.decode()
    assert "Opsæt andet trin i login" in page and 'id="header-search"' not in page
    assert client.get(reverse("search"), {"q": "Karen"}).status_code == 302  # to the second factor


def test_an_empty_query_shows_the_form_and_searches_nothing(client, region, django_assert_max_num_queries):
    client.force_login(region.users[Role.SECRETARIAT])
    for params in ({}, {"q": "   "}, {"q": "?!"}):
        with django_assert_max_num_queries(6):  # session, user, notifications: no search
            response = client.get(reverse("search"), params)
        assert response.status_code == 200
        assert "groups" not in response.context
        assert 'id="search-q"' in response.content.decode()


def test_a_coordinator_finds_only_their_units_volunteers_and_agreements(client, region):
    # Karen Holm volunteers at the coordinator's hospital, Jens Berg at the other; the agreement "Café for
    # pårørende" is the other hospital's.
    assert found(client, region, Role.COORDINATOR, "Karen")["volunteers"] == ["Karen Holm"]
    assert "volunteers" not in found(client, region, Role.COORDINATOR, "Jens Berg")
    assert "agreements" not in found(client, region, Role.COORDINATOR, "Café")
    assert found(client, region, Role.SECRETARIAT, "Jens Berg")["volunteers"] == ["Jens Berg"]
    assert found(client, region, Role.STEERING_GROUP, "Café")["agreements"] == ["Café for pårørende"]
    # Volunteer organisations are the whole organisation's, as on their list.
    assert found(client, region, Role.COORDINATOR, "Røde Kors")["volunteer_organisations"] == [
        "Dansk Røde Kors"
    ]


def test_meetings_bodies_and_follow_ups_only_for_the_roles_that_read_them(client, region):
    FollowUpFactory(item=region.item, title="Godkend mødeplanen for 2027")
    secretariat = found(client, region, Role.SECRETARIAT, "godkend")
    assert secretariat["items"] == ["Godkendelse af dagsorden"]
    assert secretariat["follow_ups"] == ["Godkend mødeplanen for 2027"]
    assert found(client, region, Role.STEERING_GROUP, "styregruppe")["bodies"] == [region.body.name]
    coordinator = found(client, region, Role.COORDINATOR, "godkend")
    assert not {"items", "follow_ups", "meetings", "bodies"} & set(coordinator)
    # Nor by asking for the kind: the results of every kind the coordinator may see instead.
    assert "items" not in found(client, region, Role.COORDINATOR, "godkend", kind="items")


def test_nobody_finds_another_organisations_things(client, region, other_region):
    # Both organisations hold the same names (and two versions of the strategy): each finds its own only.
    FollowUpFactory(item=region.item)
    theirs = [
        other_region.volunteer,
        other_region.volunteer_organisation,
        other_region.agreement,
        other_region.strategy,
        other_region.body,
        other_region.meeting,
        FollowUpFactory(item=other_region.item),
    ]
    texts = [
        "Karen Holm",
        "Dansk Røde Kors",
        "Besøgsvenner",
        "Frivillighedsstrategi",
        "Styregruppe",
        "referatet",
    ]
    for role in [Role.COORDINATOR, Role.SECRETARIAT, Role.STEERING_GROUP, Role.ADMINISTRATOR]:
        for text in texts:
            page = found_page(client, region, role, text)
            for obj in theirs:
                assert f'href="{obj.get_absolute_url()}' not in page, (role, text, obj)
        assert found(client, region, role, other_region.organisation.name) == {}


@pytest.mark.parametrize("text", ["2758", "27 58 17", "27581", "27 58 17 90", "27-58-17-90", "Karen 2758"])
def test_phone_numbers_match_by_their_digits_in_any_grouping(client, region, text):
    region.volunteer.phone = "27 58 17 90"
    region.volunteer.save()
    assert found(client, region, Role.SECRETARIAT, text)["volunteers"] == ["Karen Holm"]


def test_a_phone_number_search_needs_the_other_words_to_match_too(client, region):
    region.volunteer.phone = "27 58 17 90"
    region.volunteer.save()
    assert "volunteers" not in found(client, region, Role.SECRETARIAT, "Jens 2758")
    assert "volunteers" not in found(client, region, Role.SECRETARIAT, "2759")


def test_volunteer_organisations_by_phone_e_mail_and_cvr(client, region):
    VolunteerOrganisationFactory(
        organisation=region.organisation,
        name="Ældre Sagen",
        phone="+45 33 96 86 86",
        email="info@aeldresagen.dk",
        cvr="20700211",
    )
    for text in ["33968686", "33 96", "info@aeldresagen.dk", "20700211", "ældre sagen"]:
        assert found(client, region, Role.COORDINATOR, text)["volunteer_organisations"] == ["Ældre Sagen"], (
            text
        )


def test_danish_letters(client, region):
    VolunteerFactory(
        unit=region.hospital, first_name="Søren", last_name="Kjærgård", email="soeren@example.org"
    )
    make_agreement(region.hospital, region.volunteer_organisation, title="Læsegruppe på Øjenafdelingen")
    StrategyFactory(organisation=region.organisation, title="Strategi for Ærø og Åbenrå", version="2030")
    for text in ["søren", "Kjærgård", "søren kjærg", "Søren Kjærgård"]:
        assert found(client, region, Role.COORDINATOR, text)["volunteers"] == ["Søren Kjærgård"], text
    assert found(client, region, Role.COORDINATOR, "læsegruppe Øjenafd")["agreements"] == [
        "Læsegruppe på Øjenafdelingen"
    ]
    assert found(client, region, Role.COORDINATOR, "Ærø Åbenrå")["strategies"] == [
        "Strategi for Ærø og Åbenrå (2030)"
    ]


def test_agenda_items_by_title_and_case_number_link_to_the_item(client, region):
    item = AgendaItemFactory(
        meeting=region.meeting, position=2, title="Status på frivillighedsstrategien", case_number="1-00-6-20"
    )
    for text in ["1-00-6-20", "00-6-20", "frivillighedsstrategien"]:
        assert found(client, region, Role.STEERING_GROUP, text)["items"] == [item.title], text
    page = found_page(client, region, Role.STEERING_GROUP, "1-00-6-20")
    assert f"{reverse('meetings:meeting_detail', args=[region.meeting.pk])}#item-{item.pk}" in page


def found_page(client, region, role, text):
    client.force_login(region.users[role])
    return client.get(reverse("search"), {"q": text}).content.decode()


def test_meetings_by_their_body_newest_first(client, region):
    later = MeetingFactory(plan=region.plan, date=date(2026, 12, 1))
    client.force_login(region.users[Role.SECRETARIAT])
    response = client.get(reverse("search"), {"q": "styregruppe"})
    meetings = next(group for group in response.context["groups"] if group.kind.key == "meetings")
    assert [hit.url for hit in meetings.hits] == [later.get_absolute_url(), region.meeting.get_absolute_url()]
    assert meetings.count == 2


def test_each_kind_shows_its_first_hits_then_all_of_them_page_by_page(client, region):
    for number in range(HITS_PER_KIND + 2):
        VolunteerFactory(unit=region.hospital, first_name="Karen", last_name=f"Andersen {number}")
    client.force_login(region.users[Role.COORDINATOR])
    response = client.get(reverse("search"), {"q": "Karen"})
    volunteers = next(group for group in response.context["groups"] if group.kind.key == "volunteers")
    assert len(volunteers.hits) == HITS_PER_KIND and volunteers.count == HITS_PER_KIND + 3
    page = response.content.decode()
    assert f"{reverse('search')}?q=Karen&amp;kind=volunteers" in page
    assert "Vis alle 8 frivillige" in page
    # The volunteer list, with its filters and export, takes the same query (phone digits included).
    assert f'href="{reverse("volunteers:volunteer_list")}?q=Karen">Søg i listen med dens filtre' in page
    every = found(client, region, Role.COORDINATOR, "Karen", kind="volunteers")["volunteers"]
    assert len(every) == HITS_PER_KIND + 3 and "Karen Holm" in every


def test_nothing_found_says_so(client, region):
    page = found_page(client, region, Role.SECRETARIAT, "zyxwvu")
    assert "Intet fundet for “zyxwvu”." in page


def _fill(region, first, last):
    """Matching rows of every kind, numbered from `first` to `last`."""
    for number in range(first, last):
        VolunteerFactory(
            unit=region.hospital, first_name="Bente", last_name=f"Bentsen {number}", phone="27 58 17 90"
        )
        make_agreement(region.hospital, region.volunteer_organisation, title=f"Bente-aftale {number}")
        StrategyFactory(
            organisation=region.organisation, title=f"Bente-strategi {number}", version=str(number)
        )
        item = AgendaItemFactory(meeting=region.meeting, position=10 + number, title=f"Bente-punkt {number}")
        FollowUpFactory(item=item, title=f"Bente-opgave {number}")
        VolunteerOrganisationFactory(organisation=region.organisation, name=f"Bente-forening {number}")


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.SECRETARIAT])
def test_one_query_per_kind_whatever_the_number_of_hits(client, region, role, django_assert_num_queries):
    client.force_login(region.users[role])
    kinds = len([kind for kind in KINDS if kind.roles is None or role in kind.roles])
    # The page's own: session, user, organisation, unread notifications; a coordinator's units (their
    # tree, in one recursive query).
    own = 4 + (1 if role == Role.COORDINATOR else 0)
    _fill(region, 0, 2)
    with django_assert_num_queries(own + kinds):
        client.get(reverse("search"), {"q": "Bente"})
    _fill(region, 2, 30)
    with django_assert_num_queries(own + kinds):
        response = client.get(reverse("search"), {"q": "Bente"})
    groups = {group.kind.key: group.count for group in response.context["groups"]}
    assert groups["volunteers"] == groups["agreements"] == groups["strategies"] == 30
    with django_assert_num_queries(own + kinds):
        client.get(reverse("search"), {"q": "Bente 2758"})
    # One kind, page by page: its count and its page.
    with django_assert_num_queries(own + 2):
        response = client.get(reverse("search"), {"q": "Bente", "kind": "volunteers", "page": 2})
    assert len(response.context["hits"]) == 5


@postgresql_only
@pytest.mark.parametrize(
    "text, kind, title",
    [
        ("frivillige", "agreements", "Aftale med en frivillig forening"),
        ("strategien", "strategies", "Strategi for samarbejde (2031)"),
        ("samarbejdet", "strategies", "Strategi for samarbejde (2031)"),
        ("strat", "strategies", "Strategi for samarbejde (2031)"),
        ("ÆRØ", "volunteer_organisations", "Frivilligcentret på Ærø"),
        ("frivilligcentrene", "volunteer_organisations", "Frivilligcentret på Ærø"),
    ],
)
def test_inflected_words_and_word_starts_on_postgresql(client, region, text, kind, title):
    make_agreement(region.hospital, region.volunteer_organisation, title="Aftale med en frivillig forening")
    StrategyFactory(organisation=region.organisation, title="Strategi for samarbejde", version="2031")
    VolunteerOrganisationFactory(organisation=region.organisation, name="Frivilligcentret på Ærø")
    assert title in found(client, region, Role.SECRETARIAT, text)[kind]


@postgresql_only
def test_titles_rank_before_texts_on_postgresql(client, region):
    StrategyFactory(
        organisation=region.organisation, title="Handleplan", version="1", vision="Om besøgsvenner"
    )
    StrategyFactory(organisation=region.organisation, title="Besøgsvenner", version="2")
    titles = found(client, region, Role.SECRETARIAT, "besøgsven")["strategies"]
    assert titles[:2] == ["Besøgsvenner (2)", "Handleplan (1)"]


@pytest.mark.parametrize("text", ["2758", "27581790", "27 58 17", "58 17 90"])
def test_the_volunteer_list_finds_phone_digits_in_any_grouping_too(client, region, text):
    region.volunteer.phone = "27 58 17 90"
    region.volunteer.save()
    client.force_login(region.users[Role.COORDINATOR])
    response = client.get(reverse("volunteers:volunteer_list"), {"q": text})
    assert [volunteer.pk for volunteer in response.context["listing"].page] == [region.volunteer.pk]


def test_a_coordinator_is_told_what_they_search(client, region):
    assert "dine egne enheder" in found_page(client, region, Role.COORDINATOR, "Karen")
    assert "dine egne enheder" not in found_page(client, region, Role.SECRETARIAT, "Karen")


@pytest.mark.parametrize(
    "text", ["___", "O'Brien & (x | y) !z", "strat:* <-> frivil", "og", "a" * 500, "1-00-6-20 &"]
)
def test_any_text_is_a_query_never_an_error(client, region, text):
    client.force_login(region.users[Role.SECRETARIAT])
    assert client.get(reverse("search"), {"q": text}).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes are PostgreSQL's")
def test_the_volunteers_are_searched_through_the_trigram_indexes(db):
    """The expressions Django writes for a name, an e-mail address and a phone number's digits are those
    the migration indexed (volunteers 0007): with a sequential scan made expensive, the plan uses them."""
    (volunteers,) = [kind for kind in search.KINDS if kind.key == "volunteers"]
    by_name = Volunteer.objects.filter(search._anywhere(volunteers.fields, "jens"))
    by_phone = Volunteer.objects.alias(digits=digits_only("phone")).filter(digits__contains="2758")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test's few rows would be read in full
        plans = by_name.explain() + by_phone.explain()
    for index in ["first_name", "last_name", "email", "phone_digits"]:
        assert f"volunteer_{index}_trgm" in plans, plans


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the full-text index is PostgreSQL's")
def test_the_agreements_are_searched_through_their_index(db):
    """The agreement's own vector is the expression the migration indexed (agreements 0004), and a word
    in the volunteer organisation's name is matched in that table first: with a sequential scan made
    expensive, the plan reads the agreements through the two indexes."""
    agreements = search.KINDS_BY_KEY["agreements"]
    rows = Agreement.objects.alias(own_document=search._Document(search._own_fields(agreements)))
    matching = rows.filter(search._words_match(agreements, ["kors"]))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = matching.explain()
    assert "agreement_search_document" in plan and "volunteer_organisation_id" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes are PostgreSQL's")
def test_the_agenda_items_are_searched_through_their_indexes(db):
    """The item's vector is the expression the migration indexed (meetings 0007), and a case number typed
    as such is found by its trigram index: with a sequential scan made expensive, the plan reads the items
    through the two indexes rather than computing every item's vector."""
    items = search.KINDS_BY_KEY["items"]
    rows = AgendaItem.objects.alias(own_document=search._Document(search._own_fields(items)))
    matching = rows.filter(search._words_match(items, ["frivillig"]) | Q(case_number__icontains="1-00-6"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = matching.explain()
    assert "agendaitem_search_document" in plan and "agendaitem_case_number_trgm" in plan, plan
