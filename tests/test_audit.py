"""The audit log (issue 7): logins and failed logins, and every change to personal data; the platform's
operators read all of it in the Django admin (an organisation's administrators read their own
organisation's entries in the app's Administration pages, issue 13)."""

import pytest
from django.urls import reverse

from audit.models import LoginEvent
from tests.factories import PASSWORD
from tests.test_register import volunteer_data
from volunteers.models import ContactPerson, User, Volunteer

pytestmark = pytest.mark.django_db


def test_a_login_and_a_failed_login_are_recorded(client, region):
    user = region.users["coordinator"]
    records = user.history.count()
    url = reverse("login")
    response = client.post(url, {"username": user.username, "password": "wrong"}, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200
    failed = LoginEvent.objects.get(succeeded=False)
    assert (failed.username, failed.user, failed.organisation) == (user.username, user, region.organisation)
    assert failed.client_address == "192.0.2.7"

    client.post(url, {"username": "nobody.at.all", "password": "wrong"}, REMOTE_ADDR="192.0.2.8")
    unknown = LoginEvent.objects.get(username="nobody.at.all")
    assert (unknown.succeeded, unknown.user, unknown.organisation) == (False, None, None)

    response = client.post(url, {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 302
    success = LoginEvent.objects.get(succeeded=True)
    assert (success.user, success.username, success.client_address) == (user, user.username, "192.0.2.9")
    assert success.at is not None
    # The login's own save of last_login adds no history record of the user.
    assert user.history.count() == records
    # Nothing of the password is kept anywhere in the log.
    assert not LoginEvent.objects.filter(username__icontains="wrong").exists()


def test_a_volunteer_edit_through_the_view_records_who_and_which_fields(client, region):
    coordinator = region.users["coordinator"]
    client.force_login(coordinator)
    volunteer = region.volunteer
    data = volunteer_data(
        region,
        first_name=volunteer.first_name,
        last_name=volunteer.last_name,
        email=volunteer.email,
        phone="11 22 33 44",
        address="Nygade 9, 7100 Vejle",
    )
    before = volunteer.history.count()
    response = client.post(reverse("volunteers:volunteer_edit", args=[volunteer.pk]), data)
    assert response.status_code == 302
    assert volunteer.history.count() == before + 1
    record = volunteer.history.order_by("-history_date", "-history_id").first()
    assert record.history_type == "~"
    assert record.history_user == coordinator
    changed = set(record.changed_fields.split(", "))
    assert {"phone", "address"} <= changed
    assert "first_name" not in changed and "email" not in changed


def test_create_anonymise_and_delete_are_recorded_and_anonymisation_reaches_the_history(region):
    volunteer = Volunteer.objects.create(
        organisation=region.organisation,
        unit=region.hospital,
        first_name="Sigrid",
        last_name="Bech",
        email="sigrid.bech@example.org",
        start_date="2024-01-01",
        end_date="2024-06-30",
    )
    volunteer.phone = "99 88 77 66"
    volunteer.save()
    volunteer.anonymise()
    kinds = list(
        volunteer.history.order_by("history_date", "history_id").values_list("history_type", flat=True)
    )
    assert kinds == ["+", "~", "~"]
    records = volunteer.history.all()
    # Who changed what is kept; the person's data is gone from the old records too.
    assert not records.filter(first_name="Sigrid").exists()
    assert not records.filter(email="sigrid.bech@example.org").exists()
    assert not records.filter(phone="99 88 77 66").exists()
    assert "phone" in records.get(history_type="~", anonymised_on=None).changed_fields
    volunteer_id = volunteer.pk
    volunteer.delete()
    assert Volunteer.history.filter(id=volunteer_id, history_type="-").exists()

    contact = ContactPerson.objects.create(
        volunteer_organisation=region.volunteer_organisation, name="Ole Dam"
    )
    contact.email = "ole@example.org"
    contact.save()
    assert contact.history.latest().changed_fields == "email"
    contact_id = contact.pk
    contact.delete()
    assert not ContactPerson.history.filter(id=contact_id, name="Ole Dam").exists()
    assert ContactPerson.history.filter(id=contact_id).count() == 3


def test_user_changes_are_recorded_without_the_password(region):
    user = region.users["secretariat"]
    user.set_password("a new secret 123")
    user.job_title = "Sekretær"
    user.save()
    record = user.history.latest()
    assert record.changed_fields == "job_title"
    assert not hasattr(record, "password")


AUDIT_PAGES = [
    "audit_loginevent",
    "audit_historicalvolunteer",
    "audit_historicalcontactperson",
    "audit_historicaluser",
]


def test_the_platform_operator_reads_every_organisations_entries_read_only(
    client, region, other_region, django_user_model
):
    for organisation in (region, other_region):
        person = organisation.users["coordinator"]
        client.post(reverse("login"), {"username": person.username, "password": "wrong"})
        person.job_title = f"Koordinator {organisation.organisation.name}"
        person.save()
        ContactPerson.objects.create(
            volunteer_organisation=organisation.volunteer_organisation,
            name=f"Kontakt {organisation.organisation.name}",
        )
    # An organisation's administrator does not reach the Django admin (issue 13).
    client.force_login(region.users["administrator"])
    for page in AUDIT_PAGES:
        assert client.get(reverse(f"admin:{page}_changelist")).status_code == 302, page
    operator = django_user_model.objects.create_superuser("operator", "operator@example.org", PASSWORD)
    client.force_login(operator)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    for page in AUDIT_PAGES:
        response = client.get(reverse(f"admin:{page}_changelist"))
        assert response.status_code == 200, page
        shown = {record.pk for record in response.context["cl"].result_list}
        model = response.context["cl"].model
        for organisation in (region, other_region):
            theirs = set(
                model.objects.filter(**{model_admin_scope(page): organisation.organisation.pk}).values_list(
                    "pk", flat=True
                )
            )
            assert theirs and theirs <= shown, (page, organisation.organisation)
    # Read only: nothing can be added, changed or deleted, not even by the operator.
    record = Volunteer.history.filter(organisation=region.organisation).first()
    change_url = reverse("admin:audit_historicalvolunteer_change", args=[record.pk])
    assert client.get(change_url).status_code == 200
    client.post(change_url, {"first_name": "Ændret"})
    assert Volunteer.history.get(pk=record.pk).first_name == record.first_name
    assert client.get(reverse("admin:audit_historicalvolunteer_add")).status_code == 403


def model_admin_scope(page):
    return (
        "volunteer_organisation__organisation_id"
        if page == "audit_historicalcontactperson"
        else "organisation_id"
    )


@pytest.mark.parametrize("role", ["coordinator", "secretariat", "steering_group"])
def test_other_roles_cannot_reach_the_audit_log(client, region, role):
    client.force_login(region.users[role])
    for page in AUDIT_PAGES:
        response = client.get(reverse(f"admin:{page}_changelist"))
        assert response.status_code == 302, (role, page)
        assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("role", ["secretariat", "administrator"])
def test_a_staff_member_who_is_not_an_operator_cannot_read_it(client, region, role):
    user = region.users[role]
    User.objects.filter(pk=user.pk).update(is_staff=True)
    client.force_login(user)
    for page in AUDIT_PAGES:
        response = client.get(reverse(f"admin:{page}_changelist"), follow=True)
        assert response.status_code == 403, page


def test_a_change_of_a_users_units_is_recorded_with_the_units_it_left(client, region):
    coordinator = region.users["coordinator"]
    before = coordinator.history.count()
    coordinator.units.add(region.other_hospital)
    record = coordinator.history.latest()
    assert coordinator.history.count() == before + 1
    assert record.changed_fields == "units"
    assert set(record.units.values_list("unit_id", flat=True)) == set(
        coordinator.units.values_list("pk", flat=True)
    )
    # Setting the same units again records nothing.
    coordinator.units.set(list(coordinator.units.all()))
    assert coordinator.history.count() == before + 1

    # The administration's audit log names the field.
    client.force_login(region.users["administrator"])
    entries = client.get(reverse("administration:audit_log")).context["entries"]
    entry = next(entry for entry in entries if entry.kind == "~" and entry.label == str(coordinator))
    assert entry.changed_fields == [str(User._meta.get_field("units").verbose_name)]
