"""The minutes written on one page (each item saved on its own, concurrent edits told), "Indstillingen blev
godkendt", seed 004's item fields on the pages and in the PDFs, and a body's standard items on a new
agenda."""

import re
from datetime import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from meetings import standard_items
from meetings.minutes import approved_sentence
from meetings.models import AgendaItem, Meeting
from tests.document_flow import content_of, fetch_document
from tests.pdfs import Pdf
from tests.test_meetings import item_data, meeting_data, set_status

SEED_004 = {
    "title": "Frivillighed og Medborgerskab 2019",
    "summary": "Chefteamet skal beslutte fokusområder, organisering og økonomi for frivilligområdet.",
    "recommendation_by": "Strategi og Udvikling",
    "recommendation": "at chefteamet godkender de fire beslutningspunkter.",
    "decision_points": (
        "At udviklingen af frivilligområdet i 2019 tager udgangspunkt i de 3 spor beskrevet i bilag 1\n"
        "2. At klyngen for Frivillighed og Medborgerskab forankres i Udvikling\n"
        "At cafeudvikling og de afsatte midler på 273.000 kr. årligt forankres i Udvikling\n"
        "At der afsættes 1 mio. kr. til fortsat at understøtte frivillighed i lokalområderne"
    ),
    "case_presentation": "I Sundhed og Omsorg arbejder vi målrettet med samarbejde og inddragelse.",
    "coordinated_with": "Områderne, Sundhedsstrategi og Udvikling, Økonomi",
    "responsible_leader": "Maj Morgenstjerne og Henriette Andersen",
    "item_attendees": "Maj Morgenstjerne",
}


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def danish(text):
    with translation.override(settings.LANGUAGE_CODE):
        return _(text)


def says(response, text):
    return str(escape(text)) in response.content.decode()


@pytest.fixture
def secretary(client, region):
    client.force_login(region.users["secretariat"])
    return client


@pytest.fixture
def held(region):
    """The region's meeting, held, with three items (the fixture's first, and two more)."""
    meeting = region.meeting
    AgendaItem.objects.create(
        meeting=meeting,
        position=2,
        title="Drøftelse af arbejdsplanen",
        summary="Udvalget drøfter.",
        recommendation="at udvalget drøfter arbejdsplanen.",
        decision="Udvalget drøftede arbejdsplanen.",
    )
    AgendaItem.objects.create(meeting=meeting, position=3, title="Eventuelt", decision="Intet.")
    set_status(meeting, Meeting.Status.HELD)
    return meeting


def items_of(meeting):
    return list(meeting.items.order_by("position").values("pk", "title", "decision", "version"))


def save(client, meeting, item, decision, version=None, **extra):
    version = item.version if version is None else version
    data = {
        "item": item.pk,
        f"item-{item.pk}-decision": decision,
        f"item-{item.pk}-version": version,
        **extra,
    }
    return client.post(url("minutes_write", meeting.pk), data)


# --- the page -----------------------------------------------------------------------------------------


def test_the_page_shows_every_item_with_its_texts_beside_its_own_form(secretary, region, held):
    AgendaItem.objects.filter(pk=region.item.pk).update(**SEED_004, is_closed=True)
    response = secretary.get(url("minutes_write", held.pk))
    assert response.status_code == 200
    page = response.content.decode()
    items = list(held.items.order_by("position"))
    # Each item is a form of its own, posting its own id and version.
    assert page.count('<form method="post"') - page.count('action="/logout') >= len(items)
    for item in items:
        assert f'name="item" value="{item.pk}"' in page
        assert f'name="item-{item.pk}-version" value="{item.version}"' in page
        assert f'name="item-{item.pk}-decision"' in page
    # The texts are shown to read, beside the field.
    assert "Chefteamet skal beslutte fokusområder" in page
    assert "at chefteamet godkender de fire beslutningspunkter." in page
    assert "I Sundhed og Omsorg arbejder vi målrettet" in page
    assert escape("Maj Morgenstjerne og Henriette Andersen") in page
    points = re.search(r'<ol class="decision-points">(.*?)</ol>', page, re.S).group(1)
    assert (
        re.findall(r"<li>(.*?)</li>", points)[1]
        == "At klyngen for Frivillighed og Medborgerskab forankres i Udvikling"
    )
    # A closed item says so in words.
    assert _("Closed item") in page
    assert "Udvalget drøftede arbejdsplanen." in page  # a saved decision is in its field


def test_the_meeting_page_leads_to_the_one_page_and_the_old_decision_address_too(secretary, region, held):
    page = secretary.get(held.get_absolute_url()).content.decode()
    assert f'href="{url("minutes_write", held.pk)}"' in page
    assert f'href="{url("minutes_write", held.pk)}#item-{region.item.pk}"' in page
    response = secretary.get(url("decision_edit", region.item.pk))
    assert response.status_code == 302
    assert response["Location"] == f"{url('minutes_write', held.pk)}#item-{region.item.pk}"


def test_saving_one_item_leaves_the_others_exactly_as_they_were(secretary, region, held):
    before = items_of(held)
    second = held.items.get(position=2)
    response = save(secretary, held, second, "Udvalget drøftede arbejdsplanen og godkendte den.")
    assert response.status_code == 302
    assert response["Location"] == f"{url('minutes_write', held.pk)}#item-{second.pk}"
    after = items_of(held)
    assert after[0] == before[0] and after[2] == before[2]
    assert after[1] == {
        **before[1],
        "decision": "Udvalget drøftede arbejdsplanen og godkendte den.",
        "version": before[1]["version"] + 1,
    }
    held.refresh_from_db()
    assert held.status == Meeting.Status.HELD  # saving a decision does not draft the minutes
    page = secretary.get(response["Location"]).content.decode()
    assert escape(_("The decision on item %(number)s was saved.") % {"number": 2}) in page


def test_a_second_secretary_is_told_and_nothing_is_overwritten(region, held):
    first, second = Client(), Client()
    first.force_login(region.users["secretariat"])
    second.force_login(region.users["administrator"])
    item = held.items.get(position=2)
    # Both load the page at the same version of the item.
    assert first.get(url("minutes_write", held.pk)).status_code == 200
    assert second.get(url("minutes_write", held.pk)).status_code == 200
    loaded = item.version

    assert save(first, held, item, "Den førstes tekst.", version=loaded).status_code == 302
    response = save(second, held, item, "Den andens tekst.", version=loaded)

    assert response.status_code == 409
    item.refresh_from_db()
    assert (item.decision, item.version) == ("Den førstes tekst.", loaded + 1)  # not overwritten
    assert says(response, _("Not saved: another secretary saved this decision while you were writing."))
    page = response.content.decode()
    conflict = page[page.index('class="alert alert-warning conflict"') :]
    assert "Den førstes tekst." in conflict[: conflict.index("</blockquote>")]  # theirs, shown
    field = re.search(rf'<textarea name="item-{item.pk}-decision"[^>]*>(.*?)</textarea>', page, re.S)
    assert field.group(1).strip() == "Den andens tekst."  # yours, kept
    # The form now carries the version just read: saving again replaces theirs on purpose.
    assert f'name="item-{item.pk}-version" value="{loaded + 1}"' in page
    assert save(second, held, item, "Begges tekst.", version=loaded + 1).status_code == 302
    item.refresh_from_db()
    assert item.decision == "Begges tekst."


def test_two_saves_with_the_same_version_cannot_both_win(secretary, region, held):
    item = held.items.get(position=3)
    assert save(secretary, held, item, "Første.", version=item.version).status_code == 302
    assert save(secretary, held, item, "Anden.", version=item.version).status_code == 409
    item.refresh_from_db()
    assert item.decision == "Første."


def test_the_recommendation_was_approved_starts_the_decision(secretary, region, held):
    second = held.items.get(position=2)
    AgendaItem.objects.filter(pk=second.pk).update(decision="")
    second.refresh_from_db()
    sentence = danish("The recommendation was approved.")
    assert sentence == approved_sentence()
    # An empty decision becomes the sentence; the button's name says which button was pressed.
    assert save(secretary, held, second, "", recommendation_approved="1").status_code == 302
    second.refresh_from_db()
    assert second.decision == sentence
    # Typed text is kept after it, and the sentence is not doubled.
    response = save(secretary, held, second, "Udvalget tilføjede en workshop.", recommendation_approved="1")
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.decision == f"{sentence}\n\nUdvalget tilføjede en workshop."
    assert save(secretary, held, second, second.decision, recommendation_approved="1").status_code == 302
    second.refresh_from_db()
    assert second.decision.count(sentence) == 1
    # The button is offered only where there is a recommendation to approve.
    page = secretary.get(url("minutes_write", held.pk)).content.decode()
    assert page.count('name="recommendation_approved"') == 1


@pytest.mark.parametrize(
    ("status", "locked"),
    [
        (Meeting.Status.DRAFT, "Decisions are written once the meeting has been held."),
        (Meeting.Status.PUBLISHED, "Decisions are written once the meeting has been held."),
        (Meeting.Status.MINUTES_APPROVED, None),
    ],
)
def test_the_page_is_only_for_minutes_that_can_be_written(secretary, region, held, status, locked):
    set_status(held, status, minutes_approved_by="Udvalget")
    before = items_of(held)
    item = held.items.get(position=2)
    response = save(secretary, held, item, "For sent eller for tidligt.")
    assert response.status_code == 409
    if locked:
        assert says(response, _(locked))
    assert items_of(held) == before
    assert secretary.get(url("minutes_write", held.pk)).status_code == 409


def test_minutes_drafted_can_still_be_written(secretary, region, held):
    set_status(held, Meeting.Status.MINUTES_DRAFTED)
    item = held.items.get(position=3)
    assert save(secretary, held, item, "Intet at bemærke.").status_code == 302
    item.refresh_from_db()
    assert item.decision == "Intet at bemærke."


def test_an_item_of_another_meeting_cannot_be_saved_through_this_page(secretary, region, held, other_region):
    other = other_region.item
    before = other.decision
    data = {
        "item": other.pk,
        f"item-{other.pk}-decision": "Udefra",
        f"item-{other.pk}-version": other.version,
    }
    assert secretary.post(url("minutes_write", held.pk), data).status_code == 404
    other.refresh_from_db()
    assert other.decision == before


def test_the_steering_group_reads_but_cannot_write(client, region, held):
    client.force_login(region.users["steering_group"])
    item = held.items.get(position=2)
    before = items_of(held)
    assert client.get(url("minutes_write", held.pk)).status_code == 403
    assert save(client, held, item, "Nej").status_code == 403
    assert items_of(held) == before


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_page_issues_the_same_queries_for_30_items(secretary, region, held):
    small = count_queries(secretary, url("minutes_write", held.pk))
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=held,
            position=n,
            title=f"Punkt {n}",
            recommendation="at noget godkendes.",
            **{key: SEED_004[key] for key in ("decision_points", "coordinated_with", "responsible_leader")},
        )
        for n in range(4, 31)
    )
    assert count_queries(secretary, url("minutes_write", held.pk)) == small
    assert small <= 10


# --- the item's fields (seed 004) ----------------------------------------------------------------------


def test_the_item_form_takes_seed_004s_fields_and_the_meeting_page_shows_them(secretary, region):
    data = item_data(**SEED_004, is_closed="on")
    response = secretary.post(url("item_edit", region.item.pk), data)
    assert response.status_code == 302
    item = AgendaItem.objects.get(pk=region.item.pk)
    assert item.is_closed and item.item_attendees == "Maj Morgenstjerne"
    assert (
        item.decision_point_lines[1] == "At klyngen for Frivillighed og Medborgerskab forankres i Udvikling"
    )
    page = secretary.get(region.meeting.get_absolute_url()).content.decode()
    heading = re.search(rf'<h3 id="item-{item.pk}-title">(.*?)</h3>', page, re.S).group(1)
    assert _("Closed item") in heading  # in words, not a colour only
    for label, value in [
        ("Coordinated with", SEED_004["coordinated_with"]),
        ("Responsible leader", SEED_004["responsible_leader"]),
        ("Attendee for the item", SEED_004["item_attendees"]),
    ]:
        assert re.search(
            rf"<dt[^>]*>{re.escape(_(label))}</dt><dd[^>]*>{re.escape(escape(value))}</dd>", page
        )
    assert page.count('<ol class="decision-points">') == 1


def test_the_pdfs_hold_the_item_fields_in_order(secretary, region):
    AgendaItem.objects.filter(pk=region.item.pk).update(
        **SEED_004, is_closed=True, decision="Chefteamet besluttede de fire punkter."
    )
    expected = [
        "Frivillighed og Medborgerskab 2019",
        danish("Closed item"),
        danish("Coordinated with"),
        "Områderne, Sundhedsstrategi og Udvikling, Økonomi",
        danish("Responsible leader"),
        "Maj Morgenstjerne og Henriette Andersen",
        danish("Attendee for the item"),
        "Chefteamet skal beslutte fokusområder",
        "at chefteamet godkender de fire beslutningspunkter.",
        danish("Decision points"),
        # The typed "2." is not doubled: the list numbers the points (its markers are drawn apart).
        "At udviklingen af frivilligområdet i 2019",
        "At klyngen for Frivillighed",
        "At cafeudvikling",
        "At der afsættes 1 mio. kr.",
        "I Sundhed og Omsorg arbejder vi målrettet",
    ]
    pdf = Pdf(content_of(fetch_document(secretary, url("agenda_pdf", region.meeting.pk))))
    agenda = " ".join(pdf.text().split())
    assert_in_order(agenda, expected)
    assert "1. 2. 3. 4." in agenda and "2. At klyngen" not in agenda
    assert b"/StructTreeRoot" in pdf.source and b"/LI" in pdf.source  # still tagged, the points a list
    assert "Chefteamet besluttede" not in agenda
    set_status(region.meeting, Meeting.Status.HELD)
    minutes_pdf = Pdf(content_of(fetch_document(secretary, url("minutes_pdf", region.meeting.pk))))
    minutes = " ".join(minutes_pdf.text().split())
    assert_in_order(minutes, [*expected, "Chefteamet besluttede de fire punkter."])


def assert_in_order(text, parts):
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} not after position {at} in {text[at : at + 300]!r}"
        at = found + len(part)


# --- standard items ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "opening", "closing"),
    [
        ("Godkendelse af dagsorden\nEventuelt", ["Godkendelse af dagsorden"], ["Eventuelt"]),
        (
            "Godkendelse af dagsorden\n\nMeddelelser\nEventuelt\n",
            ["Godkendelse af dagsorden"],
            ["Meddelelser", "Eventuelt"],
        ),
        (
            "Godkendelse af dagsorden\nReferat\n---\nEventuelt",
            ["Godkendelse af dagsorden", "Referat"],
            ["Eventuelt"],
        ),
        ("---\nEventuelt", [], ["Eventuelt"]),
        ("", [], []),
    ],
)
def test_standard_items_open_and_close_the_agenda(text, opening, closing):
    assert standard_items.split(text) == (opening, closing)


def test_a_new_meeting_gets_the_bodys_standard_items_and_later_items_go_before_the_closing_ones(
    secretary, region
):
    body = region.body
    response = secretary.post(
        url("body_edit", body.pk),
        {
            "name": body.name,
            "kind": body.kind,
            "mandate": body.mandate,
            "term_start": "",
            "term_end": "",
            "secretariat": body.secretariat,
            "standard_items": "Godkendelse af dagsorden\r\nMeddelelser\r\nEventuelt",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    body.refresh_from_db()
    assert body.standard_items.splitlines() == ["Godkendelse af dagsorden", "Meddelelser", "Eventuelt"]

    response = secretary.post(url("meeting_create", body.pk), meeting_data(date="2026-11-03"))
    assert response.status_code == 302
    meeting = Meeting.objects.get(body=body, date="2026-11-03")
    assert list(meeting.items.values_list("position", "title")) == [
        (1, "Godkendelse af dagsorden"),
        (2, "Meddelelser"),
        (3, "Eventuelt"),
    ]
    assert secretary.post(url("item_create", meeting.pk), item_data(title="Arbejdsplan")).status_code == 302
    assert secretary.post(url("item_create", meeting.pk), item_data(title="Mødeplan")).status_code == 302
    assert list(meeting.items.order_by("position").values_list("position", "title")) == [
        (1, "Godkendelse af dagsorden"),
        (2, "Arbejdsplan"),
        (3, "Mødeplan"),
        (4, "Meddelelser"),
        (5, "Eventuelt"),
    ]
    # Editing a meeting adds nothing; a body without standard items gets an empty agenda.
    assert (
        secretary.post(
            url("meeting_edit", meeting.pk), meeting_data(date="2026-11-03", place="B")
        ).status_code
        == 302
    )
    assert meeting.items.count() == 5
    body.standard_items = ""
    body.save()
    secretary.post(url("meeting_create", body.pk), meeting_data(date="2026-11-10"))
    assert not Meeting.objects.get(body=body, date="2026-11-10").items.exists()


def test_an_agenda_whose_last_item_is_not_a_standard_one_grows_at_the_end(secretary, region):
    region.body.standard_items = "Godkendelse af dagsorden\nEventuelt"
    region.body.save()
    meeting = Meeting.objects.create(
        body=region.body, date="2026-12-01", start_time=time(9), end_time=time(10)
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Eventuelt")
    AgendaItem.objects.create(meeting=meeting, position=2, title="Temadrøftelse")
    assert secretary.post(url("item_create", meeting.pk), item_data(title="Ny")).status_code == 302
    assert list(meeting.items.order_by("position").values_list("title", flat=True)) == [
        "Eventuelt",
        "Temadrøftelse",
        "Ny",
    ]


# --- the demo ------------------------------------------------------------------------------------------


def test_the_demo_holds_seed_004s_item_and_the_bodies_standard_items(db):
    from django.core.management import call_command

    from meetings import demo, demo_items

    call_command("seed_demo", verbosity=0)
    item = AgendaItem.objects.get(meeting__body__name=demo_items.CHEFTEAM[1], meeting__date=demo_items.DAY)
    assert not item.is_closed and item.item_attendees == "Maj Morgenstjerne"
    assert len(item.decision_point_lines) == 4 and item.decision.startswith("Chefteamet besluttede")
    committee = Meeting.objects.get(body__name=demo.COMMITTEE[1], date="2020-08-18").body
    assert standard_items.split(committee.standard_items) == (
        ["Godkendelse af dagsorden"],
        ["Gensidig orientering"],
    )
    call_command("seed_demo", verbosity=0)  # twice: nothing new
    assert AgendaItem.objects.filter(meeting__date=demo_items.DAY).count() == 1
