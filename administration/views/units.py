"""The unit tree: create, rename, move, close and reopen units (a unit is never deleted in the app)."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.models import Agreement
from core.pages import confirm_page, confirmed, form_page, locked_page
from volunteers.access import OrganisationRequest, get_scoped_or_404, role_required, scoped
from volunteers.models import Role, Unit, User, Volunteer

from ..forms.units import UnitCloseForm, UnitForm, UnitReopenForm


@dataclass
class Node:
    unit: Unit
    users: int = 0
    volunteers: int = 0
    agreements: int = 0
    children: list["Node"] = field(default_factory=list)


def _counts(rows) -> dict[int, int]:
    return {row["unit_id"]: row["n"] for row in rows}


def build_tree(request: OrganisationRequest) -> list[Node]:
    """The organisation's units as nested nodes with their counts, in four queries however many units."""
    units = list(scoped(request, Unit.objects.order_by("name")))
    users = _counts(
        User.units.through.objects.filter(unit__in=[unit.pk for unit in units], user__is_active=True)
        .values("unit_id")
        .annotate(n=Count("user_id", distinct=True))
    )
    volunteers = _counts(
        scoped(request, Volunteer.objects.current()).values("unit_id").annotate(n=Count("pk")).order_by()
    )
    agreements = _counts(
        scoped(request, Agreement.objects.exclude(status=Agreement.Status.ENDED))
        .values("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    nodes = {
        unit.pk: Node(unit, users.get(unit.pk, 0), volunteers.get(unit.pk, 0), agreements.get(unit.pk, 0))
        for unit in units
    }
    roots = []
    for unit in units:  # by name, so children come out by name too
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(nodes[unit.pk])
    return roots


@role_required(Role.ADMINISTRATOR)
def unit_tree(request: OrganisationRequest):
    return render(request, "administration/unit_tree.html", {"tree": build_tree(request)})


def _unit_form(request: OrganisationRequest, unit: Unit):
    creating = unit.pk is None
    form = UnitForm(request.POST or None, instance=unit, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            unit = form.save()
        if creating:
            messages.success(request, _("The unit %(unit)s was created.") % {"unit": unit})
        else:
            messages.success(request, _("The unit %(unit)s was saved.") % {"unit": unit})
        return redirect("administration:unit_tree")
    return form_page(
        request,
        "administration/unit_form.html",
        form,
        _("New unit") if creating else _("Edit unit"),
        cancel_url=reverse("administration:unit_tree"),
        unit=unit,
    )


@role_required(Role.ADMINISTRATOR)
def unit_create(request: OrganisationRequest):
    return _unit_form(request, Unit())


@role_required(Role.ADMINISTRATOR)
def unit_edit(request: OrganisationRequest, pk: int):
    return _unit_form(request, get_scoped_or_404(request, Unit.objects.select_related("parent"), pk=pk))


def _locked(request: OrganisationRequest, unit: Unit, message: str, heading: str):
    return locked_page(
        request,
        "administration/unit_locked.html",
        message,
        back_url=reverse("administration:unit_tree"),
        heading=heading,
        unit=unit,
    )


@role_required(Role.ADMINISTRATOR)
def unit_close(request: OrganisationRequest, pk: int):
    unit = get_scoped_or_404(request, Unit.objects.all(), pk=pk)
    form = UnitCloseForm(request.POST if request.method == "POST" else None, unit=unit)
    if refusal := form.refusal():
        return _locked(request, unit, refusal, _("Close unit"))
    if confirmed(request) and form.is_valid():
        with transaction.atomic():
            form.perform()
        day = formats.date_format(unit.closed_on, "SHORT_DATE_FORMAT")
        messages.success(request, _("%(unit)s is closed from %(day)s.") % {"unit": unit, "day": day})
        return redirect("administration:unit_tree")
    volunteers = scoped(request, Volunteer.objects.current()).filter(unit=unit).count()
    agreements = (
        scoped(request, Agreement.objects.exclude(status=Agreement.Status.ENDED)).filter(unit=unit).count()
    )
    consequences = [
        _(
            "The unit stays in the organisation's history and lists with all its data: its volunteers, "
            "agreements, reports and the changes made to them."
        ),
        _(
            "It is no longer offered as a choice: not for new volunteers, agreements, coordinators, "
            "reports or filters, nor as a place in the unit tree."
        ),
        _("An administrator can reopen the unit later; it is never deleted."),
    ]
    if volunteers or agreements:
        consequences.insert(
            2,
            _("It now has %(volunteers)s and %(agreements)s; consider moving them to another unit.")
            % {
                "volunteers": ngettext(
                    "%(count)s current volunteer", "%(count)s current volunteers", volunteers
                )
                % {"count": volunteers},
                "agreements": ngettext(
                    "%(count)s agreement that has not ended",
                    "%(count)s agreements that have not ended",
                    agreements,
                )
                % {"count": agreements},
            },
        )
    return confirm_page(
        request,
        "administration/unit_confirm.html",
        form,
        _("Close unit"),
        consequences=consequences,
        submit_label=_("Close the unit"),
        cancel_url=reverse("administration:unit_tree"),
        unit=unit,
    )


@role_required(Role.ADMINISTRATOR)
def unit_reopen(request: OrganisationRequest, pk: int):
    unit = get_scoped_or_404(request, Unit.objects.select_related("parent"), pk=pk)
    form = UnitReopenForm(request.POST if request.method == "POST" else None, unit=unit)
    if refusal := form.refusal():
        return _locked(request, unit, refusal, _("Reopen unit"))
    if confirmed(request) and form.is_valid():
        with transaction.atomic():
            form.perform()
        messages.success(request, _("%(unit)s is open again.") % {"unit": unit})
        return redirect("administration:unit_tree")
    consequences = [
        _("The unit is offered as a choice again: for volunteers, agreements, coordinators and reports."),
        _("Its data and history are as they were."),
    ]
    return confirm_page(
        request,
        "administration/unit_confirm.html",
        form,
        _("Reopen unit"),
        consequences=consequences,
        submit_label=_("Reopen the unit"),
        cancel_url=reverse("administration:unit_tree"),
        unit=unit,
    )
