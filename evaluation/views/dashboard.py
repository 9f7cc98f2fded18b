"""The steering group's dashboard of a strategy's follow-up, its exports, the status pack PDF of a half
year, and the secretariat's action that puts the pack on the steering group's next meeting.

Organisation-wide roles read (coordinators: 403); putting the pack on an agenda adds an item to a meeting,
which only the secretariat changes."""

from django.apps import apps
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import exports as core_exports
from core.pages import form_page
from meetings.models import AgendaItem
from strategies.models import Strategy
from volunteers.access import can_change, change_required, get_scoped_or_404, role_required
from volunteers.models import ORGANISATION_WIDE

from .. import charts, dashboard, exports, status_pack
from ..forms.dashboard import AgendaForm, OrganisationFiguresForm, PartForm
from ..models import OrganisationFigure, ReportingPeriod

organisation_wide = role_required(*ORGANISATION_WIDE)
#: Units per page of the matrix; the figures and the exports always cover them all.
UNITS_PER_PAGE = 25


def _strategy(request, pk):
    return get_scoped_or_404(request, Strategy.objects.select_related("organisation", "approved_by"), pk=pk)


def _figures(request, strategy, with_matrix=True):
    form = PartForm(request.GET or None, strategy)
    part = form.cleaned_data["part"] if form.is_valid() else None
    return form, dashboard.build(strategy, part=part, with_matrix=with_matrix)


@organisation_wide
def dashboard_view(request, pk):
    strategy = _strategy(request, pk)
    form, figures = _figures(request, strategy, with_matrix=False)
    page = Paginator(figures.unit_names, UNITS_PER_PAGE).get_page(request.GET.get("side"))
    query = f"?part={figures.part.pk}" if figures.part else ""
    context = {
        "strategy": strategy,
        "form": form,
        "figures": figures,
        "page": page,
        "rows": figures.matrix(page.object_list),
        "charts": charts.cached_charts(figures),
        "query": query,
        "agenda_form": AgendaForm(None, strategy) if can_change(request, AgendaItem) else None,
        # The secretariat enters the organisation's own figures of a period from here.
        "enters_figures": can_change(request, OrganisationFigure) and figures.takes_organisation_figures,
    }
    return render(request, "evaluation/dashboard.html", context)


@organisation_wide
def dashboard_xlsx(request, pk):
    strategy = _strategy(request, pk)
    _form, figures = _figures(request, strategy)
    return core_exports.download(exports.xlsx_bytes(figures), f"opfoelgning-{strategy.version}.xlsx")


@organisation_wide
def dashboard_csv(request, pk):
    strategy = _strategy(request, pk)
    _form, figures = _figures(request, strategy)
    return core_exports.download(exports.csv_bytes(figures), f"opfoelgning-{strategy.version}.csv")


def _period(request, pk):
    return get_scoped_or_404(
        request,
        ReportingPeriod.objects.select_related("strategy__organisation", "strategy__approved_by"),
        pk=pk,
    )


@organisation_wide
def status_pack_pdf(request, pk):
    period = _period(request, pk)
    if apps.is_installed("documents"):  # made by a task and reused until its content changes
        from documents.flow import request_document

        return request_document(request, "status_pack", period)
    response = HttpResponse(status_pack.render(period), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{status_pack.filename(period)}"'
    return response


@change_required(OrganisationFigure)
def organisation_figures(request, pk):
    """The secretariat enters the organisation's own figures of a period (the effect targets whose figure
    is not made from the units' values)."""
    period = _period(request, pk)
    form = OrganisationFiguresForm(request.POST or None, period)
    if request.method == "POST" and form.is_valid():
        form.save()
        saved = _("The organisation's figures for %(period)s were saved.") % {"period": period}
        messages.success(request, saved)
        return redirect(reverse("evaluation:dashboard", args=[period.strategy_id]) + "#targets-heading")
    return form_page(
        request,
        "evaluation/organisation_figures.html",
        form,
        _("The organisation's figures for %(period)s") % {"period": period},
        cancel_url=reverse("evaluation:dashboard", args=[period.strategy_id]),
        strategy=period.strategy,
        period=period,
    )


@require_POST
@change_required(AgendaItem)
def status_pack_agenda(request, pk):
    period = _period(request, pk)
    back = reverse("evaluation:dashboard", args=[period.strategy_id]) + "#status-pack"
    form = AgendaForm(request.POST, period.strategy)
    if not form.is_valid():
        messages.error(request, _("Choose the body whose next meeting is to have the status pack."))
        return redirect(back)
    try:
        placed = status_pack.put_on_next_meeting(period, form.cleaned_data["body"])
    except status_pack.AgendaError as error:
        messages.error(request, str(error))
        return redirect(back)
    values = {
        "period": period,
        "date": date_format(placed.meeting.date),
        "number": placed.item.position,
    }
    if placed.created:
        messages.success(
            request,
            _("The status pack for %(period)s is item %(number)s on the meeting on %(date)s.") % values,
        )
    else:
        messages.info(
            request,
            _("The status pack for %(period)s is already item %(number)s on the meeting on %(date)s.")
            % values,
        )
    return redirect(f"{placed.meeting.get_absolute_url()}#item-{placed.item.pk}")
