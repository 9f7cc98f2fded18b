"""Collaboration agreements: form, scoping, workflow, history, PDF, list and review reminders."""

import time
from datetime import date, timedelta
from smtplib import SMTPException

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements import tasks
from agreements.models import Agreement, AgreementError, ReviewReminder
from core.fields import TEXT_LENGTH
from documents.models import Document
from frivillig.celery import app
from tests.document_flow import content_of, fetch_document
from tests.factories import make_agreement
from tests.pdfs import Pdf
from volunteers.models import Notification, Unit, User, VolunteerOrganisation


def url(name, agreement=None):
    return reverse(f"agreements:{name}", args=[agreement.pk] if agreement else [])


def form_data(region, **changes):
    """Everything the agreement form asks for, filled in as a coordinator would."""
    data = {
        "title": "Patient- og pårørendecafé",
        "kind": Agreement.Kind.VOLUNTEER_CENTRE,
        "unit": region.hospital.pk,
        "volunteer_organisation": region.volunteer_organisation.pk,
        "responsible": region.users["coordinator"].pk,
        "purpose": "Et mødested for patienter og pårørende.",
        "target_group": "Patienter og pårørende på kræftafdelingen.",
        "volunteer_tasks": "Værtskab i caféen\nKaffe og en snak",
        "professional_tasks": "Information om sygdom og behandling\nHenvisning til caféen",
        "volunteers_must_not": "Rådgive om behandling",
        "unit_contact": "Sofie Bach",
        "organisation_contact": "Lars Jensen",
        "onboarding": "Introduktion ved koordinatoren.",
        "insurance_and_legal": "Foreningens forsikring dækker.",
        "requires_confidentiality": "on",
        "confidential_information": "Tavshedserklæring.",
        "meetings": "Kvartalsvise møder.",
        "expected_volunteers": "8",
        "start_date": "2026-02-01",
        "review_date": "2027-02-01",
        "end_date": "",
        "termination": "Tre måneders skriftligt varsel.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def step(client, agreement, name, **data):
    """Post one workflow step as its form does (field names prefixed by the step; the irreversible
    steps from their confirmation page)."""
    fields = {f"{name}-{k}": v for k, v in data.items()}
    return client.post(url(f"agreement_{name}", agreement), {"confirmed": "1", **fields})


def through_approval(client, agreement):
    step(
        client, agreement, "tr_dialogue", held_on="2026-01-10", held_with="Hanne Møller (TR)", outcome="Enige"
    )
    step(client, agreement, "approve", approved_by="Jens Østergaard, direktør", approved_on="2026-01-15")
    agreement.refresh_from_db()


# --- the form ------------------------------------------------------------------------------------


def test_coordinator_creates_an_agreement_as_responsible(client, region):
    coordinator = region.users["coordinator"]
    client.force_login(coordinator)
    assert client.get(url("agreement_create")).context["form"]["responsible"].value() == coordinator.pk

    response = client.post(url("agreement_create"), form_data(region))

    agreement = Agreement.objects.get(title="Patient- og pårørendecafé")
    assert response.status_code == 302 and response.url == agreement.get_absolute_url()
    assert agreement.organisation == region.organisation
    assert agreement.status == Agreement.Status.DRAFT
    assert agreement.responsible == coordinator
    assert agreement.volunteer_task_list == ["Værtskab i caféen", "Kaffe og en snak"]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"end_date": "2026-01-01"},
            "end_date",
            ("The end date, %(end)s, is before the start date, %(start)s.", {"end": "2026-01-01"}),
        ),
        (
            {"end_date": "2026-12-31"},
            "review_date",
            ("The review date, %(review)s, is after the end date, %(end)s.", {"end": "2026-12-31"}),
        ),
        (
            {"review_date": "2026-01-15"},
            "review_date",
            ("The review date, %(review)s, is before the start date, %(start)s.", {"review": "2026-01-15"}),
        ),
        ({"volunteer_tasks": " \n - \n"}, "volunteer_tasks", "Describe the volunteers' tasks, one per line."),
        ({"professional_tasks": ""}, "professional_tasks", None),
    ],
)
def test_bad_input_is_explained_and_kept(client, region, changes, field, message):
    client.force_login(region.users["coordinator"])
    before = Agreement.objects.count()

    response = client.post(url("agreement_create"), form_data(region, **changes))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if isinstance(message, tuple):  # the message names the dates involved, in Danish
        text, changed = message
        dates = {"start": "2026-02-01", "review": "2027-02-01", **changed}
        assert (
            _(text) % {name: date_format(date.fromisoformat(day)) for name, day in dates.items()}
            in errors[field]
        )
    elif message:
        assert _(message) in errors[field]
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert "Patient- og pårørendecafé" in page and "Et mødested for patienter og pårørende." in page
    assert Agreement.objects.count() == before


@pytest.mark.parametrize(
    "field, other",
    [
        ("unit", lambda region, other_region: region.other_hospital.pk),
        ("unit", lambda region, other_region: other_region.hospital.pk),
        ("volunteer_organisation", lambda region, other_region: other_region.volunteer_organisation.pk),
        ("responsible", lambda region, other_region: other_region.users["coordinator"].pk),
    ],
)
def test_tampered_choices_are_refused(client, region, other_region, field, other):
    client.force_login(region.users["coordinator"])
    before = Agreement.objects.count()

    response = client.post(url("agreement_create"), form_data(region, **{field: other(region, other_region)}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Agreement.objects.count() == before


def test_form_offers_only_the_users_units_and_organisations(client, region, other_region):
    client.force_login(region.users["coordinator"])
    form = client.get(url("agreement_create")).context["form"]
    assert set(form.fields["unit"].queryset) == {region.hospital, region.department}
    assert set(form.fields["volunteer_organisation"].queryset) == {region.volunteer_organisation}


def test_editing_keeps_the_history_of_who_changed_what(client, region):
    coordinator = region.users["coordinator"]
    coordinator.first_name, coordinator.last_name = "Sofie", "Bach"
    coordinator.save()
    agreement = region.agreement
    client.force_login(coordinator)

    client.post(
        url("agreement_edit", agreement),
        form_data(region, title="Besøgsvenner 2026", review_date="2026-12-01"),
    )

    agreement.refresh_from_db()
    assert agreement.title == "Besøgsvenner 2026"
    page = client.get(agreement.get_absolute_url()).content.decode()
    history = page[page.index('id="history-title"') :]
    assert "Sofie Bach" in history
    assert "Besøgsvenner på medicinsk afdeling" in history and "Besøgsvenner 2026" in history
    assert str(Agreement._meta.get_field("title").verbose_name).capitalize() in history
    assert str(Agreement._meta.get_field("kind").verbose_name).capitalize() in history
    # Choices read as their labels, not their stored values.
    assert str(Agreement.Kind.VOLUNTEER_CENTRE.label) in history


def test_editing_is_locked_after_approval(client, region):
    agreement = region.agreement
    client.force_login(region.users["coordinator"])
    through_approval(client, agreement)
    assert agreement.status == Agreement.Status.APPROVED

    response = client.get(url("agreement_edit", agreement))
    assert response.status_code == 409 and "form" not in response.context
    client.post(url("agreement_edit", agreement), form_data(region, title="Ændret efter godkendelse"))

    agreement.refresh_from_db()
    assert agreement.title == "Besøgsvenner på medicinsk afdeling"
    assert url("agreement_edit", agreement) not in client.get(agreement.get_absolute_url()).content.decode()


# --- the workflow --------------------------------------------------------------------------------


def test_the_workflow_from_draft_to_active_and_ended(client, region):
    agreement = region.agreement
    client.force_login(region.users["coordinator"])

    through_approval(client, agreement)
    assert (agreement.tr_dialogue_on, agreement.tr_dialogue_with) == (date(2026, 1, 10), "Hanne Møller (TR)")
    assert (agreement.approved_by, agreement.approved_on) == ("Jens Østergaard, direktør", date(2026, 1, 15))
    assert step(client, agreement, "activate").status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE

    next_review = timezone.localdate() + timedelta(days=400)
    step(client, agreement, "review", next_review_date=next_review.isoformat())
    agreement.refresh_from_db()
    assert (agreement.status, agreement.review_date) == (Agreement.Status.ACTIVE, next_review)

    step(client, agreement, "end", ended_on="2026-06-30")
    agreement.refresh_from_db()
    assert (agreement.status, agreement.ended_on) == (Agreement.Status.ENDED, date(2026, 6, 30))


def test_approval_needs_the_tr_dialogue_first(client, region):
    agreement = region.agreement
    client.force_login(region.users["coordinator"])

    response = step(client, agreement, "approve", approved_by="Direktøren", approved_on="2026-01-15")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT and agreement.approved_by == ""


@pytest.mark.parametrize("status", [Agreement.Status.DRAFT, Agreement.Status.TR_DIALOGUE])
def test_no_activation_without_tr_dialogue_and_approval(client, region, status):
    agreement = region.agreement
    Agreement.objects.filter(pk=agreement.pk).update(status=status, tr_dialogue_on=date(2026, 1, 10))
    client.force_login(region.users["coordinator"])

    response = step(client, agreement, "activate")

    assert response.status_code == 200 and response.context["form"].non_field_errors()
    agreement.refresh_from_db()
    assert agreement.status == status


def test_the_model_refuses_to_activate_without_recorded_steps(region):
    agreement = region.agreement
    agreement.status = Agreement.Status.APPROVED  # as if the state were forced, without the records
    with pytest.raises(AgreementError):
        agreement.activate()
    agreement.tr_dialogue_on = date(2026, 1, 10)
    with pytest.raises(AgreementError):
        agreement.activate()


def test_a_step_with_missing_fields_keeps_what_was_typed(client, region):
    agreement = region.agreement
    client.force_login(region.users["coordinator"])

    response = step(
        client, agreement, "tr_dialogue", held_on="2026-01-10", held_with="Hanne Møller", outcome=""
    )

    assert response.status_code == 200 and "outcome" in response.context["form"].errors
    assert "Hanne Møller" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT


def test_detail_offers_the_next_steps_only(client, region):
    agreement = region.agreement
    client.force_login(region.users["coordinator"])
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert url("agreement_tr_dialogue", agreement) in page
    assert url("agreement_approve", agreement) not in page
    assert url("agreement_activate", agreement) not in page

    client.force_login(region.users["steering_group"])
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert url("agreement_tr_dialogue", agreement) not in page
    assert url("agreement_edit", agreement) not in page


def test_the_steering_group_cannot_change_anything(client, region, other_region):
    agreement = region.agreement
    client.force_login(region.users["steering_group"])
    posts = [
        (url("agreement_create"), form_data(region)),
        (url("agreement_edit", agreement), form_data(region, title="Ændret")),
        (url("agreement_tr_dialogue", agreement), {"tr_dialogue-held_on": "2026-01-10"}),
        (url("agreement_approve", agreement), {}),
        (url("agreement_activate", agreement), {}),
        (url("agreement_review", agreement), {}),
        (url("agreement_end", agreement), {"end-ended_on": "2026-01-10"}),
    ]
    for address, data in posts:
        assert client.post(address, data).status_code == 403, address
    agreement.refresh_from_db()
    assert (agreement.title, agreement.status) == (
        "Besøgsvenner på medicinsk afdeling",
        Agreement.Status.DRAFT,
    )
    assert Agreement.objects.count() == 4


def test_others_agreements_cannot_be_activated(client, region, other_region):
    client.force_login(region.users["coordinator"])
    for agreement in (region.other_agreement, other_region.agreement):
        Agreement.objects.filter(pk=agreement.pk).update(
            status=Agreement.Status.APPROVED, tr_dialogue_on=date(2026, 1, 1), approved_on=date(2026, 1, 2)
        )
        assert client.post(url("agreement_activate", agreement), {"confirmed": "1"}).status_code == 404
        agreement.refresh_from_db()
        assert agreement.status == Agreement.Status.APPROVED


# --- the PDF -------------------------------------------------------------------------------------


def test_the_pdf_for_signature(client, region):
    agreement = region.agreement
    Agreement.objects.filter(pk=agreement.pk).update(
        volunteers_must_not="Give medicin\nHjælpe med forflytning"
    )
    client.force_login(region.users["coordinator"])

    response = fetch_document(client, url("agreement_pdf", agreement))

    assert response["Content-Disposition"] == f'inline; filename="samarbejdsaftale-{agreement.pk}.pdf"'
    pdf = Pdf(content_of(response))
    text = " ".join(pdf.text().split())
    for task in [
        "Samtale og selskab",
        "Højtlæsning af avis",
        "Pleje og behandling",
        "Hjælpe med forflytning",
    ]:
        assert task in text
    assert "Vurdering af, hvilke patienter der ønsker besøg" in text
    assert all(letter in text for letter in "æøå") and "Dansk Røde Kors" in text
    assert f"Side 1 af {len(pdf.pages)}" in text
    # Tagged PDF/UA-1: a structure tree, marked content, the conformance claim and the document title.
    assert b"/StructTreeRoot" in pdf.source and b"/MarkInfo" in pdf.source
    assert b"pdfuaid:part" in pdf.source and b"DisplayDocTitle true" in pdf.source
    assert b"<dc:title>" in pdf.source and "Besøgsvenner på medicinsk afdeling".encode() in pdf.source


def test_the_pdf_is_made_by_the_worker_for_those_who_see_the_agreement(client, region):
    agreement = make_agreement(region.other_hospital, region.volunteer_organisation)
    client.force_login(region.users["secretariat"])
    response = client.get(url("agreement_pdf", agreement))
    document = Document.objects.get(kind="agreement_pdf", object_id=agreement.pk)
    assert response["Location"] == document.get_absolute_url()
    assert agreement.get_absolute_url() in client.get(document.get_absolute_url()).content.decode()
    # The hospital's coordinator sees neither the other hospital's agreement nor its document.
    client.force_login(region.users["coordinator"])
    assert client.get(url("agreement_pdf", agreement)).status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404


# --- the list ------------------------------------------------------------------------------------


def listed(client, **params):
    response = client.get(url("agreement_list"), params)
    assert response.status_code == 200
    return [agreement.title for agreement in response.context["listing"].page]


def test_list_is_scoped_searched_filtered_and_sorted(client, region, other_region):
    corps = VolunteerOrganisation.objects.create(
        organisation=region.organisation, name="Frivilligkorpset", kind=VolunteerOrganisation.Kind.OWN_CORPS
    )
    today = timezone.localdate()
    make_agreement(
        region.department,
        corps,
        title="Værtsfunktion i forhallen",
        kind=Agreement.Kind.EVENTS,
        status=Agreement.Status.ACTIVE,
        start_date=today - timedelta(days=300),
        review_date=today + timedelta(days=10),
    )
    client.force_login(region.users["coordinator"])

    # Not another unit's agreement, nor another organisation's; by review date unless sorted otherwise.
    assert listed(client) == ["Besøgsvenner på medicinsk afdeling", "Værtsfunktion i forhallen"]
    assert listed(client, q="korpset") == ["Værtsfunktion i forhallen"]
    assert listed(client, q="medicinsk") == ["Besøgsvenner på medicinsk afdeling"]
    assert listed(client, unit=region.department.pk) == ["Værtsfunktion i forhallen"]
    assert listed(client, status="draft") == ["Besøgsvenner på medicinsk afdeling"]
    assert listed(client, kind="events") == ["Værtsfunktion i forhallen"]
    assert listed(client, volunteer_organisation=corps.pk) == ["Værtsfunktion i forhallen"]
    assert listed(client, review="due") == ["Værtsfunktion i forhallen"]
    assert listed(client, sort="status") == [
        "Besøgsvenner på medicinsk afdeling",
        "Værtsfunktion i forhallen",
    ]
    assert listed(client, sort="-title") == [
        "Værtsfunktion i forhallen",
        "Besøgsvenner på medicinsk afdeling",
    ]
    # A tampered filter value (another unit) is ignored, and shows nothing of that unit.
    assert listed(client, unit=region.other_hospital.pk) == listed(client)


def test_list_is_paginated(client, region):
    for number in range(30):
        make_agreement(region.hospital, region.volunteer_organisation, title=f"Aftale {number:02}")
    client.force_login(region.users["coordinator"])
    assert len(listed(client, sort="title")) == 25
    assert len(listed(client, sort="title", page=2)) == 6


# --- bounded queries -----------------------------------------------------------------------------


def grow(region, numbers):
    """More units, organisations and agreements, and a longer history with every kind of field changing."""
    units = Unit.objects.bulk_create(
        Unit(
            organisation=region.organisation,
            parent=region.hospital,
            name=f"Afsnit {i}",
            kind=Unit.Kind.DEPARTMENT,
        )
        for i in numbers
    )
    for i, unit in zip(numbers, units, strict=True):
        organisation = VolunteerOrganisation.objects.create(
            organisation=region.organisation,
            name=f"Forening {i}",
            kind=VolunteerOrganisation.Kind.ORGANISATION,
        )
        make_agreement(unit, organisation, title=f"Aftale {i}", responsible=region.users["coordinator"])
        agreement = region.agreement
        agreement.title = f"Besøgsvenner {i}"
        agreement.unit = unit
        agreement.volunteer_organisation = organisation
        agreement.requires_child_check = not agreement.requires_child_check
        agreement.review_date += timedelta(days=1)
        agreement.save()
        ReviewReminder.objects.create(
            agreement=agreement, kind=ReviewReminder.Kind.UPCOMING, review_date=agreement.review_date
        )


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["agreement_list", "agreement_detail", "agreement_edit", "reminder_list"])
def test_queries_do_not_grow_with_the_data(client, region, name):
    address = url(name, region.agreement if name in {"agreement_detail", "agreement_edit"} else None)
    client.force_login(region.users["coordinator"])
    grow(region, range(2))
    small = count_queries(client, address)
    grow(region, range(2, 32))
    assert count_queries(client, address) == small
    assert small <= 20


# --- review reminders ----------------------------------------------------------------------------

REVIEW = date(2026, 9, 1)


@pytest.fixture
def running(region):
    """An active agreement to be reviewed on REVIEW; the organisation reminds 30 days before."""
    region.organisation.review_reminder_days = 30
    region.organisation.save()
    Agreement.objects.filter(pk=region.agreement.pk).update(
        status=Agreement.Status.ACTIVE,
        review_date=REVIEW,
        tr_dialogue_on=date(2025, 12, 1),
        approved_on=date(2025, 12, 2),
    )
    region.agreement.refresh_from_db()
    return region.agreement


def sweep(django_capture_on_commit_callbacks, today):
    with django_capture_on_commit_callbacks(execute=True):
        return tasks.sweep(today=today)


def test_reminders_before_and_after_the_review_date_once_each(
    running, region, eager_celery, django_capture_on_commit_callbacks
):
    coordinator = region.users["coordinator"]

    assert sweep(django_capture_on_commit_callbacks, REVIEW - timedelta(days=31)) == 0
    assert mail.outbox == []

    assert sweep(django_capture_on_commit_callbacks, REVIEW - timedelta(days=30)) == 1
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    assert running.title in mail.outbox[0].subject
    assert f"{settings.SITE_URL}{running.get_absolute_url()}" in mail.outbox[0].body
    assert Notification.objects.filter(user=coordinator, url=running.get_absolute_url()).count() == 1

    # The same day again, and the days up to the review date: nothing twice.
    for days_before in (30, 29, 1):
        assert sweep(django_capture_on_commit_callbacks, REVIEW - timedelta(days=days_before)) == 0
    assert len(mail.outbox) == 1

    # On the review date it is due for review; the day after, overdue: one more reminder.
    sweep(django_capture_on_commit_callbacks, REVIEW)
    running.refresh_from_db()
    assert running.status == Agreement.Status.DUE_FOR_REVIEW
    assert len(mail.outbox) == 1
    assert sweep(django_capture_on_commit_callbacks, REVIEW + timedelta(days=1)) == 1
    assert sweep(django_capture_on_commit_callbacks, REVIEW + timedelta(days=2)) == 0
    assert len(mail.outbox) == 2
    assert list(ReviewReminder.objects.values_list("kind", flat=True).order_by("kind")) == [
        "overdue",
        "upcoming",
    ]
    assert not ReviewReminder.objects.filter(sent_at__isnull=True).exists()
    assert Notification.objects.filter(user=coordinator).count() == 2


def test_a_new_review_date_gets_its_own_reminders(
    running, region, eager_celery, django_capture_on_commit_callbacks
):
    sweep(django_capture_on_commit_callbacks, REVIEW - timedelta(days=10))
    Agreement.objects.filter(pk=running.pk).update(review_date=REVIEW + timedelta(days=365))
    sweep(django_capture_on_commit_callbacks, REVIEW + timedelta(days=365 - 20))
    assert len(mail.outbox) == 2
    assert ReviewReminder.objects.filter(agreement=running).count() == 2


def test_only_running_agreements_are_reminded(
    running, region, eager_celery, django_capture_on_commit_callbacks
):
    for status in (Agreement.Status.DRAFT, Agreement.Status.APPROVED, Agreement.Status.ENDED):
        Agreement.objects.filter(pk=running.pk).update(status=status)
        assert sweep(django_capture_on_commit_callbacks, REVIEW + timedelta(days=5)) == 0
    assert mail.outbox == []


def test_without_a_responsible_the_units_coordinators_are_reminded(
    running, region, eager_celery, django_capture_on_commit_callbacks
):
    Agreement.objects.filter(pk=running.pk).update(responsible=None)
    sweep(django_capture_on_commit_callbacks, REVIEW - timedelta(days=5))
    assert [message.to for message in mail.outbox] == [[region.users["coordinator"].email]]


class FailingOnceBackend(EmailBackend):
    """The mail server refuses the first message, as when it is briefly down."""

    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).attempts == 1:
            raise SMTPException("421 Service not available")
        return super().send_messages(messages)


def test_a_failed_send_is_retried_and_then_sent_once(running, region, settings, eager_celery):
    settings.EMAIL_BACKEND = "tests.test_agreements.FailingOnceBackend"
    FailingOnceBackend.attempts = 0
    reminder = ReviewReminder.objects.create(agreement=running, kind="upcoming", review_date=REVIEW)

    assert tasks.send_review_reminder.apply(args=[reminder.pk]).get() is True

    assert FailingOnceBackend.attempts == 2
    assert len(mail.outbox) == 1
    # The failed attempt left nothing half-written: one notification, from the attempt that worked.
    assert Notification.objects.count() == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert tasks.send_review_reminder.apply(args=[reminder.pk]).get() is False
    assert len(mail.outbox) == 1


def test_a_failed_send_is_recorded_and_raised_for_celery(running, region, settings):
    settings.EMAIL_BACKEND = "tests.test_agreements.FailingOnceBackend"
    FailingOnceBackend.attempts = 0
    reminder = ReviewReminder.objects.create(agreement=running, kind="upcoming", review_date=REVIEW)

    with pytest.raises(SMTPException):
        tasks.send_review_reminder(reminder.pk)
    reminder.refresh_from_db()
    assert (reminder.sent_at, reminder.attempts) == (None, 1)
    assert reminder.last_error == "SMTPException: 421 Service not available"
    assert mail.outbox == [] and not Notification.objects.exists()

    # Celery's retry sends it; a duplicate of the task sends nothing.
    assert tasks.send_review_reminder(reminder.pk) is True
    assert tasks.send_review_reminder(reminder.pk) is False
    reminder.refresh_from_db()
    assert reminder.sent_at is not None and reminder.attempts == 2
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1


def test_with_nobody_to_remind_the_reminder_waits_for_the_next_sweep(
    running, region, eager_celery, django_capture_on_commit_callbacks
):
    coordinator = region.users["coordinator"]
    User.objects.filter(pk=coordinator.pk).update(is_active=False)
    assert sweep(django_capture_on_commit_callbacks, REVIEW - timedelta(days=20)) == 1
    reminder = ReviewReminder.objects.get()
    assert (reminder.sent_at, reminder.attempts, reminder.last_error) == (None, 1, "No recipient")
    assert mail.outbox == []

    User.objects.filter(pk=coordinator.pk).update(is_active=True)
    assert sweep(django_capture_on_commit_callbacks, REVIEW - timedelta(days=19)) == 0
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    assert ReviewReminder.objects.get().sent_at is not None


def test_a_recorded_but_unsent_reminder_is_sent_by_the_next_sweep(
    running, region, eager_celery, django_capture_on_commit_callbacks
):
    # Recorded, and then the worker stopped before sending it.
    ReviewReminder.objects.create(agreement=running, kind="upcoming", review_date=REVIEW)
    assert sweep(django_capture_on_commit_callbacks, REVIEW - timedelta(days=20)) == 0
    assert len(mail.outbox) == 1
    assert ReviewReminder.objects.get().sent_at is not None


def test_a_reminder_that_no_longer_applies_is_dropped(running, region, eager_celery):
    reminder = ReviewReminder.objects.create(agreement=running, kind="upcoming", review_date=REVIEW)
    Agreement.objects.filter(pk=running.pk).update(review_date=REVIEW + timedelta(days=365))
    assert tasks.send_review_reminder.apply(args=[reminder.pk]).get() is False
    assert mail.outbox == [] and not ReviewReminder.objects.exists()


def test_reminder_list_is_scoped(client, region, other_region):
    mine = ReviewReminder.objects.create(agreement=region.agreement, kind="upcoming", review_date=REVIEW)
    ReviewReminder.objects.create(agreement=region.other_agreement, kind="upcoming", review_date=REVIEW)
    ReviewReminder.objects.create(agreement=other_region.agreement, kind="upcoming", review_date=REVIEW)
    client.force_login(region.users["coordinator"])
    assert list(client.get(url("reminder_list")).context["listing"].page) == [mine]
    client.force_login(region.users["secretariat"])
    assert len(client.get(url("reminder_list")).context["listing"].page) == 2


def test_the_sweep_is_scheduled_every_day():
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.send_review_reminders.name
    )
    assert entry["schedule"].hour == {6}


def wait_for(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_reminder_once(region):
    agreement = region.agreement
    Agreement.objects.filter(pk=agreement.pk).update(
        status=Agreement.Status.ACTIVE, review_date=timezone.localdate() + timedelta(days=5)
    )

    with start_worker(app, perform_ping_check=False, loglevel="WARNING"):
        tasks.send_review_reminders.delay()
        assert wait_for(lambda: ReviewReminder.objects.filter(sent_at__isnull=False).exists())
        # A second sweep, and a duplicate of the sending task as after a worker restart: neither resends.
        tasks.send_review_reminders.delay()
        tasks.send_review_reminder.delay(ReviewReminder.objects.get().pk)
        time.sleep(2)

    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=region.users["coordinator"]).count() == 1


def test_a_text_longer_than_the_limit_is_refused_with_the_input_kept(client, region):
    """Text fields take at most TEXT_LENGTH characters (core/fields.py): a pasted book is refused with a
    Danish message naming the count, not rendered into a PDF for minutes."""
    client.force_login(region.users["coordinator"])
    count = Agreement.objects.count()
    response = client.post(url("agreement_create"), form_data(region, purpose="x" * (TEXT_LENGTH + 1)))
    assert response.status_code == 200
    (message,) = response.context["form"].errors["purpose"]
    assert message == "Denne værdi må højst have 20000 tegn (den har 20001)."
    assert 'maxlength="20000"' in response.content.decode()
    assert Agreement.objects.count() == count
    assert (
        client.post(url("agreement_create"), form_data(region, purpose="x" * TEXT_LENGTH)).status_code == 302
    )
