from collections import Counter
from datetime import date
from operator import attrgetter

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Min
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import exports
from core.concurrency import lock, save_guarded
from core.lists import Column, Listing, table_rows

from ..access import can_change, change_required, get_changeable_or_403, get_scoped_or_404, scoped
from ..filters import VolunteerFilter
from ..forms.volunteers import DiversityForm, TrainingRecordForm, VolunteerEndForm, VolunteerForm
from ..models import Volunteer
from ..models.register import AGE_BANDS, with_activities


def _missing_checks(volunteer):
    # Only those still volunteering have checks to obtain.
    if volunteer.status() in {Volunteer.Status.ACTIVE, Volunteer.Status.UPCOMING}:
        # One spelling per word: the list starts with a capital, as the start page's does.
        missing = volunteer.missing_checks(activities=volunteer.listed_activities)
        return capfirst(", ".join(str(label) for label in missing))
    return ""


#: What the volunteer list shows, and so what its exports write: of volunteers read with_activities().
VOLUNTEER_COLUMNS = [
    Column(gettext_lazy("Name"), str, sort="name"),
    Column(gettext_lazy("Unit"), lambda v: v.unit.name, sort="unit"),
    Column(
        gettext_lazy("Affiliation"), lambda v: v.affiliation.name if v.affiliation else "", sort="affiliation"
    ),
    Column(gettext_lazy("Activities"), lambda v: ", ".join(a.name for a in v.listed_activities)),
    Column(gettext_lazy("E-mail"), attrgetter("email"), sort="email", kind="email"),
    Column(gettext_lazy("Phone"), attrgetter("phone"), kind="phone"),
    Column(gettext_lazy("Start date"), attrgetter("start_date"), sort="start", kind="date"),
    Column(gettext_lazy("End date"), attrgetter("end_date"), sort="end", kind="date"),
    Column(gettext_lazy("Status"), lambda v: v.status().label),
    Column(gettext_lazy("Missing or due"), _missing_checks),
]


#: The fields VOLUNTEER_COLUMNS read (with str(), status() and missing_checks()).
LISTED_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "start_date",
    "end_date",
    "anonymised_on",
    "confidentiality_signed_on",
    "child_check_assessed_on",
    "criminal_check_assessed_on",
    "unit__name",
    "affiliation__name",
    "organisation__child_check_renewal_years",
    "organisation__criminal_check_renewal_years",
]


def _volunteer_listing(request):
    # Only what VOLUNTEER_COLUMNS read: the rest of four tables' columns would be converted for nothing.
    volunteers = Volunteer.objects.select_related("unit", "affiliation", "organisation").only(*LISTED_FIELDS)
    return Listing(
        request,
        scoped(request, volunteers),
        search_fields=["first_name", "last_name", "email", "phone"],
        phone_fields=["phone"],
        filterset_class=VolunteerFilter,
        sort_fields={
            "name": ("last_name", "first_name"),
            "unit": ("unit__name", "last_name", "first_name"),
            "affiliation": ("affiliation__name", "last_name", "first_name"),
            "email": ("email",),
            "start": ("start_date",),
            "end": ("end_date",),
        },
        default_sort="name",
    )


def volunteer_list(request):
    listing = _volunteer_listing(request)
    context = {
        "listing": listing,
        "header_cells": listing.header_cells(VOLUNTEER_COLUMNS),
        "rows": table_rows(VOLUNTEER_COLUMNS, with_activities(listing.page)),
        "export_formats": exports.FORMATS,
        "can_change": can_change(request, Volunteer),
    }
    return render(request, "volunteers/volunteer_list.html", context)


def volunteer_export(request, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    listing = _volunteer_listing(request)
    # In chunks, each with its activities, so that a large organisation's export stays lean.
    rows = with_activities(listing.queryset.iterator(chunk_size=2000))
    filename = f"frivillige-{timezone.localdate().isoformat()}"
    return exports.table_response(fmt, VOLUNTEER_COLUMNS, rows, filename, _("Volunteers"))


def _volunteers():
    return Volunteer.objects.select_related("unit", "affiliation", "organisation").prefetch_related(
        "activities", "active_units", "training_records"
    )


def _changeable_volunteer(request, pk):
    """A volunteer the user may change; an anonymised one has nothing left to change (404)."""
    return get_changeable_or_403(request, _volunteers().filter(anonymised_on__isnull=True), pk=pk)


#: ANNIVERSARY_YEARS are at most five years apart, so the next one always falls within this.
NEXT_ANNIVERSARY_WITHIN_DAYS = 5 * 366


def _checks(volunteer, today):
    """Each declaration and check: whether it is needed, its dates, and its state as text."""
    checks = [
        (_("Confidentiality declaration"), True, volunteer.confidentiality_signed_on, None),
        (
            _("Child-protection record check (børneattest)"),
            volunteer.needs_child_check,
            volunteer.child_check_assessed_on,
            volunteer.child_check_due_on,
        ),
        (
            _("Criminal-record check (straffeattest)"),
            volunteer.needs_criminal_check,
            volunteer.criminal_check_assessed_on,
            volunteer.criminal_check_due_on,
        ),
    ]
    rows = []
    for label, needed, done_on, due_on in checks:
        if not needed:
            state = _("Not required")
        elif done_on is None:
            state = _("Missing")
        elif due_on and due_on <= today:
            state = _("Due for renewal")
        else:
            state = _("In order")
        rows.append({"label": label, "needed": needed, "done_on": done_on, "due_on": due_on, "state": state})
    return rows


def _render_volunteer_detail(request, volunteer, training_form):
    today = timezone.localdate()
    status = volunteer.status(today)
    context = {
        "volunteer": volunteer,
        "status": status,
        "checks": _checks(volunteer, today),
        "anniversary": volunteer.anniversary(today, within_days=NEXT_ANNIVERSARY_WITHIN_DAYS)
        if status == Volunteer.Status.ACTIVE
        else None,
        "anniversary_soon": status == Volunteer.Status.ACTIVE and volunteer.anniversary(today) is not None,
        "training_form": training_form,
        "can_change": can_change(request, volunteer) and status != Volunteer.Status.ANONYMISED,
    }
    return render(request, "volunteers/volunteer_detail.html", context)


def volunteer_detail(request, pk):
    volunteer = get_scoped_or_404(request, _volunteers(), pk=pk)
    return _render_volunteer_detail(request, volunteer, TrainingRecordForm())


@change_required(Volunteer)
def volunteer_create(request):
    form = VolunteerForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            volunteer = form.save()
        messages.success(request, _("%(name)s was registered.") % {"name": volunteer})
        return redirect(volunteer)
    return render(request, "volunteers/volunteer_form.html", {"form": form})


def volunteer_edit(request, pk):
    volunteer = _changeable_volunteer(request, pk)
    name = str(volunteer)  # as saved, whatever the form holds
    form = VolunteerForm(request.POST or None, instance=volunteer, request=request)
    if request.method == "POST" and form.is_valid() and save_guarded(form):
        messages.success(request, _("The changes to %(name)s were saved.") % {"name": volunteer})
        return redirect(volunteer)
    context = {"form": form, "volunteer": volunteer, "name": name}
    return render(request, "volunteers/volunteer_form.html", context)


@require_POST
def volunteer_training_add(request, pk):
    volunteer = _changeable_volunteer(request, pk)
    form = TrainingRecordForm(request.POST)
    if form.is_valid():
        form.instance.volunteer = volunteer
        with transaction.atomic():
            form.save()
        messages.success(request, _("The training record was added."))
        return redirect(f"{volunteer.get_absolute_url()}#training")
    return _render_volunteer_detail(request, volunteer, form)


def volunteer_end(request, pk):
    volunteer = _changeable_volunteer(request, pk)
    form = VolunteerEndForm(
        request.POST or None,
        instance=volunteer,
        initial={"end_date": volunteer.end_date or timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid() and save_guarded(form):
        messages.success(
            request,
            _("%(name)s's time as a volunteer ends on %(date)s.")
            % {"name": volunteer, "date": date_format(volunteer.end_date)},
        )
        return redirect(volunteer)
    return render(request, "volunteers/volunteer_end.html", {"form": form, "volunteer": volunteer})


def volunteer_data(request, pk):
    volunteer = get_scoped_or_404(request, _volunteers(), pk=pk)
    context = {"volunteer": volunteer, "data": volunteer.personal_data()}
    return render(request, "volunteers/volunteer_data.html", context)


def volunteer_data_json(request, pk):
    volunteer = get_scoped_or_404(request, _volunteers(), pk=pk)
    response = JsonResponse(volunteer.personal_data(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="persondata-{volunteer.pk}.json"'
    return response


@change_required(Volunteer)
def anonymisation_list(request):
    volunteers = scoped(request, Volunteer.objects.select_related("unit", "organisation"))
    listing = Listing(
        request,
        volunteers.due_for_anonymisation(request.organisation),
        sort_fields={"name": ("last_name", "first_name"), "unit": ("unit__name",), "end": ("end_date",)},
        default_sort="end",
    )
    context = {"listing": listing, "retention_months": request.organisation.retention_months}
    return render(request, "volunteers/anonymisation_list.html", context)


@require_POST
def volunteer_anonymise(request, pk):
    volunteer = _changeable_volunteer(request, pk)
    with transaction.atomic():
        # Checked on the row as it now is: an edit saved meanwhile may have moved the end date.
        lock(volunteer)
        due_on = volunteer.anonymisation_due_on
        if volunteer.anonymised_on is None and due_on is not None and due_on <= timezone.localdate():
            volunteer.anonymise()
        else:
            due_on = None
    if due_on is None:
        messages.error(request, _("%(name)s is not due for anonymisation.") % {"name": volunteer})
        return redirect(volunteer)
    messages.success(
        request,
        _("The personal data of a former volunteer at %(unit)s was anonymised.") % {"unit": volunteer.unit},
    )
    return redirect("volunteers:anonymisation_list")


NOT_GIVEN = gettext_lazy("Not given")


def _crosstab(counts, keys):
    """Counts per unit and key as rows [(unit, [count per key], total)] plus the column totals."""
    by_unit = {}
    for unit, key, count in counts:
        by_unit.setdefault(unit, Counter())[key] += count
    rows = [
        (unit, [counter[key] for key in keys], counter.total()) for unit, counter in sorted(by_unit.items())
    ]
    totals = [sum(row[1][index] for row in rows) for index in range(len(keys))]
    return {"rows": rows, "totals": totals, "total": sum(totals)}


def diversity(request):
    """Counts by age band and gender per unit, of everyone active in a year (anonymised included)."""
    volunteers = scoped(request, Volunteer.objects.all())
    this_year = timezone.localdate().year
    first = volunteers.aggregate(first=Min("start_date"))["first"]
    years = range(this_year, min(first.year if first else this_year, this_year) - 1, -1)
    form = DiversityForm(request.GET or None, years=years)
    year = form.cleaned_data["year"] if form.is_valid() else this_year
    counted = volunteers.active_during(date(year, 1, 1), date(year, 12, 31)).order_by()
    by_age = counted.with_age_band(year).values_list("unit__name", "age_band").annotate(n=Count("pk"))
    by_gender = counted.values_list("unit__name", "gender").annotate(n=Count("pk"))
    context = {
        "form": form,
        "year": year,
        "age_labels": [label for _low, _high, label in AGE_BANDS] + [NOT_GIVEN],
        "by_age": _crosstab(by_age, [*range(len(AGE_BANDS)), None]),
        "gender_labels": [*Volunteer.Gender.labels, NOT_GIVEN],
        "by_gender": _crosstab(by_gender, [*Volunteer.Gender.values, ""]),
    }
    return render(request, "volunteers/diversity.html", context)
