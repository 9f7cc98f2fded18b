"""The administrator's users pages (issue 13): a list with search and filters, inviting one person,
changing role and units (a coordinator needs a unit), resending and revoking the invitation, and
deactivating (never deleting; not oneself, not the last active administrator)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import invitations
from accounts.models import Invitation
from tests.factories import UnitFactory, UserFactory
from volunteers.models import Role, User


@pytest.fixture
def admin_client(client, region):
    client.force_login(region.users[Role.ADMINISTRATOR])
    return client


@pytest.fixture
def sent(eager_celery, django_capture_on_commit_callbacks):
    """Requests whose queued e-mails are sent once their transaction has committed."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def names_listed(client, **params):
    response = client.get(reverse("administration:user_list"), params)
    assert response.status_code == 200
    return {str(user) for user, _status in response.context["rows"]}


@pytest.fixture
def people(region):
    """One who logged in long ago, one deactivated, one invited (open), one whose invitation expired."""
    organisation = region.organisation
    now = timezone.now()
    old = UserFactory(
        organisation=organisation,
        role=Role.SECRETARIAT,
        first_name="Gammel",
        last_name="Login",
        last_login=now - timedelta(days=90),
    )
    gone = UserFactory(organisation=organisation, first_name="Ikke", last_name="Aktiv", is_active=False)
    gone.units.add(region.other_hospital)
    invited = invitations.invite(
        organisation, "inviteret@rsyd.dk", "Inge Inviteret", Role.COORDINATOR, [region.other_hospital], None
    ).user
    expired = invitations.invite(organisation, "udloebet@rsyd.dk", "Ulla Udløbet", Role.SECRETARIAT, [], None)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=now - timedelta(days=1))
    recent = region.users[Role.STEERING_GROUP]
    User.objects.filter(pk=recent.pk).update(last_login=now - timedelta(days=2), first_name="Nylig")
    return {"old": old, "gone": gone, "invited": invited, "expired": expired.user}


def test_the_list_searches_and_filters(admin_client, region, other_region, people):
    everyone = names_listed(admin_client)
    assert {"Gammel Login", "Ikke Aktiv", "Inge Inviteret", "Ulla Udløbet"} <= everyone
    assert not any("midt" in name for name in everyone)  # nobody of the other organisation
    assert names_listed(admin_client, q="inviteret@rsyd") == {"Inge Inviteret"}
    assert names_listed(admin_client, q="gammel") == {"Gammel Login"}
    assert names_listed(admin_client, role=Role.SECRETARIAT) == {
        "Gammel Login",
        "Ulla Udløbet",
        "secretariat.syd",
    }
    assert names_listed(admin_client, unit=region.other_hospital.pk) == {"Ikke Aktiv", "Inge Inviteret"}
    assert names_listed(admin_client, active="no") == {"Ikke Aktiv"}
    assert "Ikke Aktiv" not in names_listed(admin_client, active="yes")
    assert names_listed(admin_client, last_login="earlier") == {"Gammel Login"}
    assert names_listed(admin_client, last_login="recent") == {"Nylig", "administrator.syd"}  # logged in now
    assert "Gammel Login" not in names_listed(admin_client, last_login="never")
    assert names_listed(admin_client, invited="pending") == {"Inge Inviteret", "Ulla Udløbet"}
    page = admin_client.get(reverse("administration:user_list")).content.decode()
    assert "Inviteret" in page and "Invitationen er udløbet" in page and "Deaktiveret" in page


def test_the_list_reads_a_bounded_number_of_queries(admin_client, region, django_assert_max_num_queries):
    for _number in range(30):
        UserFactory(organisation=region.organisation, units=[region.hospital, region.other_hospital])
        Invitation.objects.create(user=User.objects.latest("pk"), expires_at=Invitation.default_expiry())
    with django_assert_max_num_queries(10):
        response = admin_client.get(reverse("administration:user_list"))
    assert response.status_code == 200 and len(response.context["rows"]) == 25


def test_inviting_creates_the_user_and_sends_the_invitation(admin_client, region, sent):
    url = reverse("administration:user_invite")
    data = {
        "name": "Sofie Kragh",
        "email": "sofie.kragh@rsyd.dk",
        "job_title": "Frivilligkoordinator",
        "role": Role.COORDINATOR,
        "units": [region.hospital.pk],
    }
    response = sent(admin_client.post, url, data)
    user = User.objects.get(email="sofie.kragh@rsyd.dk")
    assert response.status_code == 302 and response.url == reverse(
        "administration:user_detail", args=[user.pk]
    )
    assert (user.organisation, user.role, user.first_name, user.last_name) == (
        region.organisation,
        Role.COORDINATOR,
        "Sofie",
        "Kragh",
    )
    assert list(user.units.all()) == [region.hospital] and not user.has_usable_password()
    assert user.invitations.get().invited_by == region.users[Role.ADMINISTRATOR]
    assert [m.to for m in mail.outbox] == [["sofie.kragh@rsyd.dk"]]
    detail = admin_client.get(response.url).content.decode()
    assert "Inviteret" in detail and "Tilbagekald invitationen" in detail


def test_a_coordinator_needs_a_unit_and_an_e_mail_address_is_used_once(admin_client, region):
    url = reverse("administration:user_invite")
    response = admin_client.post(
        url, {"name": "Uden Enhed", "email": "uden@rsyd.dk", "role": Role.COORDINATOR}
    )
    assert "En frivilligkoordinator skal høre til mindst én enhed." in response.content.decode()
    taken = region.users[Role.SECRETARIAT].email.upper()
    response = admin_client.post(url, {"name": "Dublet", "email": taken, "role": Role.SECRETARIAT})
    assert "Der findes allerede en bruger med denne e-mailadresse" in response.content.decode()
    assert not User.objects.filter(first_name__in=["Uden", "Dublet"]).exists()


def test_a_closed_unit_is_not_offered(admin_client, region):
    closed = UnitFactory(
        organisation=region.organisation, name="Lukket Afsnit", closed_on=timezone.localdate()
    )
    form = admin_client.get(reverse("administration:user_invite")).context["form"]
    assert closed not in form.fields["units"].queryset and region.hospital in form.fields["units"].queryset


def test_editing_changes_role_and_units_and_a_coordinator_keeps_a_unit(admin_client, region):
    coordinator = region.users[Role.COORDINATOR]
    url = reverse("administration:user_edit", args=[coordinator.pk])
    data = {
        "first_name": "Karin",
        "last_name": "Dahl",
        "job_title": "",
        "role": Role.COORDINATOR,
        "units": [],
    }
    response = admin_client.post(url, data)
    assert "En frivilligkoordinator skal høre til mindst én enhed." in response.content.decode()
    data["units"] = [region.other_hospital.pk]
    assert admin_client.post(url, data).status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.first_name == "Karin" and list(coordinator.units.all()) == [region.other_hospital]
    data["role"], data["units"] = Role.SECRETARIAT, []
    assert admin_client.post(url, data).status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.role == Role.SECRETARIAT


def test_the_last_administrator_keeps_the_role(admin_client, region):
    administrator = region.users[Role.ADMINISTRATOR]
    url = reverse("administration:user_edit", args=[administrator.pk])
    data = {"first_name": "A", "last_name": "B", "job_title": "", "role": Role.SECRETARIAT, "units": []}
    response = admin_client.post(url, data)
    assert "Organisationen skal have en aktiv administrator" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR


def test_deactivating_asks_first_keeps_the_user_and_can_be_undone(admin_client, region):
    coordinator = region.users[Role.COORDINATOR]
    url = reverse("administration:user_deactivate", args=[coordinator.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and "Intet slettes" in page.content.decode()
    # The hospital's only coordinator: the page says the unit is left without one.
    assert invitations.units_left_without_coordinator(coordinator) == list(coordinator.units.all())
    assert f"ingen aktiv frivilligkoordinator: {region.hospital}" in page.content.decode()
    UserFactory(organisation=region.organisation, role=Role.COORDINATOR, units=[region.hospital])
    assert invitations.units_left_without_coordinator(coordinator) == []
    admin_client.post(url)  # a one-click POST only shows the page
    coordinator.refresh_from_db()
    assert coordinator.is_active
    response = admin_client.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert not coordinator.is_active
    assert region.agreement.responsible == coordinator  # their history stays theirs
    admin_client.post(reverse("administration:user_activate", args=[coordinator.pk]))
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_an_administrator_cannot_deactivate_themselves_nor_the_last_administrator(admin_client, region):
    administrator = region.users[Role.ADMINISTRATOR]
    url = reverse("administration:user_deactivate", args=[administrator.pk])
    response = admin_client.post(url, {"confirmed": "1"})
    assert response.status_code == 409 and "Du kan ikke deaktivere dig selv." in response.content.decode()
    colleague = UserFactory(organisation=region.organisation, role=Role.ADMINISTRATOR, first_name="Kollega")
    admin_client.force_login(colleague)
    User.objects.filter(pk=administrator.pk).update(is_active=True)
    assert admin_client.post(url, {"confirmed": "1"}).status_code == 302  # another administrator is left
    administrator.refresh_from_db()
    assert not administrator.is_active
    assert invitations.deactivate_problem(colleague, UserFactory(organisation=region.organisation)) == (
        "Kollega er organisationens sidste aktive administrator."
    )


def test_resending_and_revoking_from_the_user_page(admin_client, region, sent):
    invitation = invitations.invite(
        region.organisation,
        "ny@rsyd.dk",
        "Ny Kollega",
        Role.SECRETARIAT,
        [],
        region.users[Role.ADMINISTRATOR],
    )
    user = invitation.user
    sent(admin_client.post, reverse("administration:user_resend", args=[user.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    newest = user.invitations.latest("pk")
    assert newest.is_open() and [m.to for m in mail.outbox] == [["ny@rsyd.dk"]]
    admin_client.post(reverse("administration:user_revoke", args=[user.pk]))
    newest.refresh_from_db()
    user.refresh_from_db()
    assert newest.revoked_at is not None and not user.is_active  # never logged in
    history = admin_client.get(reverse("administration:user_detail", args=[user.pk])).content.decode()
    assert history.count("Tilbagekaldt") == 2
    # Inviting again makes the revoked (and so deactivated) user active again, and says so.
    page = admin_client.post(reverse("administration:user_resend", args=[user.pk]), follow=True)
    user.refresh_from_db()
    assert user.is_active and "Brugeren er aktiv igen." in page.content.decode()


def test_another_organisations_user_does_not_exist(admin_client, other_region):
    outsider = other_region.users[Role.COORDINATOR]
    for name in [
        "user_detail",
        "user_edit",
        "user_deactivate",
        "user_resend",
        "user_revoke",
        "user_activate",
    ]:
        url = reverse(f"administration:{name}", args=[outsider.pk])
        assert admin_client.get(url).status_code == 404
        assert admin_client.post(url, {"confirmed": "1", "role": Role.SECRETARIAT}).status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active and outsider.role == Role.COORDINATOR
