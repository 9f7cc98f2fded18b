"""Invitations (issue 13): the e-mail's single-use link sets the password and logs in, or sends an
organisation with single sign-on only to its sign-in; an expired, used, revoked or tampered link is
refused with a Danish page of its own and changes nothing; the e-mail is sent exactly once."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import invitations, tasks
from accounts.models import Invitation
from volunteers.models import Role, User

NEW_PASSWORD = "Blaabaer-Kage-2031!"


@pytest.fixture
def sent(eager_celery, django_capture_on_commit_callbacks):
    """Run a function in a transaction and send what it queued once that has committed."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            return function(*args, **kwargs)

    return run


@pytest.fixture
def invitation(region, sent):
    administrator = region.users[Role.ADMINISTRATOR]
    return sent(
        invitations.invite,
        region.organisation,
        "Mette.Lund@rsyd.dk",
        "Mette Birgitte Lund",
        Role.COORDINATOR,
        [region.hospital],
        administrator,
    )


def link_in(message) -> str:
    return next(line for line in message.body.splitlines() if "/konto/invitation/" in line).strip()


def invitation_pk(link: str) -> int | None:
    """The invitation a link opens (the token is signed with a timestamp: each is different)."""
    return Invitation.pk_from_token(link.rstrip("/").rsplit("/", 1)[-1])


def test_inviting_creates_the_user_without_a_usable_password_and_e_mails_the_link_once(invitation, sent):
    user = invitation.user
    assert user.username == "mette.lund@rsyd.dk" and user.email == "Mette.Lund@rsyd.dk"
    assert (user.first_name, user.last_name) == ("Mette Birgitte", "Lund")
    assert not user.has_usable_password() and user.is_active
    assert list(user.units.all()) == [invitation.user.units.get()]
    assert [m.to for m in mail.outbox] == [["Mette.Lund@rsyd.dk"]]
    message = mail.outbox[0]
    assert "Du er inviteret til frivillig" in message.subject
    assert link_in(message).startswith(f"{settings.SITE_URL}/konto/invitation/")
    assert invitation_pk(link_in(message)) == invitation.pk
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    # The task again, and the hourly sweep: nothing is sent twice.
    sent(tasks.send_invitation, invitation.pk)
    sent(tasks.send_unsent_invitations)
    assert len(mail.outbox) == 1


def test_the_sweep_sends_an_invitation_left_unsent_once(region, sent):
    with transaction.atomic():  # committed, but the task never ran
        invitation = invitations.invite(
            region.organisation, "ny@rsyd.dk", "Ny Person", Role.SECRETARIAT, [], None
        )
    assert mail.outbox == []
    sent(tasks.send_unsent_invitations)
    sent(tasks.send_unsent_invitations)
    assert [m.to for m in mail.outbox] == [["ny@rsyd.dk"]]
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_accepting_sets_the_password_logs_in_and_lands_on_the_start_page(client, invitation):
    url = link_in(mail.outbox[0]).removeprefix(settings.SITE_URL)
    page = client.get(url)
    assert page.status_code == 200
    assert "Mette Birgitte Lund" in page.content.decode()
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    user = User.objects.get(pk=invitation.user.pk)
    assert user.check_password(NEW_PASSWORD)
    assert int(client.session["_auth_user_id"]) == user.pk
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.get(reverse("home")).status_code == 200


def test_a_weak_password_is_refused_by_the_validators_and_the_link_still_works(client, invitation):
    url = reverse("accounts:invitation", args=[invitation.token])
    response = client.post(url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "Denne adgangskode er for almindelig" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and not invitation.user.has_usable_password()


def _refused(client, url, status, heading):
    response = client.get(url)
    assert response.status_code == status
    assert heading in response.content.decode()
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == status
    assert "_auth_user_id" not in client.session


def test_a_link_used_once_is_refused_the_second_time(client, invitation):
    url = reverse("accounts:invitation", args=[invitation.token])
    client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.logout()
    _refused(client, url, 410, "Invitationen er allerede brugt")
    invitation.user.refresh_from_db()
    assert invitation.user.check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused_and_changes_nothing(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    _refused(client, reverse("accounts:invitation", args=[invitation.token]), 410, "Invitationen er udløbet")
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and not invitation.user.has_usable_password()


def test_a_revoked_link_is_refused(client, invitation):
    invitations.revoke(invitation)
    _refused(
        client, reverse("accounts:invitation", args=[invitation.token]), 410, "Invitationen er tilbagekaldt"
    )
    invitation.user.refresh_from_db()
    assert not invitation.user.is_active  # never logged in: revoking deactivates them too


def test_a_tampered_link_is_refused_as_not_valid(client, invitation):
    token = invitation.token
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    _refused(
        client, reverse("accounts:invitation", args=[tampered]), 404, "Invitationslinket er ikke gyldigt"
    )
    _refused(client, reverse("accounts:invitation", args=["123"]), 404, "Invitationslinket er ikke gyldigt")
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_resending_revokes_the_old_link_and_sends_a_new_one(client, invitation, sent, region):
    new = sent(invitations.resend, invitation.user, region.users[Role.ADMINISTRATOR])
    assert new.pk != invitation.pk
    _refused(
        client, reverse("accounts:invitation", args=[invitation.token]), 410, "Invitationen er tilbagekaldt"
    )
    assert [m.to for m in mail.outbox] == [["Mette.Lund@rsyd.dk"]] * 2
    assert invitation_pk(link_in(mail.outbox[1])) == new.pk
    assert client.get(reverse("accounts:invitation", args=[new.token])).status_code == 200


def test_an_organisation_with_single_sign_on_only_sends_the_invited_to_its_sign_in(
    client, invitation, region
):
    region.organisation.password_login = False
    region.organisation.save()
    response = client.get(reverse("accounts:invitation", args=[invitation.token]))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("accounts:sign_on_start", kwargs={"organisation": region.organisation.pk}) in page
    assert "new_password1" not in page
    # A password cannot be set through the link.
    client.post(
        reverse("accounts:invitation", args=[invitation.token]),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and not invitation.user.has_usable_password()


def test_an_administrator_accepting_goes_on_to_the_second_factor(client, region, sent):
    invitation = sent(
        invitations.invite, region.organisation, "chef@rsyd.dk", "Chef Hansen", Role.ADMINISTRATOR, [], None
    )
    url = reverse("accounts:invitation", args=[invitation.token])
    client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith("/konto/totp/")
