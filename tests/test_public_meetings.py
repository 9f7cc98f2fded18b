"""The public version of a public body's agendas and minutes: no login, no closed items, no internal
attachments, no drafts."""

import re
from datetime import date, time

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from documents.models import Document
from documents.tasks import make_document
from meetings import demo as meetings_demo
from meetings.models import AgendaItem, Attachment, AttachmentLink, Attendance, Body, Meeting, MinutesRevision
from tests.document_flow import content_of
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory, MembershipFactory
from tests.pdfs import Pdf

#: Put in every field of the closed item, of the internal attachments and links, and of the body's
#: private data: it must appear in no public response.
SECRET = "Hemmeligholdt"
#: The draft decision of an open item: public only once the minutes are approved.
DRAFT = "Udkastbeslutning"
PDF_BYTES = b"%PDF-1.4\n% test\n"

Status = Meeting.Status


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def danish(text):
    with translation.override("da"):
        return translation.gettext(text)


def attach(item, title, filename, internal=False):
    return Attachment.objects.create(
        item=item,
        title=title,
        file=ContentFile(PDF_BYTES, name=filename),
        filename=filename,
        content_type="application/pdf",
        size=len(PDF_BYTES),
        is_internal=internal,
    )


@pytest.fixture
def public(db):
    body = BodyFactory(name="Styregruppe for frivillighed", is_public=True, mandate="Åbenhed er princippet.")
    member = MembershipFactory(body=body, seat_category__body=body, email=f"{SECRET.lower()}@example.org")
    meeting = MeetingFactory(plan__body=body, date=date(2025, 3, 4), start_time=time(9), end_time=time(11))
    open_item = AgendaItemFactory(
        meeting=meeting,
        position=1,
        title="Godkendelse af dagsorden",
        summary="Et åbent resumé.",
        recommendation="at dagsordenen godkendes.",
        decision=DRAFT,
        decision_points="At dagsordenen godkendes",
    )
    closed_item = AgendaItemFactory(
        meeting=meeting,
        position=2,
        is_closed=True,
        title=f"{SECRET} titel",
        case_number=f"{SECRET}-sag",
        summary=f"{SECRET} resumé",
        recommendation=f"at {SECRET} indstilling godkendes.",
        recommendation_by=f"{SECRET} direktion",
        case_presentation=f"{SECRET} sagsfremstilling",
        decision=f"{SECRET} beslutning",
        coordinated_with=f"{SECRET} koordineret",
        responsible_leader=f"{SECRET} leder",
        item_attendees=f"{SECRET} deltager",
        decision_points=f"{SECRET} punkt",
    )
    last_item = AgendaItemFactory(meeting=meeting, position=3, title="Eventuelt")
    Attendance.objects.create(
        meeting=meeting, membership=member, name=member.name, represents=member.represents, status="present"
    )
    Attendance.objects.create(meeting=meeting, name="Lise Gæst", is_guest=True, note=SECRET, status="present")
    public_file = attach(open_item, "Mødeplan 2025", "moedeplan.pdf")
    internal_file = attach(open_item, f"{SECRET} internt bilag", f"{SECRET.lower()}.pdf", internal=True)
    closed_file = attach(closed_item, f"{SECRET} bilag til lukket punkt", "lukket.pdf")
    AttachmentLink.objects.create(item=open_item, title="Strategien", url="https://example.org/strategi")
    AttachmentLink.objects.create(
        item=open_item, title=f"{SECRET} link", url=f"https://example.org/{SECRET}", is_internal=True
    )
    AttachmentLink.objects.create(item=closed_item, title=f"{SECRET} link2", url="https://example.org/x")
    return {
        "body": body,
        "meeting": meeting,
        "items": (open_item, closed_item, last_item),
        "files": (public_file, internal_file, closed_file),
    }


def set_status(meeting, status):
    meeting.status = status
    if status == Status.MINUTES_APPROVED:
        meeting.minutes_approved_on, meeting.minutes_approved_by = date(2025, 4, 1), "Styregruppen"
    meeting.save()


def public_urls(meeting):
    return [
        url("public_bodies", meeting.body.organisation_id),
        url("public_body", meeting.body_id),
        url("public_meeting", meeting.pk),
        url("public_agenda_pdf", meeting.pk),
        url("public_minutes_pdf", meeting.pk),
    ]


def public_get(client, address):
    """The response a reader ends with: a PDF's address first answers a page that reloads itself while
    the worker makes the PDF (run here, at once), then the PDF."""
    response = client.get(address)
    if response.status_code == 200 and address.endswith(("/dagsorden/", "/referat/")):
        assert response["Content-Type"].startswith("text/html") and response["Refresh"]
        assert "Dokumentet bliver dannet" in response.content.decode()
        for document in Document.objects.filter(status=Document.Status.PENDING):
            make_document(document.pk)
        response = client.get(address)
        assert response["Content-Type"] == "application/pdf"
    return response


def public_text(client, meeting):
    """Every public response's text (PDFs read back) that answers 200, by URL."""
    texts = {}
    for address in public_urls(meeting):
        response = public_get(client, address)
        if response.status_code != 200:
            continue
        if response["Content-Type"] == "application/pdf":
            document = Pdf(content_of(response))
            texts[address] = document.text() + document.source.decode("latin-1")
        else:
            texts[address] = response.content.decode()
    return texts


def test_a_draft_agenda_is_not_public(client, public):
    for address in public_urls(public["meeting"])[1:]:
        response = client.get(address)
        if address.endswith(f"/organer/{public['body'].pk}/"):
            assert response.status_code == 200
            assert "2025" not in response.content.decode().split("<main", 1)[1]  # no meeting listed
        else:
            assert response.status_code == 404, address
    assert client.get(url("public_attachment", public["files"][0].pk)).status_code == 404


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.HELD, Status.MINUTES_DRAFTED])
def test_a_published_agenda_is_public_without_login_and_without_drafted_minutes(client, public, status):
    meeting = public["meeting"]
    set_status(meeting, status)
    texts = public_text(client, meeting)

    assert url("public_minutes_pdf", meeting.pk) not in texts  # minutes only once approved
    assert client.get(url("public_minutes_pdf", meeting.pk)).status_code == 404
    assert set(texts) == set(public_urls(meeting)) - {url("public_minutes_pdf", meeting.pk)}
    page = texts[url("public_meeting", meeting.pk)]
    assert "Godkendelse af dagsorden" in page and "Et åbent resumé." in page and "Mødeplan 2025" in page
    assert "Strategien" in page and "Eventuelt" in page
    assert danish("Closed item") in page
    agenda = texts[url("public_agenda_pdf", meeting.pk)]
    assert "Godkendelse af dagsorden" in agenda and danish("Closed item") in agenda
    for address, text in texts.items():
        assert SECRET not in text and SECRET.lower() not in text, address
        assert DRAFT not in text, address


def test_approved_minutes_are_public_without_closed_items(client, public):
    meeting = public["meeting"]
    open_item, closed_item, _last = public["items"]
    set_status(meeting, Status.MINUTES_APPROVED)
    # A correction of both items: the open item's shows, the closed item's does not.
    MinutesRevision.objects.create(
        meeting=meeting,
        number=1,
        reason=f"{SECRET} årsag",
        decisions={str(open_item.pk): "Dagsordenen blev godkendt.", str(closed_item.pk): f"{SECRET} rettet"},
    )
    texts = public_text(client, meeting)

    assert set(texts) == set(public_urls(meeting))
    page = texts[url("public_meeting", meeting.pk)]
    minutes = " ".join(texts[url("public_minutes_pdf", meeting.pk)].split())
    closed = danish("Closed item")
    assert "Dagsordenen blev godkendt." in page and "Dagsordenen blev godkendt." in minutes
    assert f"{danish('Item %(number)s') % {'number': 2}}: {closed}" in page
    assert danish("Item %(number)s: %(title)s") % {"number": 2, "title": closed} in minutes
    assert "Styregruppen" in page
    # The attendance, by name only (never a note).
    assert "Erik Vinther (V)" in page and "Erik Vinther (V)" in minutes and "Lise Gæst" in page
    for address, text in texts.items():
        assert SECRET not in text and SECRET.lower() not in text, address
        assert DRAFT not in text, address  # the draft was corrected; the correction is what shows


def test_the_body_page_lists_the_public_meetings_newest_first(client, public):
    meeting = public["meeting"]
    set_status(meeting, Status.MINUTES_APPROVED)
    later = MeetingFactory(plan=meeting.plan, date=date(2025, 6, 10), status=Status.PUBLISHED)
    MeetingFactory(plan=meeting.plan, date=date(2025, 9, 2))  # a draft: not listed
    response = client.get(url("public_body", public["body"].pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert url("public_meeting", later.pk) in content and url("public_meeting", meeting.pk) in content
    assert content.index(url("public_meeting", later.pk)) < content.index(url("public_meeting", meeting.pk))
    assert url("public_minutes_pdf", meeting.pk) in content
    assert url("public_minutes_pdf", later.pk) not in content
    assert len(re.findall(r'href="/offentlig/moeder/\d+/"', content)) == 2  # the draft is not listed
    assert "Åbenhed er princippet." in content


def test_a_body_that_is_not_public_shows_nothing(client, public):
    meeting = public["meeting"]
    set_status(meeting, Status.MINUTES_APPROVED)
    public["body"].is_public = False
    public["body"].save()
    for address in public_urls(meeting):
        assert client.get(address).status_code == 404, address
    for attachment in public["files"]:
        assert client.get(url("public_attachment", attachment.pk)).status_code == 404


def test_only_open_public_attachments_are_downloaded(client, public):
    set_status(public["meeting"], Status.PUBLISHED)
    public_file, internal_file, closed_file = public["files"]

    response = client.get(url("public_attachment", public_file.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert 'filename="moedeplan.pdf"' in response["Content-Disposition"]
    assert client.get(url("public_attachment", internal_file.pk)).status_code == 404
    assert client.get(url("public_attachment", closed_file.pk)).status_code == 404


def test_the_public_pdfs_are_tagged_and_cached(client, public, django_assert_max_num_queries):
    meeting = public["meeting"]
    set_status(meeting, Status.MINUTES_APPROVED)
    first = public_get(client, url("public_minutes_pdf", meeting.pk))
    made = content_of(first)
    source = Pdf(made).source
    assert b"/StructTreeRoot" in source and b"pdfuaid:part" in source
    assert first["Content-Disposition"] == 'inline; filename="referat-2025-03-04.pdf"'
    # Made once: the same PDF again at once, without the worker.
    again = client.get(url("public_minutes_pdf", meeting.pk))
    assert content_of(again) == made
    # A change to what the PDF shows makes a new one: the item closed now is gone from it.
    public["items"][0].is_closed = True
    public["items"][0].save()
    changed = Pdf(content_of(public_get(client, url("public_minutes_pdf", meeting.pk)))).text()
    assert "Godkendelse af dagsorden" not in changed


def test_the_organisations_index_lists_its_public_bodies_only(client, public):
    private = BodyFactory(organisation=public["body"].organisation, name="Lukket arbejdsgruppe")
    response = client.get(url("public_bodies", public["body"].organisation_id))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Styregruppe for frivillighed" in content and private.name not in content
    public["body"].is_public = False
    public["body"].save()
    assert client.get(url("public_bodies", public["body"].organisation_id)).status_code == 404


def test_staff_see_the_link_to_the_public_page(client, region):
    secretary = region.users["secretariat"]
    client.force_login(secretary)
    response = client.get(url("body_detail", region.body.pk))
    assert url("public_body", region.body.pk) not in response.content.decode()
    region.body.is_public = True
    region.body.save()
    response = client.get(url("body_detail", region.body.pk))
    assert url("public_body", region.body.pk) in response.content.decode()


def test_the_body_form_makes_a_body_public(client, region):
    client.force_login(region.users["secretariat"])
    body = region.body
    data = {"name": body.name, "kind": body.kind, "mandate": "", "secretariat": "", "is_public": "on"}
    response = client.post(url("body_edit", body.pk), data)
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.is_public


def test_the_demo_has_public_bodies_with_a_closed_item_and_an_internal_attachment(client, db):
    call_command("seed_demo", verbosity=0)
    steering_group = Body.objects.get(organisation__name="Region Syddanmark", name="Koncernledelsesforum")
    committee = Body.objects.get(name=meetings_demo.COMMITTEE[1])
    assert steering_group.is_public and committee.is_public
    closed = AgendaItem.objects.get(meeting__body=steering_group, is_closed=True)
    internal = AttachmentLink.objects.get(item__meeting=closed.meeting, is_internal=True)
    assert closed.meeting.status == Status.HELD

    page = client.get(url("public_meeting", closed.meeting.pk)).content.decode()
    assert "Evaluering af frivillighedsstrategien" in page and danish("Closed item") in page
    assert closed.title not in page and internal.title not in page and internal.url not in page
    minutes = client.get(url("public_meeting", committee.meetings.get(date=date(2020, 8, 18)).pk))
    assert "Strategi for samarbejde med frivillige i Region Midtjylland" in minutes.content.decode()
    assert client.get(url("public_body", steering_group.pk)).status_code == 200
    call_command("seed_demo", verbosity=0)  # twice: still one closed item and one internal link
    assert AgendaItem.objects.filter(meeting__body=steering_group, is_closed=True).count() == 1
    assert AttachmentLink.objects.filter(item__meeting=closed.meeting, is_internal=True).count() == 1


def test_attachments_and_links_are_marked_internal_in_their_forms(client, region):
    client.force_login(region.users["secretariat"])
    upload = SimpleUploadedFile("notat.pdf", PDF_BYTES, content_type="application/pdf")
    form = client.get(url("attachment_add", region.item.pk)).content.decode()
    assert (
        'name="is_internal"' in form
        and danish("Internal attachment: not shown in the public version") in form
    )
    data = {"title": "Internt notat", "file": upload, "is_internal": "on"}
    assert client.post(url("attachment_add", region.item.pk), data).status_code == 302
    link = {"title": "Intranettet", "url": "https://intra.example.org/", "is_internal": "on"}
    assert client.post(url("link_add", region.item.pk), link).status_code == 302
    assert (
        client.post(
            url("link_add", region.item.pk), {**link, "title": "Åbent", "is_internal": ""}
        ).status_code
        == 302
    )
    assert Attachment.objects.get(item=region.item).is_internal
    assert dict(AttachmentLink.objects.filter(item=region.item).values_list("title", "is_internal")) == {
        "Intranettet": True,
        "Åbent": False,
    }
    # The meeting page says which are internal, in words.
    page = client.get(url("meeting_detail", region.meeting.pk)).content.decode()
    assert page.count(f", {danish('internal')})") == 2
