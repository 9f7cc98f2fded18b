"""A strategy's follow-up rhythm (its reporting schedule): its periods and their deadlines, which units
report, where the status goes and the steps of the evaluation. Everyone sees the periods (a coordinator
their own units' reports); the organisation-wide roles read the schedule; the secretariat sets the rhythm
up once the strategy is approved, changes it and marks the steps completed."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.pages import form_page
from strategies.models import Strategy
from volunteers.access import (
    can_change,
    change_required,
    get_scoped_or_404,
    role_required,
)
from volunteers.models import ORGANISATION_WIDE

from ..forms.schedule import ScheduleForm
from ..models import EvaluationMilestone, ReportingSchedule, StatusReport, generate_schedule
from ..models.periods import FOLLOWED_UP
from ..reporting import period_progress

organisation_wide = role_required(*ORGANISATION_WIDE)


def _strategy(request, pk):
    """A strategy that has, or may be given, a rhythm: one that is followed up, or one that had a
    schedule before it was replaced."""
    strategies = Strategy.objects.filter(Q(status__in=FOLLOWED_UP) | Q(reporting__isnull=False))
    return get_scoped_or_404(request, strategies, pk=pk)


def period_list(request, pk):
    """A strategy's periods with their deadlines and how many reports are handed in."""
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
    """The rhythm, or that there is none yet (with the secretariat's button to set it up)."""
    strategy = _strategy(request, pk)
    schedule = ReportingSchedule.objects.filter(strategy=strategy).select_related("steering_body").first()
    context = {
        "schedule": schedule,
        "strategy": strategy,
        "today": timezone.localdate(),
        "can_change": can_change(request, ReportingSchedule) and strategy.status in FOLLOWED_UP,
    }
    if schedule is not None:
        submitted = Q(reports__status__in=[StatusReport.Status.SUBMITTED, StatusReport.Status.ACCEPTED])
        context.update(
            units=schedule.units.order_by("name"),
            periods=strategy.periods.annotate(
                submitted=Count("reports", filter=submitted & Q(reports__unit__in=schedule.units.all()))
            ),
            milestones=strategy.evaluation_milestones.all(),
        )
    return render(request, "evaluation/schedule_detail.html", context)


@organisation_wide
@change_required(ReportingSchedule)
def schedule_edit(request, pk):
    """Set up the rhythm of an approved strategy, or change it; the periods and milestones follow."""
    strategy = _strategy(request, pk)
    if strategy.status not in FOLLOWED_UP:
        messages.error(request, _("The schedule of a replaced strategy cannot be changed."))
        return redirect("evaluation:schedule_detail", pk=pk)
    schedule = ReportingSchedule.objects.filter(strategy=strategy).first()
    initial = {}
    if schedule is None:
        schedule = ReportingSchedule(strategy=strategy)
        initial = {"first_period_starts": strategy.approved_on, "steering_body": strategy.approved_by_id}
    creating = schedule.pk is None
    form = ScheduleForm(request.POST or None, instance=schedule, initial=initial, request=request)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            kept = generate_schedule(form.save())
        if creating:
            message = _("The follow-up rhythm was set up.")
        elif kept:
            message = ngettext(
                "The follow-up rhythm was saved. Period %(last)s keeps its dates: a report has been handed "
                "in for it.",
                "The follow-up rhythm was saved. Periods 1 to %(last)s keep their dates: reports have been "
                "handed in for them.",
                kept,
            ) % {"last": kept}
        else:
            message = _("The follow-up rhythm was saved.")
        messages.success(request, message)
        return redirect("evaluation:schedule_detail", pk=pk)
    return form_page(
        request,
        "evaluation/schedule_edit.html",
        form,
        _("Set up the follow-up rhythm") if creating else _("Change the follow-up rhythm"),
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
