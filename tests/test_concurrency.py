"""Changes that meet: an edit form saved after somebody else's change, and two requests at the same moment
on PostgreSQL, each on its own connection (core/concurrency.py). Nothing is lost or undone."""

from datetime import date
from functools import partial

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.forms import AgreementForm
from agreements.models import Agreement
from core.concurrency import FINGERPRINT_FIELD
from meetings.models import Meeting
from tests.concurrent import at_once
from tests.test_agreements import form_data, step
from tests.test_meetings import meeting_data
from tests.test_register import make_volunteer, volunteer_data
from tests.test_strategies import strategy_data
from volunteers.forms.volunteers import VolunteerForm

RUNS = 8

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two connections at once: SQLite locks the whole file"
)


def _edit_url(volunteer):
    return reverse("volunteers:volunteer_edit", args=[volunteer.pk])


def _fingerprint(client, url):
    """The hidden fingerprint of the form as the page opened it."""
    return client.get(url).context["form"][FINGERPRINT_FIELD].value()


def test_an_edit_saved_after_another_change_is_refused_with_the_input_kept(client, region):
    volunteer = make_volunteer(region, phone="11 11 11 11")
    client.force_login(region.users["coordinator"])
    colleague = Client()
    colleague.force_login(region.users["secretariat"])
    url = _edit_url(volunteer)
    opened = _fingerprint(client, url)
    assert opened

    # The colleague saves a new phone number while the form stays open here.
    assert colleague.post(url, volunteer_data(region, phone="22 22 22 22")).status_code == 302
    response = client.post(url, {**volunteer_data(region, address="Nygade 3"), FINGERPRINT_FIELD: opened})

    assert response.status_code == 200
    assert "Nogen har ændret" in response.content.decode()
    assert response.context["form"]["address"].value() == "Nygade 3"
    volunteer.refresh_from_db()
    assert (volunteer.phone, volunteer.address) == ("22 22 22 22", "Vestergade 1, 7100 Vejle")

    # Saving the same form again replaces the colleague's change on purpose.
    current = response.context["form"][FINGERPRINT_FIELD].value()
    again = {**volunteer_data(region, address="Nygade 3"), FINGERPRINT_FIELD: current}
    assert client.post(url, again).status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.phone, volunteer.address) == ("20 30 40 50", "Nygade 3")


def test_an_edit_writes_only_the_columns_it_changed(client, region):
    volunteer = make_volunteer(region)
    client.force_login(region.users["coordinator"])
    url = _edit_url(volunteer)
    data = volunteer_data(region, first_name="Ny", address=volunteer.address, phone=volunteer.phone)
    data[FINGERPRINT_FIELD] = _fingerprint(client, url)
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, data).status_code == 302
    # The edit's UPDATE, then the one m2m_changed makes of the derived checks_due_on as the activities change.
    update, *derived = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "volunteers_volunteer"')]
    assert all('SET "checks_due_on"' in sql and '"first_name"' not in sql for sql in derived)
    assert '"first_name"' in update and '"updated_at"' in update
    assert '"address"' not in update and '"phone"' not in update and '"anonymised_on"' not in update
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Ny"


def _between(monkeypatch, form_class, request):
    """Have `request` run to its end (on a connection of its own) after an edit has read its row and before
    it saves, as a busy server may interleave them: from within the edit form's clean(). Returns the list
    that gets the other request's status."""
    statuses = []
    clean = form_class.clean

    def clean_after_the_other(form):
        statuses.extend(at_once(request))
        return clean(form)

    monkeypatch.setattr(form_class, "clean", clean_after_the_other)
    return statuses


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _due_volunteer(region, editor, run):
    """A volunteer due for anonymisation, the edit form's address and what it posts: a new phone number,
    the same end date (still due), the fingerprint as the form was opened."""
    name, email = f"Karen{run}", f"karen{run}@example.org"
    volunteer = make_volunteer(
        region, first_name=name, email=email, start_date=date(2019, 1, 1), end_date=date(2020, 1, 31)
    )
    url = _edit_url(volunteer)
    data = volunteer_data(
        region, first_name=name, email=email, start_date="2019-01-01", end_date="2020-01-31", phone="99"
    )
    data[FINGERPRINT_FIELD] = _fingerprint(editor, url)
    return volunteer, url, data


def _assert_anonymised(volunteer):
    volunteer.refresh_from_db()
    assert volunteer.anonymised_on is not None
    assert (volunteer.first_name, volunteer.email, volunteer.phone) == ("", "", "")
    # The history keeps nothing of the person either: the newest record is the anonymised one.
    newest = volunteer.history.order_by("-history_date", "-history_id").first()
    assert (newest.first_name, newest.email, newest.phone) == ("", "", "")
    assert not volunteer.history.exclude(first_name="").exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_edit_and_an_anonymisation_at_once_leave_the_volunteer_anonymised(region):
    editor, anonymiser = _client(region.users["coordinator"]), _client(region.users["secretariat"])
    for run in range(RUNS):
        volunteer, url, data = _due_volunteer(region, editor, run)
        anonymise = partial(anonymiser.post, reverse("volunteers:volunteer_anonymise", args=[volunteer.pk]))
        statuses = at_once(partial(editor.post, url, data), anonymise)
        assert 500 not in statuses and statuses[1] == 302
        _assert_anonymised(volunteer)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_edit_that_read_the_volunteer_before_the_anonymisation_is_refused(region, monkeypatch):
    editor, anonymiser = _client(region.users["coordinator"]), _client(region.users["secretariat"])
    volunteer, url, data = _due_volunteer(region, editor, 0)
    anonymise = partial(anonymiser.post, reverse("volunteers:volunteer_anonymise", args=[volunteer.pk]))
    other = _between(monkeypatch, VolunteerForm, anonymise)

    response = editor.post(url, data)

    assert other == [302]
    assert response.status_code == 200 and "Nogen har ændret" in response.content.decode()
    _assert_anonymised(volunteer)


def _in_tr_dialogue(agreement):
    Agreement.objects.filter(pk=agreement.pk).update(
        status=Agreement.Status.TR_DIALOGUE,
        tr_dialogue_on=date(2026, 1, 10),
        tr_dialogue_with="Hanne Møller (TR)",
        tr_dialogue_outcome="Enige",
        approved_by="",
        approved_on=None,
    )


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_edit_and_an_approval_at_once_leave_the_agreement_approved(region):
    editor, approver = _client(region.users["coordinator"]), _client(region.users["secretariat"])
    agreement = region.agreement
    url = reverse("agreements:agreement_edit", args=[agreement.pk])
    for run in range(RUNS):
        _in_tr_dialogue(agreement)
        data = {
            **form_data(region, title=f"Caféen, version {run}"),
            FINGERPRINT_FIELD: _fingerprint(editor, url),
        }
        approve = partial(
            step, approver, agreement, "approve", approved_by="Direktøren", approved_on="2026-01-15"
        )
        statuses = at_once(partial(editor.post, url, data), approve)

        assert 500 not in statuses and statuses[1] == 302
        agreement.refresh_from_db()
        assert (agreement.status, agreement.approved_by) == (Agreement.Status.APPROVED, "Direktøren")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_edit_that_read_the_agreement_before_its_approval_is_refused(region, monkeypatch):
    editor, approver = _client(region.users["coordinator"]), _client(region.users["secretariat"])
    agreement = region.agreement
    _in_tr_dialogue(agreement)
    url = reverse("agreements:agreement_edit", args=[agreement.pk])
    data = {**form_data(region, title="Caféen, ændret"), FINGERPRINT_FIELD: _fingerprint(editor, url)}
    approve = partial(
        step, approver, agreement, "approve", approved_by="Direktøren", approved_on="2026-01-15"
    )
    other = _between(monkeypatch, AgreementForm, approve)

    response = editor.post(url, data)

    assert other == [302]
    assert response.status_code == 200 and "Nogen har ændret" in response.content.decode()
    agreement.refresh_from_db()
    assert (agreement.status, agreement.approved_by) == (Agreement.Status.APPROVED, "Direktøren")
    assert agreement.title != "Caféen, ændret"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_approve_once(region):
    first, second = _client(region.users["coordinator"]), _client(region.users["secretariat"])
    agreement = region.agreement
    for _run in range(RUNS):
        _in_tr_dialogue(agreement)
        before = agreement.history.count()
        statuses = at_once(
            partial(step, first, agreement, "approve", approved_by="Første", approved_on="2026-01-15"),
            partial(step, second, agreement, "approve", approved_by="Anden", approved_on="2026-01-16"),
        )

        assert sorted(statuses) == [200, 302]
        agreement.refresh_from_db()
        winner = "Første" if statuses[0] == 302 else "Anden"
        assert (agreement.status, agreement.approved_by) == (Agreement.Status.APPROVED, winner)
        assert agreement.history.count() == before + 1


def test_a_strategy_edited_meanwhile_is_not_overwritten(client, region):
    strategy = region.strategy
    url = reverse("strategies:strategy_edit", args=[strategy.pk])
    client.force_login(region.users["secretariat"])
    colleague = _client(region.users["administrator"])
    opened = _fingerprint(client, url)

    assert colleague.post(url, strategy_data(version="2019", vision="Kollegaens vision")).status_code == 302
    response = client.post(
        url, {**strategy_data(version="2019", purpose="Mit formål"), FINGERPRINT_FIELD: opened}
    )

    assert response.status_code == 200 and response.context["form"]["purpose"].value() == "Mit formål"
    strategy.refresh_from_db()
    assert (strategy.vision, strategy.purpose) == (
        "Kollegaens vision",
        "At styrke samarbejdet med civilsamfundet.",
    )


def test_a_meeting_edited_from_a_form_opened_before_publication_keeps_it_published(
    client, region, django_capture_on_commit_callbacks
):
    meeting = region.meeting
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    client.force_login(region.users["secretariat"])
    opened = _fingerprint(client, url)
    colleague = _client(region.users["administrator"])
    with django_capture_on_commit_callbacks(execute=True):
        published = colleague.post(
            reverse("meetings:meeting_step", args=[meeting.pk, "publish"]), {"confirmed": "1"}
        )
    assert published.status_code == 302

    response = client.post(url, {**meeting_data(place="Et andet lokale"), FINGERPRINT_FIELD: opened})

    assert response.status_code == 200 and response.context["form"]["place"].value() == "Et andet lokale"
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.place != "Et andet lokale"
