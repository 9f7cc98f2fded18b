"""Import of volunteers: upload, the page that waits for the worker to read the file and then shows
the preview (nothing stored yet), confirm; and the template to fill in.

The request only stores the file and queues its reading (volunteers.importing.uploads); the worker
reads it within its limits. The database is only written on confirmation, after the rows are checked
once more, and only once per import.
"""

import logging
from collections.abc import Sequence
from datetime import date
from typing import cast

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import exports
from core.lists import Listing
from core.storage import STORAGE_FAILED

from .. import importing
from ..access import OrganisationRequest, change_required, get_scoped_or_404, scoped, visible_unit_ids
from ..forms.imports import ImportForm
from ..importing import uploads
from ..models import Activity, Import, Unit, User, Volunteer, VolunteerOrganisation
from ..tasks import read_volunteer_import

logger = logging.getLogger(__name__)
PREVIEW_PER_PAGE = 100
#: Seconds between the waiting page's reloads (an HTTP Refresh header: no script, allowed by the CSP).
REFRESH_SECONDS = 2


@change_required(Volunteer)
def volunteer_import(request):
    form = ImportForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                upload = uploads.receive(
                    form.cleaned_data["file"],
                    kind=Import.Kind.VOLUNTEERS,
                    organisation=request.organisation,
                    user=request.user,
                    language=request.LANGUAGE_CODE,
                    task=read_volunteer_import,
                    unit=form.cleaned_data["unit"],
                )
        except OSError:  # the storage is full or not writable: told, nothing recorded
            logger.exception("An import file could not be stored")
            form.add_error(None, STORAGE_FAILED)
        else:
            return redirect("volunteers:volunteer_import_preview", pk=upload.pk)
    context = {"form": form, "columns": importing.COLUMNS}
    return render(request, "volunteers/import_upload.html", context)


def own_import(request: OrganisationRequest, kind: Import.Kind, pk: int) -> Import:
    """The import of this kind that the request's user uploaded; 404 for anyone else's."""
    own = Import.objects.filter(kind=kind, uploaded_by=cast(User, request.user))
    return get_scoped_or_404(request, own, pk=pk)


def waiting_page(
    request: OrganisationRequest,
    upload: Import,
    crumbs: Sequence[tuple[str, str]],
    upload_url: str,
    done: tuple[str, str],
) -> HttpResponse:
    """The page of an import that is not ready: being read (it reloads itself), refused (why; a link
    to upload another file), or imported already (a link on: `done`, its URL and label). `crumbs` are
    the (URL, label) pairs above it."""
    context = {
        "upload": upload,
        "crumbs": crumbs,
        "upload_url": upload_url,
        "done_url": done[0],
        "done_label": done[1],
    }
    response = render(request, "volunteers/import_waiting.html", context)
    if upload.status == Import.Status.PENDING:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def not_ready(request: OrganisationRequest, upload: Import) -> None:
    """Tell why a confirmation did nothing: the import is done already, or not ready to be done."""
    if upload.status == Import.Status.IMPORTED:
        messages.info(request, _("This file has been imported already; nothing was imported twice."))
    else:
        messages.error(request, _("The file is not ready to be imported."))


def _checked_rows(request, table, unit_id):
    register = importing.Register(request.organisation, visible_unit_ids(request))
    return importing.check(table, register, unit_id)


@change_required(Volunteer)
def volunteer_import_preview(request, pk):
    upload = own_import(request, Import.Kind.VOLUNTEERS, pk)
    # The default unit: one the user may (still) see.
    unit = get_scoped_or_404(request, Unit.objects.all(), pk=upload.unit_id)
    if request.method == "POST":
        return _confirm(request, upload)
    if upload.status != Import.Status.READY:
        uploads.requeue_if_lost(upload, read_volunteer_import)
        upload_url, list_url = reverse("volunteers:volunteer_import"), reverse("volunteers:volunteer_list")
        crumbs = [(list_url, _("Volunteers")), (upload_url, _("Import"))]
        return waiting_page(request, upload, crumbs, upload_url, (list_url, _("Go to the volunteers")))
    table = uploads.table_of(upload)
    rows = _checked_rows(request, table, upload.unit_id)
    counts = {status: 0 for status in importing.Status}
    for row in rows:
        counts[row.status] += 1
    shown = request.GET.get("status", "")
    if shown in importing.Status.values:
        rows = [row for row in rows if row.status == shown]
    context = {
        "upload": upload,
        "file_name": upload.file_name,
        "unit": unit,
        "ignored": table.ignored,
        "counts": [(importing.Status(status), count) for status, count in counts.items()],
        "to_write": counts[importing.Status.NEW] + counts[importing.Status.UPDATE],
        "skipped": counts[importing.Status.PROBLEM],
        "statuses": importing.Status.choices,
        "shown": shown,
        "listing": Listing(request, rows, per_page=PREVIEW_PER_PAGE),
    }
    return render(request, "volunteers/import_preview.html", context)


def _confirm(request, upload):
    def apply(table):
        # Checked again: the register may have changed since the preview.
        return importing.apply(_checked_rows(request, table, upload.unit_id), request.organisation)

    try:
        counts = uploads.confirm(upload, apply)
    except IntegrityError:
        # Someone registered one of the same people at the same moment; a new preview shows who.
        messages.error(request, _("The volunteers were changed while you imported. Check the preview again."))
        return redirect("volunteers:volunteer_import_preview", pk=upload.pk)
    if counts is None:
        not_ready(request, upload)
        return redirect("volunteers:volunteer_import_preview", pk=upload.pk)
    Status = importing.Status
    new, updated, unchanged, skipped = (
        counts[Status.NEW],
        counts[Status.UPDATE],
        counts[Status.UNCHANGED],
        counts[Status.PROBLEM],
    )
    messages.success(
        request,
        ", ".join(
            [
                ngettext("%(count)s volunteer created", "%(count)s volunteers created", new) % {"count": new},
                ngettext("%(count)s updated", "%(count)s updated", updated) % {"count": updated},
                ngettext("%(count)s unchanged", "%(count)s unchanged", unchanged) % {"count": unchanged},
                ngettext("%(count)s row skipped", "%(count)s rows skipped", skipped) % {"count": skipped},
            ]
        ),
    )
    return redirect("volunteers:volunteer_list")


@change_required(Volunteer)
def volunteer_import_template(request):
    """An .xlsx with the Danish headings and one example row, made of the organisation's own names."""
    unit = scoped(request, Unit.objects.all()).first()
    organisation = scoped(request, VolunteerOrganisation.objects.all()).first()
    activity = scoped(request, Activity.objects.filter(involves_children=False)).first()
    today = timezone.localdate()
    example = {
        "first_name": "Anna",
        "last_name": "Jensen",
        "email": "anna.jensen@example.dk",
        "phone": "20 30 40 50",
        "address": "Nørregade 1, 8700 Horsens",
        "birth_year": 1962,
        "gender": "kvinde",
        "unit": unit.name if unit else "",
        "affiliation": organisation.name if organisation else "",
        "activities": activity.name if activity else "",
        "start_date": date(today.year, 1, 1),
        "confidentiality_signed_on": date(today.year, 1, 1),
    }
    headings = [column.headings[0] for column in importing.TEMPLATE_COLUMNS]
    row = [example.get(column.field) for column in importing.TEMPLATE_COLUMNS]
    sheet = exports.Sheet("Frivillige", headings, [row], widths=[20] * len(headings))
    return exports.download(exports.xlsx_bytes([sheet]), "frivillige-skabelon.xlsx")
