"""Inviting many users from a file: upload, preview (nothing stored yet), confirm; and the template.

The same pipeline as the volunteer import (volunteers.importing, volunteers/views/imports.py): the file's
table waits in the session under a token; the rows are checked for the preview and checked again on
confirmation, when the people of the rows without problems are invited.
"""

from dataclasses import asdict

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import importing as user_importing
from core import exports
from core.lists import Listing
from volunteers.access import OrganisationRequest, role_required, scoped
from volunteers.importing import Table
from volunteers.importing import pending as waiting_imports
from volunteers.models import Role, Unit

from ..forms.users import UserImportForm
from .users import administrator

SESSION_KEY = "user_imports"
PREVIEW_PER_PAGE = 100
Status = user_importing.Status
administrator_only = role_required(Role.ADMINISTRATOR)


@administrator_only
def user_import(request: OrganisationRequest):
    form = UserImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {"file_name": form.cleaned_data["file"].name, "table": asdict(form.table)}
        token = waiting_imports.keep(request, SESSION_KEY, data)
        return redirect("administration:user_import_preview", token=token)
    context = {"form": form, "columns": user_importing.COLUMNS}
    return render(request, "administration/user_import_upload.html", context)


def _checked_rows(request: OrganisationRequest, waiting):
    register = user_importing.Register(administrator(request)[0])
    return user_importing.check(Table.from_session(waiting["table"]), register)


@administrator_only
def user_import_preview(request: OrganisationRequest, token: str):
    waiting = waiting_imports.waiting(request, SESSION_KEY, token)
    if request.method == "POST":
        return _confirm(request, token, waiting)
    rows = _checked_rows(request, waiting)
    counts = {status: 0 for status in Status}
    for row in rows:
        counts[row.status] += 1
    shown = request.GET.get("status", "")
    if shown in Status.values:
        rows = [row for row in rows if row.status == shown]
    context = {
        "token": token,
        "file_name": waiting["file_name"],
        "ignored": waiting["table"]["ignored"],
        "counts": [(Status(status), count) for status, count in counts.items()],
        "to_invite": counts[Status.NEW],
        "skipped": counts[Status.PROBLEM] + counts[Status.EXISTING],
        "statuses": Status.choices,
        "shown": shown,
        "listing": Listing(request, rows, per_page=PREVIEW_PER_PAGE),
    }
    return render(request, "administration/user_import_preview.html", context)


def _confirm(request: OrganisationRequest, token: str, waiting):
    try:
        with transaction.atomic():
            # Checked again: someone may have been invited since the preview.
            counts = user_importing.apply(_checked_rows(request, waiting), *administrator(request))
    except IntegrityError:
        messages.error(request, _("The users were changed while you imported. Check the preview again."))
        return redirect("administration:user_import_preview", token=token)
    waiting_imports.forget(request, SESSION_KEY, token)
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
