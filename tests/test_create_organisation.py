"""The operator's command (issue 13): `manage.py create_organisation` creates a region or municipality
and invites its first administrator through the same invite() (e-mail sent once, link printed too);
it refuses a duplicate organisation or e-mail address and then creates nothing."""

from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Invitation
from volunteers.models import Organisation, Role, User


def create(*args, **options):
    out = StringIO()
    call_command("create_organisation", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_it_creates_the_organisation_and_invites_its_administrator(client, eager_celery):
    output = create(
        "Aarhus Kommune", kind="municipality", admin_email="Anne.Admin@aarhus.dk", admin_name="Anne Admin"
    )
    organisation = Organisation.objects.get(name="Aarhus Kommune")
    assert organisation.kind == Organisation.Kind.MUNICIPALITY and organisation.password_login
    administrator = User.objects.get(organisation=organisation)
    assert administrator.role == Role.ADMINISTRATOR and administrator.username == "anne.admin@aarhus.dk"
    assert not administrator.has_usable_password() and not administrator.is_superuser
    invitation = Invitation.objects.get(user=administrator)
    assert invitation.sent_at is not None and invitation.invited_by is None
    assert [m.to for m in mail.outbox] == [["Anne.Admin@aarhus.dk"]]
    link = next(line for line in output.splitlines() if "/konto/invitation/" in line)
    assert link.startswith(f"{settings.SITE_URL}/konto/invitation/")
    assert Invitation.pk_from_token(link.rstrip("/").rsplit("/", 1)[-1]) == invitation.pk
    # The printed link works: the administrator chooses a password.
    response = client.get(link.removeprefix(settings.SITE_URL))
    assert response.status_code == 200 and "Anne Admin" in response.content.decode()


@pytest.mark.django_db
def test_it_refuses_a_duplicate_and_creates_nothing(region):
    with pytest.raises(CommandError, match="exists already"):
        create(region.organisation.name.upper(), admin_email="ny@rsyd.dk", admin_name="Ny Admin")
    taken = region.users[Role.SECRETARIAT].email
    with pytest.raises(CommandError, match="exists already"):
        create("Vejle Kommune", admin_email=taken, admin_name="Ny Admin")
    with pytest.raises(CommandError, match="not a valid e-mail"):
        create("Vejle Kommune", admin_email="ikke-en-adresse", admin_name="Ny Admin")
    assert not Organisation.objects.filter(name="Vejle Kommune").exists()
    assert Invitation.objects.count() == 0 and mail.outbox == []


@pytest.mark.django_db
def test_an_organisation_with_single_sign_on_only(client):
    output = create(
        "Region Nordjylland", kind="region", admin_email="it@rn.dk", admin_name="Ib It", sso_only=True
    )
    organisation = Organisation.objects.get(name="Region Nordjylland")
    assert organisation.kind == Organisation.Kind.REGION and not organisation.password_login
    link = next(line for line in output.splitlines() if "/konto/invitation/" in line)
    page = client.get(link.removeprefix(settings.SITE_URL)).content.decode()
    assert reverse("accounts:sign_on_start", kwargs={"organisation": organisation.pk}) in page
