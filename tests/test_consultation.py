"""The public consultation (høring): the secretariat's pages, the public response form without login with
its spam protection, moderation, and the consultation memo as PDF and .xlsx."""

import io
import re
import subprocess
import time
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from core import exports
from strategies import memo
from strategies.forms.consultation import form_started_token
from strategies.models import Consultation, ConsultationResponse, ConsultedParty, Strategy
from strategies.views import consultation as consultation_views
from strategies.views.consultation import today_in_copenhagen
from tests.pdfs import Pdf, fetch_document

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SCRIPT = "<script>alert(1)</script>"


def danish(text):
    """The label as the PDF prints it (Danish), whether or not it is translated yet."""
    with translation.override("da"):
        return translation.gettext(text)


def flat(text):
    return " ".join(text.split())


def attach(response, content=PDF, filename="Høringssvar.pdf"):
    response.attachment.save("svar.pdf", ContentFile(content), save=False)
    response.attachment_name = filename
    response.save()
    return response


def open_consultation(region, **fields):
    today = today_in_copenhagen()
    consultation = Consultation.objects.create(
        strategy=region.strategy,
        title="Høring over Frivillighedsstrategi 2019",
        introduction="Vi hører gerne dine synspunkter på udkastet.",
        opens_on=fields.pop("opens_on", today - timedelta(days=5)),
        closes_on=fields.pop("closes_on", today + timedelta(days=5)),
        **fields,
    )
    ConsultedParty.objects.create(consultation=consultation, name="Hoved-MEDudvalget", position=1)
    ConsultedParty.objects.create(consultation=consultation, name="Ældrerådet", position=2)
    return consultation


@pytest.fixture
def consultation(region):
    return open_consultation(region)


def public_url(consultation):
    return reverse("strategies:consultation_public", args=[consultation.public_token])


def response_data(consultation, seconds_ago=10, **fields):
    return {
        "name": "Mette Sørensen",
        "organisation_name": "Ældre Sagen Vejle",
        "email": "mette@example.org",
        "text": "Vi savner fokus på pårørende i udkastet.",
        "homepage": "",
        "started": form_started_token(consultation, now=time.time() - seconds_ago),
        **fields,
    }


def post_response(client, consultation, **fields):
    return client.post(public_url(consultation), response_data(consultation, **fields))


def responses_of(consultation):
    return ConsultationResponse.objects.filter(consultation=consultation)


# --- the public page -------------------------------------------------------------------------------------


def test_anyone_reads_the_draft_and_gets_the_form_without_login(
    client, consultation, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get(public_url(consultation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Høring over Frivillighedsstrategi 2019" in html
    assert "Vi hører gerne dine synspunkter på udkastet." in html
    # The draft under consultation, with its focus areas and effect targets.
    assert "Stærkere partnerskaber med civilsamfundet." in html
    assert "Frivillighed i sektorovergange" in html
    assert "Antal frivillige i sektorovergange" in html
    assert 'name="text"' in html and 'name="attachment"' in html and 'enctype="multipart/form-data"' in html
    assert "Hoved-MEDudvalget" in html and "Ældrerådet" in html  # "answering on behalf of"
    # The honeypot: hidden from view, out of the tab order, never filled in by the browser.
    honeypot = html[html.index('<div class="visually-hidden">') :]
    honeypot = honeypot[: honeypot.index("</div>", honeypot.index('name="homepage"'))]
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot
    assert 'type="hidden" name="started"' in html


def test_unknown_link_is_404(client, consultation):
    assert client.get(reverse("strategies:consultation_public", args=["not-a-token"])).status_code == 404


def test_a_valid_response_is_saved_and_receipted(client, consultation, django_capture_on_commit_callbacks):
    party = consultation.parties.get(name="Ældrerådet")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_response(client, consultation, party=party.pk)
    assert len(callbacks) == 2  # the receipt, and the secretariat's hand-off (tests/test_handoffs.py)
    thanks = reverse("strategies:consultation_thanks", args=[consultation.public_token])
    assert response.status_code == 302 and response["Location"] == thanks
    saved = responses_of(consultation).get()
    assert (saved.name, saved.organisation_name, saved.party, saved.email) == (
        "Mette Sørensen",
        "Ældre Sagen Vejle",
        party,
        "mette@example.org",
    )
    assert saved.status == ConsultationResponse.Status.RECEIVED and not saved.attachment
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == ["mette@example.org"]
    assert "Høring over Frivillighedsstrategi 2019" in receipt.subject
    # Only that a response was received, and where: anyone may type anyone's address, so nothing the
    # sender typed goes on to it.
    assert (
        "Høring over Frivillighedsstrategi 2019" in receipt.body
        and consultation.strategy.organisation.name in receipt.body
    )
    assert settings.SITE_URL + public_url(consultation) in receipt.body
    for typed in ["Mette Sørensen", "Ældre Sagen Vejle", "Vi savner fokus på pårørende", "Ældrerådet"]:
        assert typed not in receipt.body and typed not in receipt.subject
    assert client.get(thanks).status_code == 200


def test_no_receipt_without_an_address(client, consultation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert post_response(client, consultation, email="").status_code == 302
    assert responses_of(consultation).count() == 1
    assert mail.outbox == []


def test_an_invalid_response_keeps_the_input_and_says_what_is_wrong(client, consultation):
    response = post_response(client, consultation, name="", text="", email="ikke-en-adresse")
    assert response.status_code == 200
    assert not responses_of(consultation).exists()
    html = response.content.decode()
    assert "Dette felt er påkrævet." in html
    assert "Indtast en gyldig e-mail-adresse." in html
    assert 'value="Ældre Sagen Vejle"' in html and 'value="ikke-en-adresse"' in html
    assert 'id="error-summary"' in html


def test_a_filled_in_honeypot_saves_nothing(client, consultation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_response(client, consultation, homepage="https://spam.example")
    assert response.status_code == 200
    assert not responses_of(consultation).exists()
    assert mail.outbox == []


def test_a_form_sent_too_fast_saves_nothing_and_can_be_sent_again(client, consultation):
    response = post_response(client, consultation, seconds_ago=0.5)
    assert response.status_code == 200
    assert not responses_of(consultation).exists()
    html = response.content.decode()
    assert "Vi savner fokus på pårørende i udkastet." in html  # the input is kept
    # A fresh time stamp comes with the form.
    assert 'name="started"' in html


def test_a_stale_or_forged_time_stamp_saves_nothing(client, consultation, other_region):
    assert post_response(client, consultation, seconds_ago=2 * 24 * 60 * 60).status_code == 200
    assert post_response(client, consultation, started="forged").status_code == 200
    # A time stamp of another consultation's form is refused too.
    other = other_region.consultation
    assert (
        post_response(
            client, consultation, started=form_started_token(other, now=time.time() - 10)
        ).status_code
        == 200
    )
    assert not responses_of(consultation).exists()


def test_responses_are_limited_per_address(client, consultation):
    for number in range(5):
        assert post_response(client, consultation, text=f"Svar {number}").status_code == 302
    response = post_response(client, consultation, text="Svar 6")
    assert response.status_code == 429
    assert responses_of(consultation).count() == 5
    assert not responses_of(consultation).filter(text="Svar 6").exists()
    # Someone at another address is not held back.
    other = client.post(
        public_url(consultation),
        response_data(consultation, email="anden@example.org"),
        REMOTE_ADDR="10.0.0.7",
    )
    assert other.status_code == 302


def test_responses_are_limited_per_recipient_address(
    client, consultation, django_capture_on_commit_callbacks
):
    """Each response with an address sends a receipt to it, so an address gets at most 5 an hour, from
    however many client addresses, to however many consultations."""
    with django_capture_on_commit_callbacks(execute=True):
        for number, email in enumerate(
            ["offer@example.org", "Offer@Example.org "] * 2 + ["OFFER@example.org"]
        ):
            sent = client.post(
                public_url(consultation),
                response_data(consultation, email=email),
                REMOTE_ADDR=f"10.0.1.{number}",
            )
            assert sent.status_code == 302
        refused = client.post(
            public_url(consultation),
            response_data(consultation, email="offer@example.org", text="Svar 6"),
            REMOTE_ADDR="10.0.2.1",
        )
    assert refused.status_code == 200
    assert refused.context["form"].errors["email"] == [str(consultation_views.TOO_MANY_RECEIPTS)]
    assert 'value="offer@example.org"' in refused.content.decode()  # the response is kept to send again
    assert not responses_of(consultation).filter(text="Svar 6").exists()
    assert len(mail.outbox) == 5
    # Without the address, the same response is taken; another address is not held back.
    assert post_response(client, consultation, email="", text="Svar 6").status_code == 302
    assert post_response(client, consultation, email="anden@example.org").status_code == 302
    # The cache holds the address only as a keyed hash.
    key = consultation_views.RESPONSES_PER_RECIPIENT.email_key("Offer@Example.org", "all")
    assert "offer" not in key.lower() and key == consultation_views.RESPONSES_PER_RECIPIENT.email_key(
        " offer@example.org", "all"
    )


def test_spam_counts_towards_the_limit(client, consultation):
    for _number in range(5):
        post_response(client, consultation, homepage="spam")
    assert post_response(client, consultation).status_code == 429
    assert not responses_of(consultation).exists()


@pytest.mark.parametrize(
    "opens, closes, message",
    [(1, 10, "The consultation has not opened yet."), (-10, -1, "The consultation is closed.")],
)
def test_no_form_before_it_opens_or_after_the_deadline(client, region, opens, closes, message):
    today = today_in_copenhagen()
    consultation = open_consultation(
        region, opens_on=today + timedelta(days=opens), closes_on=today + timedelta(days=closes)
    )
    page = client.get(public_url(consultation))
    assert page.status_code == 200
    html = page.content.decode()
    assert danish(message) in html
    assert 'name="text"' not in html
    refused = post_response(client, consultation)
    assert refused.status_code == 403
    assert not responses_of(consultation).exists()


def test_the_deadline_is_the_end_of_the_day_in_copenhagen(client, region, monkeypatch):
    consultation = region.consultation  # 1 October to 30 November 2018
    # 23:30 in Copenhagen on the last day (22:30 UTC): still open.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2018, 11, 30, 22, 30, tzinfo=UTC))
    assert 'name="text"' in client.get(public_url(consultation)).content.decode()
    assert post_response(client, consultation).status_code == 302
    # 00:30 in Copenhagen the next day (23:30 UTC on the last day): closed.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2018, 11, 30, 23, 30, tzinfo=UTC))
    assert 'name="text"' not in client.get(public_url(consultation)).content.decode()
    assert post_response(client, consultation, text="For sent").status_code == 403
    assert not responses_of(consultation).filter(text="For sent").exists()


# --- attachments -----------------------------------------------------------------------------------------


def _odt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def test_an_attachment_is_stored_under_a_random_name_and_downloaded_by_the_secretariat(
    client, region, consultation
):
    upload = SimpleUploadedFile("Vores høringssvar.pdf", PDF, content_type="application/pdf")
    assert post_response(client, consultation, attachment=upload).status_code == 302
    saved = responses_of(consultation).get()
    assert saved.attachment_name == "Vores høringssvar.pdf"
    assert saved.attachment.name.startswith(f"consultation/{consultation.pk}/")
    assert saved.attachment.name.endswith(".pdf") and "høringssvar" not in saved.attachment.name

    url = reverse("strategies:response_attachment", args=[saved.pk])
    assert client.get(url).status_code == 302  # the public never downloads responses' attachments
    client.force_login(region.users["secretariat"])
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize(
    "filename, content, accepted",
    [
        ("svar.pdf", PDF, True),
        ("svar.txt", "Vi støtter udkastet.".encode(), True),
        ("svar.odt", _odt(), True),
        ("svar.pdf", b"Dette er tekst, ikke en PDF.", False),  # judged by content, not by name
        ("svar.pdf", _odt(), False),
        ("svar.exe", b"MZ\x90\x00\x03\x00\x00\x00", False),
        ("billede.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, False),
    ],
)
def test_attachments_are_judged_by_their_content(client, consultation, filename, content, accepted):
    upload = SimpleUploadedFile(filename, content, content_type="application/pdf")
    response = post_response(client, consultation, attachment=upload)
    assert responses_of(consultation).exists() is accepted
    if not accepted:
        assert response.status_code == 200
        assert 'id="error-summary"' in response.content.decode()


def test_an_attachment_over_10_mb_is_refused(client, consultation):
    upload = SimpleUploadedFile("stor.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    assert post_response(client, consultation, attachment=upload).status_code == 200
    assert not responses_of(consultation).exists()


# --- the secretariat: consultations and parties ----------------------------------------------------------


def test_the_secretariat_creates_a_consultation_without_changing_the_strategy(client, region):
    client.force_login(region.users["secretariat"])
    url = reverse("strategies:consultation_create", args=[region.strategy.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Høring over udkast 2",
            "introduction": "Send dit svar senest fredag.",
            "opens_on": "2026-10-01",
            "closes_on": "2026-11-30",
        },
    )
    created = Consultation.objects.get(title="Høring over udkast 2")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert (created.strategy, created.opens_on, created.closes_on) == (
        region.strategy,
        date(2026, 10, 1),
        date(2026, 11, 30),
    )
    assert len(created.public_token) >= 20
    region.strategy.refresh_from_db()
    assert region.strategy.status == Strategy.Status.DRAFT  # the strategy page's business


def test_a_deadline_before_the_opening_is_refused(client, region):
    client.force_login(region.users["secretariat"])
    url = reverse("strategies:consultation_create", args=[region.strategy.pk])
    data = {"title": "Baglæns", "opens_on": "2026-11-30", "closes_on": "2026-10-01"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Consultation.objects.filter(title="Baglæns").exists()
    assert 'value="Baglæns"' in response.content.decode()
    assert "id_closes_on" in response.content.decode()


def test_an_approved_strategy_is_not_sent_for_consultation(client, region):
    client.force_login(region.users["secretariat"])
    url = reverse("strategies:consultation_create", args=[region.approved_strategy.pk])
    assert client.get(url).status_code == 409
    data = {"title": "For sent", "opens_on": "2026-10-01", "closes_on": "2026-11-30"}
    assert client.post(url, data).status_code == 409
    assert not Consultation.objects.filter(title="For sent").exists()


def test_the_secretariat_edits_a_consultation(client, region):
    client.force_login(region.users["secretariat"])
    url = reverse("strategies:consultation_edit", args=[region.consultation.pk])
    data = {"title": "Ny titel", "introduction": "", "opens_on": "2018-10-01", "closes_on": "2018-12-15"}
    assert client.post(url, data).status_code == 302
    region.consultation.refresh_from_db()
    assert (region.consultation.title, region.consultation.closes_on) == ("Ny titel", date(2018, 12, 15))


def test_the_steering_group_reads_but_does_not_change(client, region):
    consultation = region.consultation
    client.force_login(region.users["steering_group"])
    detail = client.get(consultation.get_absolute_url())
    assert detail.status_code == 200
    assert reverse("strategies:consultation_edit", args=[consultation.pk]) not in detail.content.decode()
    edit = reverse("strategies:consultation_edit", args=[consultation.pk])
    data = {"title": "Ændret", "opens_on": "2018-10-01", "closes_on": "2018-11-30"}
    assert client.post(edit, data).status_code == 403
    moderate = reverse("strategies:response_moderate", args=[region.response.pk])
    assert client.post(moderate, {"status": "rejected", "comment": "Nej"}).status_code == 403
    delete = reverse("strategies:party_delete", args=[region.party.pk])
    assert client.post(delete).status_code == 403
    consultation.refresh_from_db()
    region.response.refresh_from_db()
    assert consultation.title != "Ændret" and region.response.status == "received"
    assert ConsultedParty.objects.filter(pk=region.party.pk).exists()


def test_anonymous_is_sent_to_log_in_from_the_secretariats_pages(client, region):
    for url in [
        region.consultation.get_absolute_url(),
        reverse("strategies:response_moderate", args=[region.response.pk]),
        reverse("strategies:consultation_memo_pdf", args=[region.consultation.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_parties_are_added_edited_and_removed(client, region):
    consultation = region.consultation
    client.force_login(region.users["secretariat"])
    add = reverse("strategies:party_create", args=[consultation.pk])
    assert (
        client.post(
            add, {"name": "Psykiatri- og Sundhedsbrugerrådet", "email": "", "position": 2}
        ).status_code
        == 302
    )
    duplicate = client.post(add, {"name": "hoved-medudvalget", "email": "", "position": 3})
    assert duplicate.status_code == 200 and consultation.parties.count() == 2
    party = consultation.parties.get(name="Psykiatri- og Sundhedsbrugerrådet")
    edit = reverse("strategies:party_edit", args=[party.pk])
    assert (
        client.post(
            edit, {"name": "Sundhedsbrugerrådet", "email": "sbr@example.org", "position": 2}
        ).status_code
        == 302
    )
    party.refresh_from_db()
    assert (party.name, party.email) == ("Sundhedsbrugerrådet", "sbr@example.org")
    # A party without responses can be removed; one with responses keeps them and stays.
    assert client.post(reverse("strategies:party_delete", args=[party.pk])).status_code == 302
    assert not ConsultedParty.objects.filter(pk=party.pk).exists()
    client.post(reverse("strategies:party_delete", args=[region.party.pk]))
    assert ConsultedParty.objects.filter(pk=region.party.pk).exists()
    assert client.get(reverse("strategies:party_delete", args=[region.party.pk])).status_code == 405


def test_another_organisations_consultation_does_not_exist(client, region, other_region):
    client.force_login(region.users["secretariat"])
    assert client.get(other_region.consultation.get_absolute_url()).status_code == 404
    assert client.post(reverse("strategies:party_delete", args=[other_region.party.pk])).status_code == 404
    assert ConsultedParty.objects.filter(pk=other_region.party.pk).exists()
    moderate = reverse("strategies:response_moderate", args=[other_region.response.pk])
    assert client.post(moderate, {"status": "rejected"}).status_code == 404
    other_region.response.refresh_from_db()
    assert other_region.response.status == "received"


# --- moderation and the detail page ----------------------------------------------------------------------


def test_the_secretariat_moderates_a_response(client, region):
    response = region.response
    client.force_login(region.users["secretariat"])
    url = reverse("strategies:response_moderate", args=[response.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Vi bakker op om udkastet." in page.content.decode()
    saved = client.post(
        url, {"status": "accepted", "party": region.party.pk, "comment": "Tages til efterretning."}
    )
    assert saved.status_code == 302
    response.refresh_from_db()
    assert (response.status, response.comment) == ("accepted", "Tages til efterretning.")
    invalid = client.post(url, {"status": "maybe", "comment": ""})
    assert invalid.status_code == 200
    response.refresh_from_db()
    assert response.status == "accepted"


def test_the_detail_page_groups_responses_by_party_and_filters_by_status(client, region):
    consultation = region.consultation
    ConsultationResponse.objects.create(
        consultation=consultation, name="Lars Nielsen", text="Et svar fra en borger.", status="accepted"
    )
    ConsultationResponse.objects.create(
        consultation=consultation, name="Spam Bot", text="Køb billige ure", status="rejected"
    )
    client.force_login(region.users["secretariat"])
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert html.index("Hoved-MEDudvalget") < html.index("Anne Jensen") < html.index("Lars Nielsen")
    assert "Spam Bot" in html
    assert consultation.public_token in html  # the public link to copy
    filtered = client.get(consultation.get_absolute_url(), {"status": "rejected"}).content.decode()
    assert "Spam Bot" in filtered and "Lars Nielsen" not in filtered and "Anne Jensen" not in filtered


def test_a_script_in_a_response_is_shown_as_text(
    client, region, consultation, eager_celery, django_capture_on_commit_callbacks
):
    assert post_response(client, consultation, text=SCRIPT, name=SCRIPT).status_code == 302
    saved = responses_of(consultation).get()
    assert saved.text == SCRIPT
    client.force_login(region.users["secretariat"])
    for url in [consultation.get_absolute_url(), reverse("strategies:response_moderate", args=[saved.pk])]:
        html = client.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert SCRIPT not in html
    url = reverse("strategies:consultation_memo_pdf", args=[consultation.pk])
    _response, pdf = fetch_document(client, url, django_capture_on_commit_callbacks)
    assert SCRIPT in Pdf(pdf).text()  # printed as text, not run or dropped


def test_consultation_detail_queries_do_not_grow_with_the_responses(
    client, region, django_assert_max_num_queries
):
    consultation = region.consultation
    parties = [
        ConsultedParty.objects.create(consultation=consultation, name=f"Part {n}", position=n + 2)
        for n in range(5)
    ]

    def add(count):
        ConsultationResponse.objects.bulk_create(
            ConsultationResponse(
                consultation=consultation,
                party=parties[n % 6] if n % 6 < 5 else None,
                name=f"Afsender {n}",
                text="Svar " * 50,
                status=["received", "accepted", "rejected"][n % 3],
            )
            for n in range(count)
        )

    client.force_login(region.users["secretariat"])
    add(2)  # with the fixture's: 3
    with django_assert_max_num_queries(12) as few:
        assert client.get(consultation.get_absolute_url()).status_code == 200
    add(297)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(consultation.get_absolute_url())
    assert len(many.captured_queries) == len(few.captured_queries)
    # The total is the groups' counts added up, not counted again (also for one status, below).
    assert response.context["listing"].page.paginator.count == 300
    counted = 'COUNT(*) AS "__count" FROM "strategies_consultationresponse"'
    assert not [query for query in many if counted in query["sql"]]
    # 25 a page, grouped by party; each heading counts all of its responses, on every page.
    page = response.content.decode()
    assert len(re.findall(r'id="response-\d', page)) == 25
    counts = [int(n) for n in re.findall(r'<h3 class="h5 mt-4" id="[a-z]+-?\w*">[^<]*\((\d+)\)</h3>', page)]
    assert sum(counts) == 300
    last = client.get(consultation.get_absolute_url(), {"page": 12}).content.decode()
    assert len(re.findall(r'id="response-\d', last)) == 300 - 11 * 25
    accepted = client.get(consultation.get_absolute_url(), {"status": "accepted"}).context["listing"]
    assert accepted.page.paginator.count == consultation.responses.filter(status="accepted").count() == 100


# --- the consultation memo -------------------------------------------------------------------------------


@pytest.fixture
def memo_consultation(region):
    consultation = region.consultation
    elders = ConsultedParty.objects.create(consultation=consultation, name="Ældrerådet", position=2)
    ConsultedParty.objects.create(consultation=consultation, name="Sundhedsbrugerrådet", position=3)
    region.response.status = "accepted"
    region.response.comment = "Tages til efterretning."
    region.response.save()
    ConsultationResponse.objects.create(
        consultation=consultation,
        party=elders,
        name="Søren Ødegård",
        text="Vi ønsker flere frivillige på plejecentrene.\n\nOg bedre kørselsordninger.",
        comment="Indarbejdet i fokusområde 2.",
        status="accepted",
    )
    ConsultationResponse.objects.create(
        consultation=consultation,
        name="Åse Holm",
        organisation_name="Frivilligcenter Vejle",
        text="=1+1 er ikke en formel her.",
    )
    ConsultationResponse.objects.create(
        consultation=consultation, name="Spam Bot", text="Køb ure", status="rejected"
    )
    return consultation


def test_the_memo_pdf(client, region, memo_consultation, eager_celery, django_capture_on_commit_callbacks):
    client.force_login(region.users["steering_group"])  # reading is enough
    url = reverse("strategies:consultation_memo_pdf", args=[memo_consultation.pk])
    response, content = fetch_document(client, url, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="hoeringsnotat-hoering-over-udkast-til-frivillighedsstrategi-2019.pdf"'
    )
    pdf = Pdf(content)
    pages = [flat(page) for page in pdf.text().split("\f")]
    text = " ".join(pages)
    # The heading, the contents, then the parties in their order and the others; each response with the
    # secretariat's comment. Each part is looked for after the one before it.
    order = [
        danish("Consultation memo").upper(),
        "Høring over udkast til Frivillighedsstrategi 2019",
        danish("Table of contents"),
        "Hoved-MEDudvalget (1)",
        "Ældrerådet (1)",
        "Sundhedsbrugerrådet (0)",
        danish("Other responses") + " (1)",
        "Side 1 af 2",
        "Hoved-MEDudvalget",
        "Anne Jensen",
        "Vi bakker op om udkastet.",
        "Tages til efterretning.",
        "Ældrerådet",
        "Søren Ødegård",
        "Vi ønsker flere frivillige på plejecentrene. Og bedre kørselsordninger.",
        "Indarbejdet i fokusområde 2.",
        "Sundhedsbrugerrådet",
        danish("No response received from this party."),
        danish("Other responses"),
        "Åse Holm, Frivilligcenter Vejle",
        "=1+1 er ikke en formel her.",
        danish("No comment yet."),
        "Side 2 af 2",
    ]
    position = -1
    for part in order:
        assert part in text[position + 1 :], f"{part!r} is missing or out of order"
        position = text.index(part, position + 1)
    # The contents give the page of each group.
    assert "Hoved-MEDudvalget (1) 2" in text
    assert "Spam Bot" not in text and "Køb ure" not in text
    assert len(pages) == 2 and "Side 1 af 2" in pages[0] and "Side 2 af 2" in pages[1]
    assert b"/StructTreeRoot" in pdf.source and b"/MarkInfo" in pdf.source


def test_pdfinfo_reports_the_memo_tagged(memo_consultation, tmp_path):
    path = tmp_path / "memo.pdf"
    path.write_bytes(memo.memo_pdf(memo_consultation))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "Page size:       595.276 x 841.89 pts (A4)" in info


def test_the_memo_xlsx(client, region, memo_consultation):
    client.force_login(region.users["secretariat"])
    response = client.get(reverse("strategies:consultation_memo_xlsx", args=[memo_consultation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_TYPE
    assert response["Content-Disposition"].endswith(
        '"hoeringsnotat-hoering-over-udkast-til-frivillighedsstrategi-2019.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["E"].width >= 60
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1], row[2]) for row in rows] == [
        ("Hoved-MEDudvalget", "Anne Jensen", None),
        ("Ældrerådet", "Søren Ødegård", None),
        (danish("Other responses"), "Åse Holm", "Frivilligcenter Vejle"),
    ]
    assert rows[1][4] == "Vi ønsker flere frivillige på plejecentrene.\n\nOg bedre kørselsordninger."
    assert rows[1][5] == "Indarbejdet i fokusområde 2."
    assert rows[2][4] == "=1+1 er ikke en formel her."  # text, not a formula
    assert rows[0][3].date() == timezone.localdate()
    assert sheet["E2"].alignment.wrap_text


# --- the section on the strategy page ----------------------------------------------------------------------


def test_the_strategy_pages_section(region, django_assert_max_num_queries):
    open_consultation(region)
    with django_assert_max_num_queries(1):
        html = render_to_string(
            "strategies/includes/detail_consultations.html", {"strategy": region.strategy, "can_change": True}
        )
    assert "Høring over udkast til Frivillighedsstrategi 2019" in html
    assert danish("Closed") in html and danish("Open for responses") in html
    assert reverse("strategies:consultation_create", args=[region.strategy.pk]) in html
    assert region.consultation.get_public_url() in html
    read_only = render_to_string(
        "strategies/includes/detail_consultations.html", {"strategy": region.strategy, "can_change": False}
    )
    assert reverse("strategies:consultation_create", args=[region.strategy.pk]) not in read_only
