"""Cache-Control: whatever a logged-in user is sent is `no-store, private` (core.middleware
.PrivateResponsesMiddleware); public pages to anonymous visitors and static files keep their caching."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from documents.models import Document
from meetings.models import Attachment

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def files(region):
    """An attachment, a consultation response's attachment and a finished document of the region."""
    attachment = Attachment.objects.create(
        item=region.item,
        title="Notat",
        file=ContentFile(PDF, name="notat.pdf"),
        filename="notat.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    region.response.attachment = ContentFile(PDF, name="svar.pdf")
    region.response.attachment_name = "svar.pdf"
    region.response.save()
    document = Document.objects.create(
        organisation=region.organisation,
        kind="agreement_pdf",
        object_id=region.agreement.pk,
        content_hash="0" * 64,
        title="Samarbejdsaftale",
        filename="samarbejdsaftale.pdf",
        status=Document.Status.READY,
        file=ContentFile(PDF, name="samarbejdsaftale.pdf"),
    )
    return {"attachment": attachment.pk, "document": document.pk}


#: (role, URL name, its arguments) of pages and files of logged-in users.
PRIVATE = [
    ("secretariat", "home", lambda r, f: []),
    ("coordinator", "volunteers:volunteer_list", lambda r, f: []),
    ("coordinator", "volunteers:volunteer_detail", lambda r, f: [r.volunteer.pk]),
    ("coordinator", "volunteers:volunteer_data_json", lambda r, f: [r.volunteer.pk]),
    ("coordinator", "volunteers:volunteer_export", lambda r, f: ["csv"]),
    ("secretariat", "meetings:follow_up_export", lambda r, f: []),
    ("secretariat", "strategies:consultation_memo_xlsx", lambda r, f: [r.consultation.pk]),
    ("coordinator", "agreements:agreement_pdf", lambda r, f: [r.agreement.pk]),
    ("coordinator", "documents:document_download", lambda r, f: [f["document"]]),
    ("secretariat", "meetings:attachment_download", lambda r, f: [f["attachment"]]),
    ("secretariat", "strategies:response_attachment", lambda r, f: [r.response.pk]),
    ("secretariat", "meetings:meeting_ics", lambda r, f: [r.meeting.pk]),
    # A public page too: to a logged-in user it shows their name and menu.
    ("secretariat", "strategies:consultation_public", lambda r, f: [r.consultation.public_token]),
    # Not found is private too: it answers whether something exists.
    ("coordinator", "volunteers:volunteer_detail", lambda r, f: [r.other_volunteer.pk]),
]


@pytest.mark.parametrize(("role", "name", "args"), PRIVATE)
def test_what_a_user_is_sent_is_not_stored(client, region, files, role, name, args):
    client.force_login(region.users[role])
    response = client.get(reverse(name, args=args(region, files)))
    assert response.status_code in {200, 302, 404}, response.status_code
    assert response["Cache-Control"] == "no-store, private"


def test_a_views_own_no_store_is_kept(client, region):
    client.force_login(region.users["secretariat"])
    response = client.get(reverse("accounts:account"))  # never_cache
    assert response.status_code == 200
    directives = {directive.strip() for directive in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "must-revalidate", "private", "max-age=0"} <= directives


def test_public_pages_keep_their_caching(client, region):
    for url in [
        reverse("strategies:consultation_public", args=[region.consultation.public_token]),
        reverse("accessibility_statement"),
        reverse("organisation_privacy", args=[region.organisation.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url


def test_static_files_keep_their_caching_for_users_too(client, region, settings):
    settings.WHITENOISE_USE_FINDERS = True  # tests have no collected static files
    settings.WHITENOISE_AUTOREFRESH = False
    client.force_login(region.users["secretariat"])
    response = client.get("/static/css/frivillig.css")
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]
