"""The administration in the app (issue 13): the organisation's settings, its unit tree, closed units
leaving every choice, and the audit log, for the organisation's administrators only."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import SignOn
from administration.audit_entries import entries
from agreements.models import Agreement
from audit.models import LoginEvent
from tests.factories import UnitFactory, UserFactory, VolunteerFactory, make_agreement
from tests.test_import import HEADINGS, upload_for_preview, xlsx
from volunteers.models import Organisation, Role, Unit


@pytest.fixture
def region(module_regions):
    return module_regions.region


@pytest.fixture
def other_region(module_regions):
    return module_regions.other_region


@pytest.fixture
def admin_client(client, region):
    client.force_login(region.users[Role.ADMINISTRATOR])
    return client


def settings_data(organisation, **changes):
    data = {
        "name": organisation.name,
        "accessibility_contact": "tilgaengelighed@example.org",
        "privacy_contact": "dpo@example.org",
        "child_check_renewal_years": "2",
        "criminal_check_renewal_years": "3",
        "retention_months": "12",
        "review_reminder_days": "45",
        "agenda_reminder_days": "8",
        "minutes_reminder_days": "10",
        "password_login": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- Start page and navigation ---


def test_start_page_links_and_counts(admin_client, region):
    response = admin_client.get(reverse("administration:index"))
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("organisation", "unit_tree", "audit_log"):
        assert reverse(f"administration:{name}") in content
    # The navigation leads administrators here.
    assert any(item["url"] == reverse("administration:index") for item in response.context["navigation"])


def test_other_roles_have_no_administration_in_their_navigation(client, region):
    client.force_login(region.users[Role.SECRETARIAT])
    response = client.get(reverse("home"))
    assert all(item["url"] != reverse("administration:index") for item in response.context["navigation"])


# --- Organisation settings ---


def test_settings_are_saved(admin_client, region):
    url = reverse("administration:organisation")
    response = admin_client.post(url, settings_data(region.organisation))
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=region.organisation.pk)
    assert organisation.privacy_contact == "dpo@example.org"
    assert organisation.accessibility_contact == "tilgaengelighed@example.org"
    assert (organisation.child_check_renewal_years, organisation.retention_months) == (2, 12)
    assert (organisation.review_reminder_days, organisation.minutes_reminder_days) == (45, 10)
    # The change is in the audit log's history, with who made it.
    record = organisation.history.first()
    assert record.history_user == region.users[Role.ADMINISTRATOR]
    assert "privacy_contact" in record.changed_fields


def test_bad_settings_keep_what_was_typed(admin_client, region):
    url = reverse("administration:organisation")
    response = admin_client.post(
        url, settings_data(region.organisation, privacy_contact="ikke en adresse", retention_months="0")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"privacy_contact", "retention_months"}
    content = response.content.decode()
    assert 'value="ikke en adresse"' in content
    assert 'value="45"' in content
    organisation = Organisation.objects.get(pk=region.organisation.pk)
    assert organisation.privacy_contact == "" and organisation.retention_months == 6


def test_password_login_cannot_be_switched_off_without_single_sign_on(admin_client, region):
    url = reverse("administration:organisation")
    response = admin_client.post(url, settings_data(region.organisation, password_login=None))
    assert response.status_code == 200
    assert "password_login" in response.context["form"].errors
    assert Organisation.objects.get(pk=region.organisation.pk).password_login is True

    SignOn.objects.create(organisation=region.organisation, issuer="https://login.example.org", client_id="x")
    response = admin_client.post(url, settings_data(region.organisation, password_login=None))
    assert response.status_code == 302
    assert Organisation.objects.get(pk=region.organisation.pk).password_login is False


def png(width=120, height=40, kind="PNG"):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (width, height), (11, 79, 122)).save(buffer, kind)
    return buffer.getvalue()


def test_a_logo_is_uploaded_shown_in_the_header_and_served(admin_client, region, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "core.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = tmp_path
    url = reverse("administration:organisation")
    upload = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    response = admin_client.post(url, {**settings_data(region.organisation), "logo": upload})
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=region.organisation.pk)
    assert organisation.logo.name.startswith("logos/")
    logo_url = reverse("organisation_logo", kwargs={"pk": organisation.pk})
    header = admin_client.get(reverse("home")).content.decode()
    assert f'src="{logo_url}"' in header and f'alt="{organisation.name}"' in header
    served = admin_client.get(logo_url)
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("logo.gif", png(kind="GIF"), "PNG eller JPEG"),
        ("logo.png", b"not an image at all", "billede"),
    ],
)
def test_a_logo_that_is_not_png_or_jpeg_is_refused(admin_client, region, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("administration:organisation")
    data = {
        **settings_data(region.organisation, privacy_contact="ny@example.org"),
        "logo": SimpleUploadedFile(name, content),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"logo"}
    assert message in response.content.decode()
    organisation = Organisation.objects.get(pk=region.organisation.pk)
    assert not organisation.logo and organisation.privacy_contact == ""  # nothing else stored either


# --- Unit tree ---


def test_unit_tree_nests_units_and_counts(admin_client, region):
    response = admin_client.get(reverse("administration:unit_tree"))
    assert response.status_code == 200
    tree = response.context["tree"]
    hospital = next(node for node in tree if node.unit == region.hospital)
    assert [child.unit for child in hospital.children] == [region.department]
    # The coordinator, the volunteer and the agreement of the hospital.
    assert (hospital.users, hospital.volunteers, hospital.agreements) == (1, 1, 1)
    content = response.content.decode()
    # Nested lists: the department's item is inside the hospital's.
    assert content.index(str(region.hospital)) < content.index(str(region.department))
    assert '<ul class="unit-tree">' in content


def test_unit_tree_shows_only_the_own_organisation(admin_client, region, other_region):
    content = admin_client.get(reverse("administration:unit_tree")).content.decode()
    assert str(region.hospital) in content
    assert str(other_region.hospital) not in content


def test_closed_unit_is_marked_in_words(admin_client, region):
    region.other_hospital.closed_on = date(2024, 3, 1)
    region.other_hospital.save()
    response = admin_client.get(reverse("administration:unit_tree"))
    content = response.content.decode()
    assert 'class="unit-closed' in content
    marker = content.split('class="unit-closed', 1)[1].split("</span>", 1)[0]
    assert "2024" in marker and "(" in marker


def test_unit_tree_queries_do_not_grow_with_the_units(admin_client, region):
    url = reverse("administration:unit_tree")
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for n in range(15):
        unit = UnitFactory(organisation=region.organisation, parent=region.hospital, name=f"Afsnit {n}")
        VolunteerFactory(unit=unit)
        make_agreement(unit, region.volunteer_organisation)
        region.users[Role.COORDINATOR].units.add(unit)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 10


def test_create_unit(admin_client, region):
    response = admin_client.post(
        reverse("administration:unit_create"),
        {"name": "Akutafdelingen", "kind": Unit.Kind.DEPARTMENT, "parent": region.hospital.pk, "email": ""},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="Akutafdelingen")
    assert (unit.organisation, unit.parent) == (region.organisation, region.hospital)
    assert unit.history.get().history_user == region.users[Role.ADMINISTRATOR]


def test_create_unit_refuses_a_name_in_use(admin_client, region):
    response = admin_client.post(
        reverse("administration:unit_create"), {"name": region.hospital.name, "kind": Unit.Kind.HOSPITAL}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_rename_and_move_a_unit(admin_client, region):
    url = reverse("administration:unit_edit", args=[region.department.pk])
    response = admin_client.post(
        url, {"name": "Ny afdeling", "kind": Unit.Kind.DEPARTMENT, "parent": region.other_hospital.pk}
    )
    assert response.status_code == 302
    region.department.refresh_from_db()
    assert (region.department.name, region.department.parent) == ("Ny afdeling", region.other_hospital)


def test_moving_a_unit_under_itself_or_below_it_is_refused(admin_client, region):
    url = reverse("administration:unit_edit", args=[region.hospital.pk])
    form = admin_client.get(url).context["form"]
    offered = set(form.fields["parent"].queryset)
    assert region.hospital not in offered and region.department not in offered
    assert region.other_hospital in offered
    response = admin_client.post(
        url, {"name": region.hospital.name, "kind": Unit.Kind.HOSPITAL, "parent": region.department.pk}
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    region.hospital.refresh_from_db()
    assert region.hospital.parent is None


def test_a_unit_cannot_be_moved_under_another_organisations_unit(admin_client, region, other_region):
    url = reverse("administration:unit_edit", args=[region.department.pk])
    response = admin_client.post(
        url,
        {"name": region.department.name, "kind": Unit.Kind.DEPARTMENT, "parent": other_region.hospital.pk},
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors


def test_close_unit_asks_first_then_closes(admin_client, region):
    url = reverse("administration:unit_close", args=[region.other_hospital.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["consequences"]
    today = timezone.localdate()
    # A POST without the confirmation only shows the page.
    admin_client.post(url, {"closed_on": today.isoformat()})
    region.other_hospital.refresh_from_db()
    assert region.other_hospital.closed_on is None
    response = admin_client.post(url, {"closed_on": today.isoformat(), "confirmed": "1"})
    assert response.status_code == 302
    region.other_hospital.refresh_from_db()
    assert region.other_hospital.closed_on == today
    # Its data stays: the volunteer and the agreement are still there.
    assert region.other_hospital.volunteers.exists() and region.other_hospital.agreements.exists()


def test_close_refuses_a_future_day(admin_client, region):
    url = reverse("administration:unit_close", args=[region.other_hospital.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = admin_client.post(url, {"closed_on": tomorrow.isoformat(), "confirmed": "1"})
    assert response.status_code == 200
    assert "closed_on" in response.context["form"].errors
    region.other_hospital.refresh_from_db()
    assert region.other_hospital.closed_on is None


def test_a_unit_with_open_units_below_cannot_be_closed(admin_client, region):
    url = reverse("administration:unit_close", args=[region.hospital.pk])
    response = admin_client.get(url)
    assert response.status_code == 409
    assert str(region.department) in response.context["message"]
    response = admin_client.post(url, {"closed_on": timezone.localdate().isoformat(), "confirmed": "1"})
    assert response.status_code == 409
    region.hospital.refresh_from_db()
    assert region.hospital.closed_on is None
    # Once the department is closed, the hospital can be.
    region.department.closed_on = timezone.localdate()
    region.department.save()
    assert admin_client.get(url).status_code == 200


def test_reopen_a_unit(admin_client, region):
    region.other_hospital.closed_on = date(2024, 3, 1)
    region.other_hospital.save()
    url = reverse("administration:unit_reopen", args=[region.other_hospital.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    region.other_hospital.refresh_from_db()
    assert region.other_hospital.closed_on is None
    # An open unit is not reopened.
    assert admin_client.get(url).status_code == 409


def test_reopen_refused_under_a_closed_unit(admin_client, region):
    for unit in (region.department, region.hospital):
        unit.closed_on = date(2024, 3, 1)
        unit.save()
    url = reverse("administration:unit_reopen", args=[region.department.pk])
    assert admin_client.post(url, {"confirmed": "1"}).status_code == 409
    region.department.refresh_from_db()
    assert region.department.closed_on is not None


def test_other_roles_cannot_change_units(client, region):
    client.force_login(region.users[Role.SECRETARIAT])
    url = reverse("administration:unit_close", args=[region.other_hospital.pk])
    response = client.post(url, {"closed_on": timezone.localdate().isoformat(), "confirmed": "1"})
    assert response.status_code == 403
    region.other_hospital.refresh_from_db()
    assert region.other_hospital.closed_on is None


# --- Audit log ---


def test_audit_log_shows_failed_logins_and_user_changes_of_the_own_organisation(
    admin_client, client, region, other_region
):
    coordinator = region.users[Role.COORDINATOR]
    LoginEvent.objects.create(
        succeeded=False, username=coordinator.username, user=coordinator, organisation=region.organisation
    )
    outsider = other_region.users[Role.COORDINATOR]
    LoginEvent.objects.create(
        succeeded=False, username=outsider.username, user=outsider, organisation=other_region.organisation
    )
    coordinator.job_title = "Frivilligkoordinator"
    coordinator._history_user = region.users[Role.ADMINISTRATOR]
    coordinator.save()
    outsider.job_title = "Anden titel"
    outsider.save()

    response = admin_client.get(reverse("administration:audit_log"))
    assert response.status_code == 200
    shown = response.context["entries"]
    failed = [entry for entry in shown if entry.kind == "failed"]
    assert [entry.label for entry in failed] == [coordinator.username]
    changed = [entry for entry in shown if entry.kind == "~" and entry.label == str(coordinator)]
    assert changed and changed[0].actor == region.users[Role.ADMINISTRATOR]
    assert changed[0].changed_fields == [str(type(coordinator)._meta.get_field("job_title").verbose_name)]
    content = response.content.decode()
    assert str(outsider) not in content


def test_audit_log_filters_by_person_kind_and_date(admin_client, region):
    coordinator = region.users[Role.COORDINATOR]
    secretary = region.users[Role.SECRETARIAT]
    for user in (coordinator, secretary):
        LoginEvent.objects.create(
            succeeded=True, username=user.username, user=user, organisation=region.organisation
        )
    LoginEvent.objects.create(
        succeeded=False, username=coordinator.username, user=coordinator, organisation=region.organisation
    )
    old = LoginEvent.objects.create(
        succeeded=True, username=coordinator.username, user=coordinator, organisation=region.organisation
    )
    LoginEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=40))
    url = reverse("administration:audit_log")

    by_person = admin_client.get(url, {"person": coordinator.pk}).context["entries"]
    assert by_person and all(
        entry.actor == coordinator or entry.label == str(coordinator) for entry in by_person
    )
    logins = admin_client.get(url, {"person": coordinator.pk, "kind": "login"}).context["entries"]
    assert len(logins) == 2 and {entry.kind for entry in logins} == {"login"}
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    recent = admin_client.get(url, {"person": coordinator.pk, "kind": "login", "date_from": since}).context[
        "entries"
    ]
    assert len(recent) == 1
    until = (timezone.localdate() - timedelta(days=30)).isoformat()
    older = admin_client.get(url, {"person": coordinator.pk, "date_to": until}).context["entries"]
    assert [entry.kind for entry in older] == ["login"]
    # A period that ends before it begins is an error, and shows nothing rather than everything.
    backwards = admin_client.get(url, {"date_from": since, "date_to": until})
    assert backwards.context["entries"] == []
    assert "Periodens første dag ligger efter dens sidste dag" in backwards.content.decode()


def test_audit_log_pages_merge_the_sources_in_order(admin_client, region):
    coordinator = region.users[Role.COORDINATOR]
    # Ahead of the fixtures' own records, so that the newest are these.
    now = timezone.now() + timedelta(days=1)
    for n in range(30):
        event = LoginEvent.objects.create(
            succeeded=n % 2 == 0,
            username=coordinator.username,
            user=coordinator,
            organisation=region.organisation,
        )
        LoginEvent.objects.filter(pk=event.pk).update(at=now - timedelta(minutes=2 * n + 1))
    for n in range(30):
        unit = UnitFactory(organisation=region.organisation, name=f"Afsnit {n}")
        unit.history.update(history_date=now - timedelta(minutes=2 * n + 2))
    url = reverse("administration:audit_log")
    total = entries(region.organisation.pk).count()
    seen = []
    page = 1
    while True:
        response = admin_client.get(url, {"page": page})
        seen.extend(response.context["entries"])
        if not response.context["listing"].page.has_next():
            break
        page += 1
    assert len(seen) == total
    moments = [entry.at for entry in seen]
    assert moments == sorted(moments, reverse=True)
    # The newest 60 alternate between the two sources, as they were made.
    assert [entry.kind for entry in seen[:4]] == ["login", "+", "failed", "+"]


def test_audit_log_queries_are_bounded(admin_client, region):
    url = reverse("administration:audit_log")
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for n in range(20):
        user = UserFactory(organisation=region.organisation, username=f"ny.{n}")
        LoginEvent.objects.create(
            succeeded=True, username=user.username, user=user, organisation=region.organisation
        )
        unit = UnitFactory(organisation=region.organisation, name=f"Afsnit {n}")
        VolunteerFactory(unit=unit)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)
    assert len(response.context["entries"]) == 25
    assert len(many) <= len(few) + 4  # at most one lookup per kind of object shown
    assert len(many) <= 14


def test_audit_log_links_to_objects_that_exist(admin_client, region):
    unit = UnitFactory(organisation=region.organisation, name="Afsnit med link")
    response = admin_client.get(reverse("administration:audit_log"), {"kind": "+"})
    entry = next(entry for entry in response.context["entries"] if entry.label == "Afsnit med link")
    assert entry.url == unit.get_absolute_url()


# --- Closed units disappear from choices ---


@pytest.fixture
def closed(region):
    """The other hospital, closed; its volunteer and agreement stay."""
    unit = region.other_hospital
    unit.closed_on = date(2024, 3, 1)
    unit.save()
    return unit


def test_closed_unit_is_not_offered_for_a_new_volunteer(client, region, closed):
    client.force_login(region.users[Role.SECRETARIAT])
    form = client.get(reverse("volunteers:volunteer_create")).context["form"]
    assert closed not in form.fields["unit"].queryset
    assert closed not in form.fields["active_units"].queryset
    assert region.hospital in form.fields["unit"].queryset
    response = client.post(reverse("volunteers:volunteer_create"), {"first_name": "A", "unit": closed.pk})
    assert "unit" in response.context["form"].errors


def test_a_volunteer_of_a_closed_unit_keeps_it_when_edited(client, region, closed):
    client.force_login(region.users[Role.SECRETARIAT])
    form = client.get(reverse("volunteers:volunteer_edit", args=[region.other_volunteer.pk])).context["form"]
    assert list(form.fields["unit"].queryset.filter(closed_on__isnull=False)) == [closed]


def test_closed_unit_is_not_a_filter_choice_but_its_data_are_listed(client, region, closed):
    client.force_login(region.users[Role.SECRETARIAT])
    response = client.get(reverse("volunteers:volunteer_list"))
    assert closed not in response.context["listing"].filterset.form.fields["unit"].queryset
    assert region.other_volunteer in response.context["listing"].queryset
    response = client.get(reverse("agreements:agreement_list"))
    assert closed not in response.context["listing"].filterset.form.fields["unit"].queryset


def test_closed_unit_is_not_offered_for_a_new_agreement(client, region, closed):
    client.force_login(region.users[Role.SECRETARIAT])
    form = client.get(reverse("agreements:agreement_create")).context["form"]
    assert closed not in form.fields["unit"].queryset
    assert Agreement.objects.filter(unit=closed).exists()


def test_import_refuses_a_closed_unit(client, region, closed, committing):
    client = committing(client)
    client.force_login(region.users[Role.SECRETARIAT])
    form = client.get(reverse("volunteers:volunteer_import")).context["form"]
    assert closed not in form.fields["unit"].queryset
    rows = [["Søren", "Ærbø", "soren@example.dk", None, 1961, None, None, None, date(2020, 8, 18), None, None,
             closed.name]]  # fmt: skip
    _url, response = upload_for_preview(client, xlsx(rows, [*HEADINGS, "Enhed"]), region.hospital)
    (row,) = response.context["listing"].page.object_list
    assert len(row.problems) == 1 and closed.name in str(row.problems[0])
