"""Import of volunteers: upload, preview (nothing stored yet), confirm; and the template to fill in.

The uploaded file's table waits in the user's session under a random token until it is confirmed;
the database is only written on confirmation, after the rows are checked once more.
"""

from dataclasses import asdict
from datetime import date

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import exports
from core.lists import Listing

from .. import importing
from ..access import change_required, get_scoped_or_404, scoped, visible_unit_ids
from ..forms.imports import ImportForm
from ..importing import pending as waiting_imports
from ..models import Activity, Unit, Volunteer, VolunteerOrganisation

SESSION_KEY = "volunteer_imports"
PREVIEW_PER_PAGE = 100


@change_required(Volunteer)
def volunteer_import(request):
    form = ImportForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST" and form.is_valid():
        data = {
            "unit": form.cleaned_data["unit"].pk,
            "file_name": form.cleaned_data["file"].name,
            "table": asdict(form.table),
        }
        token = waiting_imports.keep(request, SESSION_KEY, data)
        return redirect("volunteers:volunteer_import_preview", token=token)
    context = {"form": form, "columns": importing.COLUMNS}
    return render(request, "volunteers/import_upload.html", context)


def _pending(request, token):
    """The import waiting under the token in this user's session, and its default unit; else 404."""
    waiting = waiting_imports.waiting(request, SESSION_KEY, token)
    unit = get_scoped_or_404(request, Unit.objects.all(), pk=waiting["unit"])
    return waiting, unit


def _checked_rows(request, pending):
    register = importing.Register(request.organisation, visible_unit_ids(request))
    return importing.check(importing.Table.from_session(pending["table"]), register, pending["unit"])


@change_required(Volunteer)
def volunteer_import_preview(request, token):
    pending, unit = _pending(request, token)
    if request.method == "POST":
        return _confirm(request, token, pending)
    rows = _checked_rows(request, pending)
    counts = {status: 0 for status in importing.Status}
    for row in rows:
        counts[row.status] += 1
    shown = request.GET.get("status", "")
    if shown in importing.Status.values:
        rows = [row for row in rows if row.status == shown]
    context = {
        "token": token,
        "file_name": pending["file_name"],
        "unit": unit,
        "ignored": pending["table"]["ignored"],
        "counts": [(importing.Status(status), count) for status, count in counts.items()],
        "to_write": counts[importing.Status.NEW] + counts[importing.Status.UPDATE],
        "skipped": counts[importing.Status.PROBLEM],
        "statuses": importing.Status.choices,
        "shown": shown,
        "listing": Listing(request, rows, per_page=PREVIEW_PER_PAGE),
    }
    return render(request, "volunteers/import_preview.html", context)


def _confirm(request, token, pending):
    try:
        with transaction.atomic():
            # Checked again: the register may have changed since the preview.
            counts = importing.apply(_checked_rows(request, pending), request.organisation)
    except IntegrityError:
        # Someone registered one of the same people at the same moment; a new preview shows who.
        messages.error(request, _("The volunteers were changed while you imported. Check the preview again."))
        return redirect("volunteers:volunteer_import_preview", token=token)
    waiting_imports.forget(request, SESSION_KEY, token)
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
