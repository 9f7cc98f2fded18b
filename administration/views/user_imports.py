"""Inviting many users from a file: upload, the page that waits for the worker and then shows the
preview (nothing stored yet), confirm; and the template.

The same pipeline as the volunteer import (volunteers.importing, volunteers/views/imports.py): the
worker reads the file (volunteers.importing.uploads); the rows are checked for the preview and checked
again on confirmation, once per import, when the people of the rows without problems are invited.
"""

import logging

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import importing as user_importing
from accounts.tasks import read_user_import
from core import exports
from core.lists import Listing
from core.storage import STORAGE_FAILED
from volunteers.access import OrganisationRequest, role_required, scoped
from volunteers.importing import Table, uploads
from volunteers.models import Import, Role, Unit
from volunteers.views.imports import not_ready, own_import, waiting_page

from ..forms.users import UserImportForm
from .users import administrator

logger = logging.getLogger(__name__)
PREVIEW_PER_PAGE = 100
Status = user_importing.Status
administrator_only = role_required(Role.ADMINISTRATOR)


@administrator_only
def user_import(request: OrganisationRequest):
    form = UserImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        organisation, user = administrator(request)
        try:
            with transaction.atomic():
                upload = uploads.receive(
                    form.cleaned_data["file"],
                    kind=Import.Kind.USERS,
                    organisation=organisation,
                    user=user,
                    language=request.LANGUAGE_CODE,
                    task=read_user_import,
                )
        except OSError:  # the storage is full or not writable: told, nothing recorded
            logger.exception("A file of users to invite could not be stored")
            form.add_error(None, STORAGE_FAILED)
        else:
            return redirect("administration:user_import_preview", pk=upload.pk)
    context = {"form": form, "columns": user_importing.COLUMNS}
    return render(request, "administration/user_import_upload.html", context)


def _checked_rows(request: OrganisationRequest, table: Table):
    register = user_importing.Register(administrator(request)[0])
    return user_importing.check(table, register)


@administrator_only
def user_import_preview(request: OrganisationRequest, pk: int):
    upload = own_import(request, Import.Kind.USERS, pk)
    if request.method == "POST":
        return _confirm(request, upload)
    if upload.status != Import.Status.READY:
        uploads.requeue_if_lost(upload, read_user_import)
        upload_url, list_url = reverse("administration:user_import"), reverse("administration:user_list")
        crumbs = [
            (reverse("administration:index"), _("Administration")),
            (list_url, _("Users")),
            (upload_url, _("Invite many")),
        ]
        return waiting_page(request, upload, crumbs, upload_url, (list_url, _("Go to the users")))
    table = uploads.table_of(upload)
    rows = _checked_rows(request, table)
    counts = {status: 0 for status in Status}
    for row in rows:
        counts[row.status] += 1
    shown = request.GET.get("status", "")
    if shown in Status.values:
        rows = [row for row in rows if row.status == shown]
    context = {
        "upload": upload,
        "file_name": upload.file_name,
        "ignored": table.ignored,
        "counts": [(Status(status), count) for status, count in counts.items()],
        "to_invite": counts[Status.NEW],
        "skipped": counts[Status.PROBLEM] + counts[Status.EXISTING],
        "statuses": Status.choices,
        "shown": shown,
        "listing": Listing(request, rows, per_page=PREVIEW_PER_PAGE),
    }
    return render(request, "administration/user_import_preview.html", context)


def _confirm(request: OrganisationRequest, upload: Import):
    def apply(table: Table):
        # Checked again: someone may have been invited since the preview.
        return user_importing.apply(_checked_rows(request, table), *administrator(request))

    try:
        counts = uploads.confirm(upload, apply)
    except IntegrityError:
        messages.error(request, _("The users were changed while you imported. Check the preview again."))
        return redirect("administration:user_import_preview", pk=upload.pk)
    if counts is None:
        not_ready(request, upload)
        return redirect("administration:user_import_preview", pk=upload.pk)
    new, old, skipped = counts[Status.NEW], counts[Status.EXISTING], counts[Status.PROBLEM]
    messages.success(
        request,
        "; ".join(
            [
                ngettext("%(count)s person invited", "%(count)s people invited", new) % {"count": new},
                ngettext("%(count)s was already a user", "%(count)s were already users", old)
                % {"count": old},
                ngettext(
                    "%(count)s row with problems skipped", "%(count)s rows with problems skipped", skipped
                )
                % {"count": skipped},
            ]
        ),
    )
    return redirect("administration:user_list")


@administrator_only
def user_import_template(request: OrganisationRequest):
    """An .xlsx with the Danish headings and two example rows, with the organisation's own unit names."""
    unit = scoped(request, Unit.objects.open()).first()
    examples = [
        [
            "Anna Jensen",
            "anna.jensen@example.dk",
            "Frivilligkoordinator",
            unit.name if unit else "",
            "Sygeplejerske",
        ],
        ["Peter Holm", "peter.holm@example.dk", "Sekretariat", "", "Konsulent"],
    ]
    headings = [column.headings[0] for column in user_importing.COLUMNS]
    sheet = exports.Sheet("Brugere", headings, examples, widths=[28] * len(headings))
    return exports.download(exports.xlsx_bytes([sheet]), "brugere-skabelon.xlsx")
