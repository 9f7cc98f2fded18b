"""The half-year status reports.

A coordinator sees, writes and submits the reports of their own units (another unit's report is 404);
the secretariat sees all, writes them too and accepts or returns them; the steering group reads
everything and gets 403 on every change.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.lists import Listing
from core.pages import confirm_page, confirmed, locked_page
from strategies.models import Strategy
from volunteers.access import can_change, get_changeable_or_403, get_scoped_or_404, scoped
from volunteers.models import Unit

from ..forms.reports import ActionFormSet, DecisionForm, ReportFilter, ReportForm, TargetFormSet
from ..models import ReportingPeriod, ReportingSchedule, ReportStatusError, StatusReport
from ..reporting import (
    FOLLOWED_UP,
    KEY_FIGURES,
    action_rows,
    is_editable,
    key_figures,
    missing_statuses,
    owed_reports,
    owed_rows,
    start_report,
    target_rows,
)


def decides_on_reports(request):
    """Whether the user accepts and returns handed-in reports (StatusReport.deciding_roles)."""
    return request.user.role in StatusReport.deciding_roles


def _reports():
    return StatusReport.objects.select_related("period__strategy", "unit", "submitted_by", "decided_by")


def _listed_reports():
    """What the list shows of each report: sorting thousands of them carries only these columns."""
    return StatusReport.objects.select_related("period__strategy", "unit").only(
        "status",
        "submitted_at",
        "period__number",
        "period__months",
        "period__deadline",
        "period__strategy__title",
        "period__strategy__version",
        "unit__name",
    )


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
        listing = Listing(request, owed_reports(request, today))
        context.update(listing=listing, owed=owed_rows(listing.page.object_list, today))
        return render(request, "evaluation/report_list_owed.html", context)
    context["listing"] = Listing(
        request,
        scoped(request, _listed_reports()),
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


def _detail_page(request, report, decision_form=None):
    today = timezone.localdate()
    can_decide = decides_on_reports(request) and report.status == StatusReport.Status.SUBMITTED
    context = {
        "report": report,
        "actions": action_rows(report),
        "targets": target_rows(report),
        "late": report.is_late(today),
        "not_begun": report.period.starts_on > today,
        "can_change": can_change(request, report) and is_editable(report),
        "can_decide": can_decide,
        "decision_form": decision_form or (DecisionForm() if can_decide else None),
        "decide_url": reverse("evaluation:report_decide", args=[report.pk]),
    }
    return render(request, "evaluation/report_detail.html", context)


def _accept_page(request, report, form):
    return confirm_page(
        request,
        "evaluation/report_accept.html",
        form,
        _("Accept the report"),
        consequences=[
            _("The report is locked: the unit can no longer change it."),
            _("Its figures count in the dashboard and the status pack as they are."),
        ],
        told=(report.unit_coordinators(), []),
        submit_label=_("Accept the report"),
        cancel_url=reverse("evaluation:report_detail", args=[report.pk]),
        report=report,
    )


def report_detail(request, pk):
    return _detail_page(request, get_scoped_or_404(request, _reports(), pk=pk))


def report_edit(request, pk):
    report = get_changeable_or_403(request, _reports(), pk=pk)
    if not is_editable(report):
        # Handed in: the page says why, and a POST changes nothing.
        message = _(
            "The report is “%(status)s”. Only a draft or a report the secretariat has returned can be "
            "changed."
        ) % {"status": report.get_status_display()}
        return locked_page(
            request,
            "evaluation/report_locked.html",
            message,
            back_url=reverse("evaluation:report_detail", args=[report.pk]),
            heading=_("The report cannot be changed"),
            report=report,
        )
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
                refused = None
                if submitting:
                    try:
                        report.submit(request.user)  # its own savepoint: what was typed stays saved
                    except ReportStatusError as error:
                        refused = error
        except ReportStatusError as error:
            messages.error(request, str(error))
            return _to_report(report)
        if refused is not None:
            messages.error(
                request, _("The report was saved but not submitted. %(reason)s") % {"reason": refused}
            )
        elif submitting:
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


def report_decide(request, pk):
    """Accept a submitted report, or return it to the unit with a comment. Accepting is final: it is
    taken only from its confirmation page (GET, or the detail page's form), which says whom it tells."""
    report = get_scoped_or_404(request, _reports(), pk=pk)
    if not decides_on_reports(request):
        raise PermissionDenied
    if request.method != "POST":
        return _accept_page(request, report, DecisionForm(initial={"decision": DecisionForm.ACCEPT}))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, report, decision_form=form)
    if form.accept and not confirmed(request):
        return _accept_page(request, report, form)
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
