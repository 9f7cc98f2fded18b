"""A strategy's reporting schedule: its half-year periods and their deadlines, which units report, and
the steps of the two-year evaluation. Everyone sees the periods (a coordinator their own units'
reports); the organisation-wide roles read the schedule; the secretariat sets it up and marks the steps
completed."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import form_page
from strategies.models import Strategy
from volunteers.access import (
    can_change,
    change_required,
    get_changeable_or_403,
    get_scoped_or_404,
    role_required,
)
from volunteers.models import ORGANISATION_WIDE

from ..forms.schedule import ScheduleForm
from ..models import EvaluationMilestone, ReportingSchedule, StatusReport
from ..reminders import FOLLOWED_UP, move_deadlines
from ..reporting import period_progress

organisation_wide = role_required(*ORGANISATION_WIDE)


def _schedules():
    """The reporting schedules, looked up by their strategy (a schedule exists once it is approved)."""
    return ReportingSchedule.objects.select_related("strategy")


def period_list(request, pk):
    """A strategy's half-year periods with their deadlines and how many reports are handed in."""
    strategy = get_scoped_or_404(request, Strategy.objects.all(), pk=pk)
    schedule, periods = period_progress(strategy, request)
    context = {
        "strategy": strategy,
        "schedule": schedule,
        "periods": periods,
        "organisation_wide": request.user.role in ORGANISATION_WIDE,
    }
    return render(request, "evaluation/period_list.html", context)


@organisation_wide
def schedule_detail(request, pk):
    schedule = get_scoped_or_404(request, _schedules(), strategy_id=pk)
    strategy = schedule.strategy
    submitted = Q(reports__status__in=[StatusReport.Status.SUBMITTED, StatusReport.Status.ACCEPTED])
    periods = strategy.periods.annotate(
        submitted=Count("reports", filter=submitted & Q(reports__unit__in=schedule.units.all()))
    )
    context = {
        "schedule": schedule,
        "strategy": strategy,
        "units": schedule.units.order_by("name"),
        "periods": periods,
        "milestones": strategy.evaluation_milestones.all(),
        "today": timezone.localdate(),
        "can_change": can_change(request, schedule) and strategy.status in FOLLOWED_UP,
    }
    return render(request, "evaluation/schedule_detail.html", context)


@organisation_wide
def schedule_edit(request, pk):
    schedule = get_changeable_or_403(request, _schedules(), strategy_id=pk)
    strategy = schedule.strategy
    if strategy.status not in FOLLOWED_UP:
        messages.error(request, _("The schedule of a replaced strategy cannot be changed."))
        return redirect("evaluation:schedule_detail", pk=pk)
    form = ScheduleForm(request.POST or None, instance=schedule, request=request)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            schedule = form.save()
            moved = move_deadlines(schedule, timezone.localdate())
        messages.success(
            request,
            _("The reporting schedule was saved; %(count)s deadlines were moved.") % {"count": moved}
            if moved
            else _("The reporting schedule was saved."),
        )
        return redirect("evaluation:schedule_detail", pk=pk)
    return form_page(
        request,
        "evaluation/schedule_edit.html",
        form,
        _("Change the reporting schedule"),
        cancel_url=reverse("evaluation:schedule_detail", args=[pk]),
        strategy=strategy,
    )


# Before require_POST, so that the roles that only read are refused whatever the method.
@change_required(EvaluationMilestone)
@require_POST
def evaluation_step_done(request, pk):
    """Mark an evaluation step completed (its reminders stop), or open it again with `reopen`."""
    milestone = get_scoped_or_404(request, EvaluationMilestone.objects.all(), pk=pk)
    reopen = "reopen" in request.POST
    milestone.completed_on = None if reopen else timezone.localdate()
    milestone.save(update_fields=["completed_on"])
    messages.success(
        request,
        (_("%(step)s is open again.") if reopen else _("%(step)s is marked completed."))
        % {"step": milestone.get_kind_display()},
    )
    return redirect("evaluation:schedule_detail", pk=milestone.strategy_id)
