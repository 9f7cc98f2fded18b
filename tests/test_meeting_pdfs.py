"""Agenda and minutes as PDFs in seed 003's format: read back with tests/pdfs.py."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from documents.models import Document
from meetings import demo, pdf
from meetings.models import AgendaItem, AttachmentLink, Meeting, MinutesRevision
from tests.document_flow import content_of, fetch_document
from tests.pdfs import Pdf


def danish(text, context=None):
    """The label as the PDF prints it (Danish), whether or not it is translated yet."""
    with translation.override("da"):
        return pgettext(context, text) if context else translation.gettext(text)


def flat(text):
    return " ".join(text.split())


@pytest.fixture
def committee_meeting(db):
    call_command("seed_demo", verbosity=0)
    return Meeting.objects.get(body__name=demo.COMMITTEE[1], date=date(2020, 8, 18))


def pdf_of(client, user, name, meeting):
    client.force_login(user)
    response = fetch_document(client, reverse(f"meetings:{name}", args=[meeting.pk]))
    return response, Pdf(content_of(response))


def test_the_agenda_in_seed_003s_format(client, committee_meeting):
    secretary = committee_meeting.body.organisation.users.get(role="secretariat")
    response, pdf = pdf_of(client, secretary, "agenda_pdf", committee_meeting)

    assert response["Content-Disposition"] == 'inline; filename="dagsorden-2020-08-18.pdf"'
    pages = [flat(page) for page in pdf.text().split("\f")]
    text = " ".join(pages)
    assert "Midlertidigt udvalg vedrørende samarbejde med civilsamfundet" in pages[0]
    # The heading sets the date apart from the body's name; the facts give the Danish weekday date.
    assert "civilsamfundet 18. august 2020 Mødedato" in pages[0]
    assert "Tirsdag den 18. august 2020 kl. 09.00" in pages[0]
    assert "Mødelokale C2 parterre (908728369), Regionshuset Viborg" in pages[0]
    assert "Erik Vinther (V)" in pages[0]
    # The items in order, each with the case number and seed 003's sections; no decisions yet.
    starts = [
        text.index(danish("Item %(number)s: %(title)s") % {"number": n, "title": title})
        for n, (title, *_rest) in enumerate(demo.ITEMS, start=1)
    ]
    assert starts == sorted(starts)
    assert text.count("1-00-6-20") == 5
    assert "Direktionen" in text and "at udvalget godkender mødeplanen for 2020 og 2021." in text
    assert danish("Case presentation", "agenda item") in text
    assert "Annette Roed orienterede" not in text
    assert "Strategi for samarbejde med frivillige i Region Midtjylland" in text
    assert b"/URI (https://www.rm.dk/job/frivillig-i-region-midtjylland)" in pdf.source
    assert all(letter in text for letter in "æøå")
    assert f"Side 1 af {len(pdf.pages)}" in pages[0]
    # From page 2 the header names the body and the date, apart.
    assert "Midlertidigt udvalg vedrørende samarbejde med civilsamfundet, 18. august 2020" in pages[1]
    assert_contents_give_the_pages(pages)
    assert_tagged(pdf, "Midlertidigt udvalg vedrørende samarbejde med civilsamfundet")


def assert_contents_give_the_pages(pages):
    """Each title in the table of contents is followed by the page on which its item starts."""
    for number, (title, *_rest) in enumerate(demo.ITEMS, start=1):
        listed = re.search(re.escape(title) + r" +(\d+)", pages[0])  # the title, a space, the page
        assert listed, title
        heading = danish("Item %(number)s: %(title)s") % {"number": number, "title": title}
        starts_on = next(index for index, page in enumerate(pages, start=1) if heading in page)
        assert int(listed.group(1)) == starts_on


def assert_tagged(pdf, title):
    # Tagged PDF/UA-1: a structure tree, marked content, the conformance claim and the document title.
    assert b"/StructTreeRoot" in pdf.source and b"/MarkInfo" in pdf.source
    assert b"pdfuaid:part" in pdf.source and b"DisplayDocTitle true" in pdf.source
    assert b"<dc:title>" in pdf.source and title.encode() in pdf.source


def test_the_approved_minutes_show_decisions_and_the_approval(client, committee_meeting):
    reader = committee_meeting.body.organisation.users.get(role="steering_group")
    response, pdf = pdf_of(client, reader, "minutes_pdf", committee_meeting)

    assert response["Content-Disposition"] == 'inline; filename="referat-2020-08-18.pdf"'
    text = flat(pdf.text())
    assert danish("Minutes").upper() in text
    assert (
        danish("The minutes were approved on %(day)s by %(by)s.")
        % {
            "day": "26. oktober 2020",
            "by": "Udvalget, mødet 26. oktober 2020",
        }
        in text
    )
    assert danish("Decision", "agenda item") in text
    decisions = [
        "Mødet blev indledt",
        "Kontorchef Jakob Olesen",
        "Formen på afrapportering",
        "Udvalget godkendte mødeplanen.",
        "Annette Roed orienterede",
    ]
    positions = [text.index(decision) for decision in decisions]
    assert positions == sorted(positions)
    assert_contents_give_the_pages([flat(page) for page in pdf.text().split("\f")])
    assert_tagged(pdf, "Midlertidigt udvalg vedrørende samarbejde med civilsamfundet")


def test_draft_minutes_say_so_and_a_correction_shows_the_corrected_decision(client, region):
    meeting, item = region.meeting, region.item
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_DRAFTED)
    AgendaItem.objects.filter(pk=item.pk).update(decision="Dagsordenen blev godkendt.")
    AttachmentLink.objects.create(item=item, title="Frivillighedsstrategien", url="https://example.org/s")

    _response, pdf = pdf_of(client, region.users["secretariat"], "minutes_pdf", meeting)
    text = flat(pdf.text())
    assert danish("Draft: the minutes are not yet approved.") in text
    assert "Dagsordenen blev godkendt." in text and "Frivillighedsstrategien" in text

    MinutesRevision.objects.create(
        meeting=meeting,
        number=1,
        reason="Stavefejl",
        decisions={str(item.pk): "Dagsordenen blev godkendt med én ændring."},
    )
    _response, pdf = pdf_of(client, region.users["secretariat"], "minutes_pdf", meeting)
    text = flat(pdf.text())
    assert "Dagsordenen blev godkendt med én ændring." in text
    assert "Dagsordenen blev godkendt." not in text
    assert danish("Corrected on %(day)s") % {"day": ""} in text


def test_a_draft_agenda_says_so(client, region):
    _response, pdf = pdf_of(client, region.users["secretariat"], "agenda_pdf", region.meeting)
    text = flat(pdf.text())
    assert danish("Draft: the agenda is not yet published.") in text
    assert "Godkendelse af dagsorden" in text and "Side 1 af 2" in text


@pytest.mark.parametrize("name", ["agenda_pdf", "minutes_pdf"])
def test_coordinators_may_not_and_other_organisations_do_not_exist(client, region, other_region, name):
    client.force_login(region.users["secretariat"])
    client.get(reverse(f"meetings:{name}", args=[region.meeting.pk]))
    document = Document.objects.get(kind=name, object_id=region.meeting.pk)
    assert region.meeting.get_absolute_url() in client.get(document.get_absolute_url()).content.decode()
    client.force_login(region.users["coordinator"])
    assert client.get(reverse(f"meetings:{name}", args=[region.meeting.pk])).status_code == 403
    assert client.get(document.get_absolute_url()).status_code == 404  # nor its document
    client.force_login(region.users["steering_group"])
    assert client.get(reverse(f"meetings:{name}", args=[other_region.meeting.pk])).status_code == 404


def test_the_pdfs_queries_do_not_grow_with_the_agenda(region):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            pdf.minutes_pdf(region.meeting)
        return len(captured)

    before = queries()
    for position in range(2, 6):
        item = AgendaItem.objects.create(meeting=region.meeting, position=position, title=f"Punkt {position}")
        AttachmentLink.objects.create(item=item, title="Link", url="https://example.org/")
    MinutesRevision.objects.create(meeting=region.meeting, number=1, reason="-", decisions={})
    assert queries() == before
