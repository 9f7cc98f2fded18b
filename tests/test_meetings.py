"""Meetings: time and place, the agenda and its items, attachments, the workflow to approved minutes,
corrections, follow-up tasks and the secretariat's start page."""

import io
import zipfile
from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.attachments import MAX_ATTACHMENT_SIZE
from meetings.models import AgendaItem, Attachment, FollowUp, Meeting, Membership, MinutesRevision
from tests.pdfs import Pdf

# A small but complete PDF, as a scanner or a word processor would write one.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)


AGENDA_LOCKED = gettext_lazy(
    "The agenda can no longer be changed: it was published to the members (status “%(status)s”)."
)
ATTACHMENTS_LOCKED = gettext_lazy(
    "Attachments are added while the agenda is a draft, and again while the minutes are written."
)


def says(response, text):
    return str(escape(text)) in response.content.decode()


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def make_attachment(item, title="Notat om samarbejdet", content=PDF, filename="notat.pdf"):
    return Attachment.objects.create(
        item=item,
        title=title,
        file=ContentFile(content, name=filename),
        filename=filename,
        content_type="application/pdf",
        size=len(content),
    )


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def meeting_data(**changes):
    data = {
        "date": "2026-10-06",
        "start_time": "09:00",
        "end_time": "12:00",
        "place": "Regionshuset Viborg, lokale C2",
        "video_link": "",
    }
    return {**data, **changes}


def item_data(**changes):
    data = {
        "title": "Drøftelse af udvalgets opgaver og arbejdsplan",
        "case_number": "1-00-6-20",
        "summary": "Udvalget drøfter opgaver og arbejdsplan.",
        "recommendation_by": "Direktionen",
        "recommendation": "at udvalget drøfter udvalgets opgaver og arbejdsplan, og\n"
        "at udvalget drøfter de forskellige input fra andre politiske udvalg.",
        "case_presentation": "Udvalget er nedsat for perioden 1. januar 2020 til 31. december 2021.",
    }
    return {**data, **changes}


@pytest.fixture
def secretary(client, region):
    client.force_login(region.users["secretariat"])
    return client


def set_status(meeting, status, **fields):
    Meeting.objects.filter(pk=meeting.pk).update(status=status, **fields)
    meeting.refresh_from_db()


# --- the meeting's time and place ----------------------------------------------------------------------


def test_secretary_creates_a_meeting(secretary, region):
    response = secretary.post(url("meeting_create", region.body.pk), meeting_data())
    meeting = Meeting.objects.get(body=region.body, date=date(2026, 10, 6))
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert (meeting.start_time, meeting.end_time, meeting.status) == (time(9), time(12), Meeting.Status.DRAFT)


def test_two_meetings_of_a_body_at_the_same_time_are_refused_and_the_input_kept(secretary, region):
    # The fixture's meeting is 1 September 2026, 9-12.
    data = meeting_data(date="2026-09-01", start_time="11:00", end_time="13:00", place="Et andet lokale")
    response = secretary.post(url("meeting_create", region.body.pk), data)
    assert response.status_code == 200
    assert _("The body already has a meeting at that time.") in response.content.decode()
    assert 'value="Et andet lokale"' in response.content.decode()
    assert Meeting.objects.filter(body=region.body).count() == 1


def test_a_meeting_outside_the_bodys_term_is_refused(secretary, region):
    region.body.term_start, region.body.term_end = date(2026, 1, 1), date(2026, 12, 31)
    region.body.save()
    response = secretary.post(url("meeting_create", region.body.pk), meeting_data(date="2027-02-01"))
    assert says(
        response, _("The date is outside the body's term (%(term)s).") % {"term": region.body.term_display}
    )
    assert 'value="2027-02-01"' in response.content.decode()
    assert not Meeting.objects.filter(date=date(2027, 2, 1)).exists()


def test_editing_a_meeting_bumps_its_calendar_sequence(secretary, region):
    before = region.meeting.sequence
    secretary.post(
        url("meeting_edit", region.meeting.pk), meeting_data(date="2026-09-01", start_time="10:00")
    )
    region.meeting.refresh_from_db()
    assert region.meeting.start_time == time(10) and region.meeting.sequence == before + 1


# --- the agenda ----------------------------------------------------------------------------------------


def test_items_are_numbered_and_shown_in_the_format_of_seed_003(secretary, region):
    response = secretary.post(url("item_create", region.meeting.pk), item_data())
    item = AgendaItem.objects.get(meeting=region.meeting, title=item_data()["title"])
    assert item.position == 2 and response.status_code == 302
    page = secretary.get(url("meeting_detail", region.meeting.pk)).content.decode()
    assert (_("Item %(number)s") % {"number": 2}) + ": Drøftelse af udvalgets opgaver" in page
    assert "1-00-6-20" in page
    assert _("%(by)s recommends,") % {"by": "Direktionen"} in page
    assert "<li>at udvalget drøfter udvalgets opgaver og arbejdsplan, og</li>" in page
    assert "<li>at udvalget drøfter de forskellige input fra andre politiske udvalg.</li>" in page
    assert page.index("Godkendelse af dagsorden") < page.index("Drøftelse af udvalgets")


def test_items_move_up_and_down_and_are_renumbered_when_one_is_deleted(secretary, region):
    first = region.item
    second = AgendaItem.objects.create(meeting=region.meeting, position=2, title="Andet punkt")
    third = AgendaItem.objects.create(meeting=region.meeting, position=3, title="Tredje punkt")

    def order():
        return list(region.meeting.items.order_by("position").values_list("title", "position"))

    secretary.post(url("item_move", third.pk), {"direction": "up"})
    assert order() == [("Godkendelse af dagsorden", 1), ("Tredje punkt", 2), ("Andet punkt", 3)]
    secretary.post(url("item_move", first.pk), {"direction": "up"})  # already first: nothing moves
    secretary.post(url("item_move", first.pk), {"direction": "down"})
    assert order() == [("Tredje punkt", 1), ("Godkendelse af dagsorden", 2), ("Andet punkt", 3)]
    secretary.post(url("item_delete", third.pk))
    assert order() == [("Godkendelse af dagsorden", 1), ("Andet punkt", 2)]
    assert secretary.post(url("item_create", region.meeting.pk), item_data(title="Nyt")).status_code == 302
    assert order()[-1] == ("Nyt", 3)
    assert second.pk in region.meeting.items.values_list("pk", flat=True)


def test_a_published_agenda_cannot_be_changed(secretary, region):
    set_status(region.meeting, Meeting.Status.PUBLISHED)
    for name, args, data in [
        ("item_create", [region.meeting.pk], item_data()),
        ("item_edit", [region.item.pk], item_data(title="Ændret")),
        ("item_delete", [region.item.pk], {}),
        ("item_move", [region.item.pk], {"direction": "down"}),
    ]:
        response = secretary.post(url(name, *args), data)
        assert response.status_code == 409, name
        assert says(response, AGENDA_LOCKED % {"status": _("Agenda published")}), name
    link = {"title": "Strategien", "url": "https://www.rm.dk/"}
    assert says(secretary.post(url("link_add", region.item.pk), link), ATTACHMENTS_LOCKED)
    assert list(region.meeting.items.values_list("title", flat=True)) == ["Godkendelse af dagsorden"]
    assert not region.item.links.exists()


# --- attachments ---------------------------------------------------------------------------------------


def attach(client, item, content, filename, title="Bilag"):
    upload = SimpleUploadedFile(filename, content, content_type="application/pdf")
    return client.post(url("attachment_add", item.pk), {"title": title, "file": upload})


def stored_files(settings):
    folder = settings.MEDIA_ROOT / "attachments"
    return list(folder.iterdir()) if folder.exists() else []


def test_a_pdf_is_stored_under_a_random_name_and_downloaded_by_those_who_may_see_the_meeting(
    client, secretary, region, other_region, settings
):
    response = attach(secretary, region.item, PDF, "Notat om samarbejdet.pdf", title="Notat")
    assert response.status_code == 302
    attachment = Attachment.objects.get(item=region.item)
    assert (attachment.filename, attachment.content_type, attachment.size) == (
        "Notat om samarbejdet.pdf",
        "application/pdf",
        len(PDF),
    )
    assert "Notat" not in attachment.file.name and len(stored_files(settings)) == 1

    for role in ["secretariat", "steering_group", "administrator"]:
        client.force_login(region.users[role])
        response = client.get(url("attachment_download", attachment.pk))
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")
        assert "Notat" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
    client.force_login(region.users["coordinator"])
    assert client.get(url("attachment_download", attachment.pk)).status_code == 403
    client.force_login(other_region.users["secretariat"])
    assert client.get(url("attachment_download", attachment.pk)).status_code == 404


@pytest.mark.parametrize(
    "content, filename",
    [
        (PNG, "notat.pdf"),  # a PNG renamed .pdf
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "program.pdf"),  # a Windows program
        (b"PK\x03\x04 not really a zip", "notat.docx"),
        (PDF, "notat.exe"),
    ],
)
def test_files_whose_content_is_not_allowed_or_does_not_match_the_name_are_refused(
    secretary, region, settings, content, filename
):
    response = attach(secretary, region.item, content, filename, title="Mit bilag")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page and 'value="Mit bilag"' in page
    assert not Attachment.objects.exists() and stored_files(settings) == []


def test_a_file_over_the_limit_is_refused(secretary, region, settings):
    response = attach(secretary, region.item, b"a" * (MAX_ATTACHMENT_SIZE + 1), "stor.txt")
    assert response.status_code == 200
    assert "10" in response.content.decode() and 'id="error-summary"' in response.content.decode()
    assert not Attachment.objects.exists() and stored_files(settings) == []


@pytest.mark.parametrize(
    "content, filename, content_type",
    [
        (docx(), "Forslag til arbejdsplan.docx", "wordprocessingml"),
        (PNG, "plancher.png", "image/png"),
        (b"Navn;Parti\nErik Vinther;V\n", "medlemmer.csv", "text/plain"),
    ],
)
def test_office_documents_images_and_text_are_accepted(secretary, region, content, filename, content_type):
    assert attach(secretary, region.item, content, filename).status_code == 302
    assert content_type in Attachment.objects.get().content_type


def test_attachments_can_be_added_to_the_minutes_until_they_are_approved(secretary, region, settings):
    set_status(region.meeting, Meeting.Status.HELD)
    assert attach(secretary, region.item, PDF, "plancher.pdf", title="Plancher fra oplæg").status_code == 302
    set_status(region.meeting, Meeting.Status.MINUTES_APPROVED)
    response = attach(secretary, region.item, PDF, "senere.pdf", title="For sent")
    assert says(
        response,
        _("Attachments are added while the agenda is a draft, and again while the minutes are written."),
    )
    assert list(Attachment.objects.values_list("title", flat=True)) == ["Plancher fra oplæg"]
    assert len(stored_files(settings)) == 1


def test_named_links_are_attachments_too(secretary, region):
    data = {"title": "Strategi for samarbejde med frivillige", "url": "https://www.rm.dk/job/frivillig"}
    assert secretary.post(url("link_add", region.item.pk), data).status_code == 302
    page = secretary.get(url("meeting_detail", region.meeting.pk)).content.decode()
    assert '<a href="https://www.rm.dk/job/frivillig">Strategi for samarbejde med frivillige</a>' in page


# --- the workflow --------------------------------------------------------------------------------------


def step(client, meeting, name, **data):
    """Post a step as its page does (the irreversible ones from their confirmation page)."""
    return client.post(url("meeting_step", meeting.pk, name), {"confirmed": "1", **data})


def test_an_agenda_without_items_cannot_be_published(secretary, region):
    region.item.delete()
    response = step(secretary, region.meeting, "publish")
    assert response.status_code == 200
    assert _("An agenda needs at least one item before it is published.") in response.content.decode()
    region.meeting.refresh_from_db()
    assert region.meeting.status == Meeting.Status.DRAFT


def test_publishing_mails_each_member_the_agenda_pdf(
    secretary, region, eager_celery, django_capture_on_commit_callbacks
):
    Membership.objects.filter(body=region.body).update(email="erik.vinther@example.org")
    Membership.objects.create(body=region.body, name="Annette Roed", email="annette.roed@example.org")
    Membership.objects.create(body=region.body, name="Uden e-mail")
    Membership.objects.create(
        body=region.body, name="Tidligere medlem", email="gammel@example.org", end=date(2025, 12, 31)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = step(secretary, region.meeting, "publish")
    assert response.status_code == 302
    region.meeting.refresh_from_db()
    assert region.meeting.status == Meeting.Status.PUBLISHED and region.meeting.published_at
    # One message, the members in Bcc: a retry after a failed send mails nobody twice.
    [message] = mail.outbox
    assert message.to == [] and sorted(message.bcc) == [
        "annette.roed@example.org",
        "erik.vinther@example.org",
    ]
    for message in mail.outbox:
        [(filename, content, mimetype)] = message.attachments
        assert filename == "dagsorden-2026-09-01.pdf" and mimetype == "application/pdf"
        assert "Godkendelse af dagsorden" in Pdf(content).text()


def test_nothing_is_mailed_when_publishing_fails(
    secretary, region, eager_celery, django_capture_on_commit_callbacks
):
    Membership.objects.filter(body=region.body).update(email="erik.vinther@example.org")
    set_status(region.meeting, Meeting.Status.HELD)
    with django_capture_on_commit_callbacks(execute=True):
        step(secretary, region.meeting, "publish")
    assert mail.outbox == []


def test_minutes_cannot_be_approved_before_they_are_drafted(secretary, region):
    set_status(region.meeting, Meeting.Status.HELD)
    response = step(secretary, region.meeting, "approve", approved_by="Udvalget", approved_on="2026-09-20")
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    region.meeting.refresh_from_db()
    assert region.meeting.status == Meeting.Status.HELD and region.meeting.minutes_approved_on is None


def test_from_draft_to_approved_minutes_then_locked_and_corrected_by_a_visible_revision(secretary, region):
    meeting, item = region.meeting, region.item
    decision_url = url("decision_edit", item.pk)
    # Before the meeting is held there is nothing to decide.
    assert secretary.post(decision_url, {"decision": "For tidligt"}).status_code == 409
    item.refresh_from_db()
    assert item.decision == ""

    assert step(secretary, meeting, "publish").status_code == 302
    assert step(secretary, meeting, "held").status_code == 302
    assert secretary.post(decision_url, {"decision": "Dagsordenen blev godkendt."}).status_code == 302
    assert step(secretary, meeting, "draft-minutes").status_code == 302
    assert (
        secretary.post(decision_url, {"decision": "Dagsordenen blev godkendt uden ændringer."}).status_code
        == 302
    )
    response = step(secretary, meeting, "approve", approved_by="Udvalget", approved_on="2026-09-20")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    assert (meeting.minutes_approved_by, meeting.minutes_approved_on) == ("Udvalget", date(2026, 9, 20))

    # Approved minutes are locked: the page says so and a POST changes nothing.
    response = secretary.post(decision_url, {"decision": "Ændret bagefter"})
    assert response.status_code == 409
    locked = _(
        "The minutes were approved on %(date)s by %(who)s and are locked. A correction is made as a "
        "revision of the minutes, which is shown with the meeting."
    ) % {"date": date_filter(date(2026, 9, 20)), "who": "Udvalget"}
    assert says(response, locked)
    item.refresh_from_db()
    assert item.decision == "Dagsordenen blev godkendt uden ændringer."

    # A correction needs a changed decision and a reason.
    field = f"decision_{item.pk}"
    response = secretary.post(
        url("revision_create", meeting.pk), {"reason": "Ingen ændring", field: item.decision}
    )
    assert _("No decision was changed: correct at least one.") in response.content.decode()
    assert not MinutesRevision.objects.exists()
    corrected = "Dagsordenen blev godkendt med en tilføjelse om gensidig orientering."
    data = {"reason": "Tilføjelse efter bemærkning fra formanden.", field: corrected}
    assert secretary.post(url("revision_create", meeting.pk), data).status_code == 302
    revision = MinutesRevision.objects.get()
    assert (revision.number, revision.decisions, revision.created_by) == (
        1,
        {str(item.pk): corrected},
        region.users["secretariat"],
    )
    page = secretary.get(meeting.get_absolute_url()).content.decode()
    expected = _("Correction %(number)s of %(date)s") % {"number": 1, "date": ""}
    assert expected.strip() in page and "Tilføjelse efter bemærkning fra formanden." in page
    assert corrected in page and "Dagsordenen blev godkendt uden ændringer." not in page
    item.refresh_from_db()
    assert item.decision == "Dagsordenen blev godkendt uden ændringer."  # the approved text is kept


def test_the_steering_group_reads_every_page_but_changes_nothing(client, region):
    task = FollowUp.objects.create(
        item=region.item, title="Opgave", owner="Sekretariatet", deadline=date(2026, 9, 30)
    )
    attachment = make_attachment(region.item)
    client.force_login(region.users["steering_group"])
    assert client.get(url("meeting_detail", region.meeting.pk)).status_code == 200
    assert client.get(url("attachment_download", attachment.pk)).status_code == 200
    item, meeting = region.item.pk, region.meeting.pk
    changes = [
        ("meeting_create", [region.body.pk], meeting_data(date="2026-11-01")),
        ("meeting_edit", [meeting], meeting_data(place="Ændret")),
        ("meeting_step", [meeting, "publish"], {}),
        ("revision_create", [meeting], {"reason": "x"}),
        ("item_create", [meeting], item_data()),
        ("item_edit", [item], item_data(title="Ændret")),
        ("item_move", [item], {"direction": "down"}),
        ("item_delete", [item], {}),
        ("attachment_add", [item], {"title": "x", "file": SimpleUploadedFile("a.pdf", PDF)}),
        ("link_add", [item], {"title": "x", "url": "https://example.org/"}),
        ("decision_edit", [item], {"decision": "x"}),
        ("task_create", [item], {"title": "x", "owner": "y", "deadline": "2026-10-01"}),
        ("task_done", [task.pk], {}),
    ]
    for name, args, data in changes:
        assert client.post(url(name, *args), data).status_code == 403, name
    region.meeting.refresh_from_db()
    assert region.meeting.status == Meeting.Status.DRAFT and region.meeting.place == "Mødelokale 1"
    assert Meeting.objects.filter(body=region.body).count() == 1
    assert list(AgendaItem.objects.filter(meeting=region.meeting).values_list("title", flat=True)) == [
        "Godkendelse af dagsorden"
    ]
    assert Attachment.objects.count() == 1 and FollowUp.objects.filter(done_on__isnull=True).count() == 1


def test_others_cannot_post_to_another_organisations_items_and_tasks(client, region, other_region):
    task = FollowUp.objects.create(
        item=other_region.item, title="Opgave", owner="Sekretariatet", deadline=date(2026, 9, 30)
    )
    client.force_login(region.users["secretariat"])
    assert client.post(url("item_move", other_region.item.pk), {"direction": "down"}).status_code == 404
    assert client.post(url("item_delete", other_region.item.pk)).status_code == 404
    assert client.post(url("task_done", task.pk)).status_code == 404
    assert AgendaItem.objects.filter(pk=other_region.item.pk).exists()
    task.refresh_from_db()
    assert task.done_on is None


def test_an_unknown_step_is_404(secretary, region):
    assert secretary.post(url("meeting_step", region.meeting.pk, "cancel")).status_code == 404


# --- follow-up tasks and the start page ----------------------------------------------------------------


def test_overdue_follow_ups_stay_on_the_start_page_until_done(secretary, region):
    set_status(region.meeting, Meeting.Status.HELD)
    today = timezone.localdate()
    data = {"kind": "task", "title": "Indkald til workshop", "owner": "Dorthe Klith", "deadline": today}
    assert secretary.post(url("task_create", region.item.pk), data).status_code == 302
    FollowUp.objects.create(
        item=region.item, title="Send plancher", owner="Jakob Olesen", deadline=today - timedelta(days=3)
    )
    FollowUp.objects.create(
        item=region.item, title="Ring til centret", owner="Jakob Olesen", deadline=today - timedelta(days=5)
    )
    page = secretary.get(reverse("home")).content.decode()
    overdue = page[page.index('id="tasks-title"') :]
    assert overdue.index("Ring til centret") < overdue.index("Send plancher")  # longest overdue first
    assert "Indkald til workshop" not in overdue  # due today: not overdue yet
    task = FollowUp.objects.get(title="Send plancher")
    assert f'action="{url("task_done", task.pk)}"' in overdue  # done in one click from the list
    response = secretary.post(url("task_done", task.pk), {"next": reverse("home")})
    assert response["Location"] == reverse("home")
    task.refresh_from_db()
    assert (task.status, task.done_on) == (FollowUp.Status.DONE, today)
    assert list(task.notes.values_list("status", "date")) == [(FollowUp.Status.DONE, today)]
    page = secretary.get(reverse("home")).content.decode()
    overdue = page[page.index('id="tasks-title"') :]
    assert "Send plancher" not in overdue and "Ring til centret" in overdue


def test_the_start_page_lists_the_meetings_of_the_coming_six_weeks(secretary, region, other_region):
    today = timezone.localdate()
    Meeting.objects.filter(pk=region.meeting.pk).update(date=today - timedelta(days=1))
    for days in (1, 20, 42, 43):
        Meeting.objects.create(
            body=region.body, date=today + timedelta(days=days), start_time=time(9), end_time=time(10)
        )
    Meeting.objects.filter(pk=other_region.meeting.pk).update(date=today)
    page = secretary.get(reverse("home")).content.decode()
    upcoming = page[
        page.index('id="upcoming-title"') : page.index("</section>", page.index('id="upcoming-title"'))
    ]
    links = [url("meeting_detail", m.pk) for m in Meeting.objects.filter(body=region.body).order_by("date")]
    assert links[0] not in upcoming  # already held
    assert all(f'href="{link}"' in upcoming for link in links[1:4])  # up to 42 days ahead
    assert f'href="{links[4]}"' not in upcoming
    assert f'href="{url("meeting_detail", other_region.meeting.pk)}"' not in page


def test_the_meeting_page_shows_each_part_of_an_item_escaped(secretary, region):
    """The items are written in Python (meetings.templatetags.agenda): every part is there, every text
    escaped, every link and button pointing at its item."""
    set_status(region.meeting, Meeting.Status.HELD)
    item = AgendaItem.objects.create(
        meeting=region.meeting,
        position=2,
        title="Budget <2027> & plan",
        is_closed=True,
        coordinated_with="Økonomi & HR",
        decision_points="1. Godkende <planen>\n2) Orientere rådet",
        summary="Første linje\nAnden linje",
        case_presentation="Afsnit et.\n\nAfsnit to.",
        decision="Godkendt.",
    )
    attachment = make_attachment(item, title="Notat <udkast>")
    Attachment.objects.filter(pk=attachment.pk).update(is_internal=True)
    item.links.create(title="Strategien", url="https://www.rm.dk/?a=1&b=2")
    task = FollowUp.objects.create(
        item=item, title="Send <planen>", owner="Sekretariatet", deadline=date(2020, 1, 2)
    )
    revision = MinutesRevision.objects.create(
        meeting=region.meeting, number=1, reason="Rettelse", decisions={str(item.pk): "Rettet."}
    )

    page = secretary.get(region.meeting.get_absolute_url()).content.decode()
    heading = f"{_('Item %(number)s') % {'number': 2}}: Budget &lt;2027&gt; &amp; plan"
    assert f'<li><a href="#item-{item.pk}">{heading}</a></li>' in page
    assert f'<h3 id="item-{item.pk}-title">{heading} <span class="badge text-bg-dark closed-item">' in page
    assert '<dd class="col-sm-8">Økonomi &amp; HR</dd>' in page
    assert '<ol class="decision-points"><li>Godkende &lt;planen&gt;</li><li>Orientere rådet</li></ol>' in page
    assert "<p>Første linje<br>Anden linje</p>" in page
    assert "<p>Afsnit et.</p>\n\n<p>Afsnit to.</p>" in page
    assert "<p>Rettet.</p>" in page and "<p>Godkendt.</p>" not in page  # the correction wins
    corrected = _("Corrected on %(date)s; see the corrections below.") % {
        "date": date_filter(revision.created_at.date())
    }
    assert corrected in page
    assert f'<a href="{url("attachment_download", attachment.pk)}">Notat &lt;udkast&gt;</a>' in page
    assert f"(notat.pdf, {escape(filesizeformat(len(PDF)))}, {_('internal')})" in page
    link = '<a href="https://www.rm.dk/?a=1&amp;b=2">Strategien</a> <span class="text-body-secondary">'
    assert f"{link}({_('link')})</span>" in page
    assert f'<td><a href="{url("follow_up_detail", task.pk)}">Send &lt;planen&gt;</a></td>' in page
    assert f'<strong class="task-overdue">{_("Overdue")}</strong>' in page
    name = f'<span class="visually-hidden">: {escape(str(item))}</span>'
    assert (
        f'href="{url("minutes_write", region.meeting.pk)}#item-{item.pk}">{_("Write the decision")}{name}'
        in page
    )
    assert f'href="{url("task_create", item.pk)}">{_("Add a decision or task to follow up")}{name}' in page
    assert f'href="{url("attachment_add", item.pk)}">{_("Attach a file")}{name}' in page
    assert url("item_edit", item.pk) not in page  # the agenda is no longer a draft


def test_a_draft_agendas_items_move_up_except_the_first_and_down_except_the_last(secretary, region):
    second = AgendaItem.objects.create(meeting=region.meeting, position=2, title="Andet punkt")
    page = secretary.get(region.meeting.get_absolute_url()).content.decode()
    for item, directions in ((region.item, ["down"]), (second, ["up"])):
        form = page.split(f'action="{url("item_move", item.pk)}"')[1].split("</form>")[0]
        assert 'name="csrfmiddlewaretoken"' in form
        assert [d for d in ("up", "down") if f'value="{d}"' in form] == directions
        assert (
            f'href="{url("item_edit", item.pk)}"' in page
            and f'action="{url("item_delete", item.pk)}"' in page
        )


# --- query counts --------------------------------------------------------------------------------------


def count_queries(client, address):
    cache.clear()  # what a page keeps in the cache (the start page's count of volunteers) is read afresh
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_meeting_page_issues_the_same_queries_for_30_items_with_60_attachments(secretary, region):
    meeting = region.meeting
    FollowUp.objects.create(
        item=region.item, title="Opgave", owner="Sekretariatet", deadline=date(2026, 9, 30)
    )
    make_attachment(region.item)
    small = count_queries(secretary, meeting.get_absolute_url())
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n, title=f"Punkt {n}", decision="Taget til efterretning.")
        for n in range(2, 31)
    )
    for item in items:
        make_attachment(item, title="Bilag A")
        make_attachment(item, title="Bilag B")
        FollowUp.objects.create(item=item, title="Opgave", owner="Sekretariatet", deadline=date(2026, 9, 30))
    MinutesRevision.objects.create(
        meeting=meeting, number=1, reason="Rettelse", decisions={str(items[0].pk): "Ny"}
    )
    assert count_queries(secretary, meeting.get_absolute_url()) == small
    assert small <= 12


def test_the_secretariats_start_page_issues_the_same_queries_with_many_meetings_and_tasks(secretary, region):
    small = count_queries(secretary, reverse("home"))
    today = timezone.localdate()
    for days in range(10):
        meeting = Meeting.objects.create(
            body=region.body, date=today + timedelta(days=days), start_time=time(13), end_time=time(14)
        )
        item = AgendaItem.objects.create(meeting=meeting, position=1, title="Punkt")
        for n in range(3):
            FollowUp.objects.create(item=item, title=f"Opgave {n}", owner="Sekretariatet", deadline=today)
    assert count_queries(secretary, reverse("home")) == small
    assert small <= 17  # besides meetings and tasks: reports to review, minutes, responses (listed, counted)


def test_anchors_use_plain_ids_even_where_danish_numbers_get_a_dot(secretary, region):
    """Danish formats write 1332 as "1.332"; an id or link built from a primary key must not."""
    item = AgendaItem.objects.create(
        meeting=region.meeting, position=2, title="Punkt med stort id", pk=123456
    )
    page = secretary.get(region.meeting.get_absolute_url()).content.decode()
    assert f'id="item-{item.pk}"' in page and f'href="#item-{item.pk}"' in page
    assert "123.456" not in page
