"""A strategy's reporting schedule (the secretariat sets it up, the steering group reads it) and the
reminders the daily sweep has recorded and sent (evaluation/tasks.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.lists import Listing
from volunteers.access import (
    ORGANISATION_WIDE_ROLES,
    SECRETARIAT_ROLES,
    get_scoped_or_404,
    role_required,
    scoped,
)

from .models import EvaluationMilestone, Reminder, ReportingSchedule, StatusReport
from .reminders import FOLLOWED_UP, move_deadlines
from .schedule_forms import ScheduleForm

organisation_wide = role_required(*ORGANISATION_WIDE_ROLES)
secretariat = role_required(*SECRETARIAT_ROLES)

#: Reminders per page of the list.
REMINDERS_PER_PAGE = 50


def _schedule(request, pk):
    """The reporting schedule of the strategy `pk` (it exists once the strategy is approved)."""
    return get_scoped_or_404(request, ReportingSchedule.objects.select_related("strategy"), strategy_id=pk)


@organisation_wide
def schedule_detail(request, pk):
    schedule = _schedule(request, pk)
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
        "can_change": request.user.role in SECRETARIAT_ROLES and strategy.status in FOLLOWED_UP,
    }
    return render(request, "evaluation/schedule_detail.html", context)


@secretariat
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


@secretariat
def schedule_edit(request, pk):
    schedule = _schedule(request, pk)
    if schedule.strategy.status not in FOLLOWED_UP:
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
    return render(
        request,
        "evaluation/schedule_edit.html",
        {"form": form, "schedule": schedule, "strategy": schedule.strategy},
    )


def reminder_list(request):
    """Every reminder recorded, newest first. The secretariat, administrators and the steering group
    see the organisation's; a coordinator sees the reminders to themself only."""
    if request.organisation is None:
        raise PermissionDenied
    reminders = scoped(
        request,
        Reminder.objects.select_related(
            "recipient", "report__unit", "report__period__strategy", "milestone__strategy"
        ),
    )
    if request.user.role not in ORGANISATION_WIDE_ROLES:
        reminders = reminders.filter(recipient=request.user)
    listing = Listing(request, reminders, per_page=REMINDERS_PER_PAGE)
    return render(
        request,
        "evaluation/reminder_list.html",
        {"listing": listing, "own_only": request.user.role not in ORGANISATION_WIDE_ROLES},
    )
