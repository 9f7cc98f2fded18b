"""The reporting schedule and the half-year status reports.

A coordinator sees, writes and submits the reports of their own units (another unit's report is 404);
the secretariat sees all, writes them too, accepts or returns them and sets up the schedule; the steering
group reads everything and gets 403 on every change.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.lists import Listing
from strategies.models import Strategy
from volunteers.access import (
    ORGANISATION_WIDE_ROLES,
    SECRETARIAT_ROLES,
    get_changeable_or_403,
    get_scoped_or_404,
    may_change,
    role_required,
    scoped,
)
from volunteers.models import Unit

from .forms import ActionFormSet, DecisionForm, ReportFilter, ReportForm, TargetFormSet
from .models import ReportingPeriod, ReportingSchedule, ReportStatusError, StatusReport
from .reporting import (
    FOLLOWED_UP,
    KEY_FIGURES,
    action_rows,
    is_editable,
    key_figures,
    late_q,
    missing_statuses,
    owed_reports,
    period_progress,
    start_report,
    target_rows,
)

secretariat = role_required(*SECRETARIAT_ROLES)


def _reports():
    return StatusReport.objects.select_related("period__strategy", "unit", "submitted_by", "decided_by")


def _locked_for_update(report):
    """The report's row, locked until the transaction ends, so that two steps cannot cross."""
    return StatusReport.objects.select_for_update().select_related("period").get(pk=report.pk)


def _to_report(report):
    return redirect("evaluation:report_detail", pk=report.pk)


# --- the list ---------------------------------------------------------------------------------------------


def report_list(request):
    """A coordinator: the reports their units owe. Everyone else: all reports, filtered and paginated."""
    today = timezone.localdate()
    followed = scoped(request, Strategy.objects.filter(reporting__isnull=False, status__in=FOLLOWED_UP))
    context = {"today": today, "strategies": followed.order_by("-version", "title")}
    if request.user.is_coordinator:
        context["owed"] = owed_reports(request, today)
        return render(request, "evaluation/report_list_owed.html", context)
    context["listing"] = Listing(
        request,
        scoped(request, _reports()).annotate(late=ExpressionWrapper(late_q(today), BooleanField())),
        filterset_class=ReportFilter,
        sort_fields={
            "deadline": ("period__deadline", "unit__name"),
            "unit": ("unit__name", "period__deadline"),
            "status": ("status", "period__deadline"),
        },
        default_sort="-deadline",
    )
    return render(request, "evaluation/report_list.html", context)


@require_POST
def report_start(request, pk, unit):
    """Start the unit's report for the period (or open it if it exists): a draft with the register's
    key figures."""
    period = get_scoped_or_404(request, ReportingPeriod.objects.select_related("strategy"), pk=pk)
    unit = get_changeable_or_403(request, Unit.objects.all(), pk=unit)
    if not ReportingSchedule.objects.filter(strategy=period.strategy, units=unit).exists():
        raise Http404
    report, created = start_report(period, unit)
    if not is_editable(report):
        return _to_report(report)
    if created:
        messages.success(request, _("The report was started with the key figures from the register."))
    return redirect("evaluation:report_edit", pk=report.pk)


# --- one report -------------------------------------------------------------------------------------------


def _detail_page(request, report, decision_form=None, status=200):
    today = timezone.localdate()
    can_decide = request.user.role in SECRETARIAT_ROLES and report.status == StatusReport.Status.SUBMITTED
    context = {
        "report": report,
        "actions": action_rows(report),
        "targets": target_rows(report),
        "late": report.is_late(today),
        "can_change": may_change(request.user) and is_editable(report),
        "can_decide": can_decide,
        "decision_form": decision_form or (DecisionForm() if can_decide else None),
        "decide_url": reverse("evaluation:report_decide", args=[report.pk]),
    }
    return render(request, "evaluation/report_detail.html", context, status=status)


def report_detail(request, pk):
    return _detail_page(request, get_scoped_or_404(request, _reports(), pk=pk))


def report_edit(request, pk):
    report = get_changeable_or_403(request, _reports(), pk=pk)
    if not is_editable(report):
        # Handed in: the page says why, and a POST changes nothing.
        return render(request, "evaluation/report_locked.html", {"report": report}, status=409)
    data = request.POST if request.method == "POST" else None
    submitting = data is not None and "submit" in data
    # A report started without them (e.g. made in the admin) is offered the register's figures.
    empty = all(getattr(report, name) is None for name in KEY_FIGURES)
    form = ReportForm(
        data, instance=report, initial=key_figures(report.unit) if empty and data is None else None
    )
    actions = ActionFormSet(
        data, instances=action_rows(report), prefix="actions", form_kwargs={"require_status": submitting}
    )
    targets = TargetFormSet(data, instances=target_rows(report), prefix="targets")
    if data is not None and all([form.is_valid(), actions.is_valid(), targets.is_valid()]):
        try:
            with transaction.atomic():
                if not is_editable(_locked_for_update(report)):
                    raise ReportStatusError(
                        _("The report was handed in meanwhile and can no longer be edited.")
                    )
                report = form.save(commit=False)
                report.save(update_fields=ReportForm.Meta.fields)
                actions.save(report)
                targets.save(report)
                if submitting:
                    report.submit(request.user)
        except ReportStatusError as error:
            messages.error(request, str(error))
            return _to_report(report)
        if submitting:
            messages.success(request, _("The report was submitted to the secretariat."))
        else:
            messages.success(request, _("The report was saved. Submit it when it is complete."))
        return _to_report(report)
    context = {"report": report, "form": form, "actions": actions, "targets": targets}
    return render(request, "evaluation/report_form.html", context)


@require_POST
def report_submit(request, pk):
    report = get_changeable_or_403(request, _reports(), pk=pk)
    if is_editable(report) and (missing := missing_statuses(report)):
        messages.error(
            request,
            ngettext(
                "%(count)d action has no status yet. Give every action a status, then submit the report.",
                "%(count)d actions have no status yet. Give every action a status, then submit the report.",
                len(missing),
            )
            % {"count": len(missing)},
        )
        return redirect("evaluation:report_edit", pk=report.pk)
    try:
        with transaction.atomic():
            _locked_for_update(report).submit(request.user)
    except ReportStatusError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report was submitted to the secretariat."))
    return _to_report(report)


@require_POST
@secretariat
def report_decide(request, pk):
    """Accept a submitted report, or return it to the unit with a comment."""
    report = get_scoped_or_404(request, _reports(), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, report, decision_form=form)
    try:
        with transaction.atomic():
            _locked_for_update(report).decide(request.user, form.accept, form.cleaned_data["comment"])
    except ReportStatusError as error:
        messages.error(request, str(error))
    else:
        if form.accept:
            messages.success(request, _("The report was accepted."))
        else:
            messages.success(request, _("The report was returned to the unit with your comment."))
    return _to_report(report)


# --- the periods -----------------------------------------------------------------------------------------


def period_list(request, pk):
    """A strategy's half-year periods with their deadlines and how many reports are handed in."""
    strategy = get_scoped_or_404(request, Strategy.objects.all(), pk=pk)
    schedule, periods = period_progress(strategy, request)
    context = {
        "strategy": strategy,
        "schedule": schedule,
        "periods": periods,
        "organisation_wide": request.user.role in ORGANISATION_WIDE_ROLES,
    }
    return render(request, "evaluation/period_list.html", context)
