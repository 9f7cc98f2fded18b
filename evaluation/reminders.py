"""What the daily sweep of the follow-up has to do on a given day: plain functions, no sending.

For every strategy with a reporting schedule (approved, in implementation or evaluated):

- a draft status report exists for every reporting unit and period once the period has ended or its
  deadline is within the schedule's reminder window (with the register's key figures, as a report
  started by hand: evaluation/reporting.py);
- a report that is neither submitted nor accepted is reminded to each coordinator of its unit (users
  with the coordinator role whose units include the unit or a unit above it): UPCOMING on any day of
  the window before the deadline (so a sweep that did not run on the first day still sends it),
  DUE_TODAY on the deadline; from the day after, OVERDUE goes to every secretariat user of the
  organisation;
- an evaluation milestone that is not completed is reminded to the secretariat in the same way.

Each reminder is one Reminder row per recipient, kind and report or milestone (unique constraints),
so that recording it twice is impossible. Everything here runs a fixed number of queries, whatever
the number of strategies, units, periods and reports.
"""

from collections import defaultdict
from datetime import timedelta

from django.db import transaction

from volunteers.models import Role, Unit, User

from .models import EvaluationMilestone, Reminder, ReportingPeriod, ReportingSchedule, StatusReport
from .models.periods import FOLLOWED_UP
from .models.reminders import PENDING
from .reporting import key_figures

Kind = Reminder.Kind


def followed_up():
    return ReportingSchedule.objects.filter(strategy__status__in=FOLLOWED_UP)


def kind_due(deadline, today, reminder_days):
    """The kind of reminder due today about a deadline, or None. Only one kind is due on a day: a
    reminder that the deadline is coming up would be wrong on the day itself, and "today" after it."""
    if today == deadline:
        return Kind.DUE_TODAY
    if today > deadline:
        return Kind.OVERDUE
    if today >= deadline - timedelta(days=reminder_days):
        return Kind.UPCOMING
    return None


def report_needed(period, today, reminder_days):
    """Whether the unit's report of the period should exist by now (as a draft at least)."""
    return today > period.ends_on or today >= period.deadline - timedelta(days=reminder_days)


def coordinators_by_unit(organisation_ids):
    """unit id -> ids of the active coordinators of the unit or of a unit above it (two queries)."""
    parents = dict(Unit.objects.filter(organisation__in=organisation_ids).values_list("pk", "parent_id"))
    own = defaultdict(set)
    memberships = User.units.through.objects.filter(
        user__organisation__in=organisation_ids, user__role=Role.COORDINATOR, user__is_active=True
    ).values_list("unit_id", "user_id")
    for unit_id, user_id in memberships:
        own[unit_id].add(user_id)
    result = {}

    def coordinators(unit_id):
        if unit_id not in result:
            result[unit_id] = set()  # guards against a cycle in bad data
            parent = parents.get(unit_id)
            result[unit_id] = own.get(unit_id, set()) | (coordinators(parent) if parent else set())
        return result[unit_id]

    for unit_id in parents:
        coordinators(unit_id)
    return result


def secretariat_by_organisation(organisation_ids):
    result = defaultdict(list)
    users = User.objects.filter(organisation__in=organisation_ids, role=Role.SECRETARIAT, is_active=True)
    for organisation_id, user_id in users.order_by("pk").values_list("organisation_id", "pk"):
        result[organisation_id].append(user_id)
    return result


def ensure_reports(schedules, units_of, periods, today):
    """Create the missing draft reports that are due by today; returns the reports of the periods
    that need them as {(period id, unit id): (report id, status)}."""
    by_strategy = {schedule.strategy_id: schedule for schedule in schedules}
    needed = [
        period
        for period in periods
        if report_needed(period, today, by_strategy[period.strategy_id].reminder_days)
    ]
    wanted = {(period.pk, unit_id) for period in needed for unit_id in units_of[period.strategy_id]}

    def fetch():
        rows = StatusReport.objects.filter(period__in=[period.pk for period in needed]).values_list(
            "period_id", "unit_id", "pk", "status"
        )
        return {(period_id, unit_id): (pk, status) for period_id, unit_id, pk, status in rows}

    reports = fetch() if needed else {}
    missing = wanted - set(reports)
    if missing:
        # Pre-filled with the register's key figures as a report started by hand is; counted once per
        # unit (not per report), as they are the same for all of a unit's reports started today.
        units = Unit.objects.select_related("organisation").in_bulk({unit_id for _period, unit_id in missing})
        figures = {pk: key_figures(unit, today) for pk, unit in units.items()}
        StatusReport.objects.bulk_create(
            [
                StatusReport(period_id=period_id, unit_id=unit_id, **figures[unit_id])
                for period_id, unit_id in sorted(missing)
            ],
            batch_size=1000,
            ignore_conflicts=True,  # a report started by hand meanwhile wins
        )
        reports = fetch()
    return {key: value for key, value in reports.items() if key in wanted}


def due_reminders(today):
    """Every reminder that should exist by today, as unsaved Reminder objects (recorded or not),
    after making sure the reports they are about exist."""
    schedules = list(followed_up().select_related("strategy"))
    if not schedules:
        return []
    strategies = {schedule.strategy_id: schedule for schedule in schedules}
    organisation_ids = {schedule.strategy.organisation_id for schedule in schedules}
    units_of = defaultdict(set)
    through = ReportingSchedule.units.through.objects.filter(reportingschedule__in=schedules)
    for strategy_id, unit_id in through.values_list("reportingschedule__strategy_id", "unit_id"):
        units_of[strategy_id].add(unit_id)
    periods = {period.pk: period for period in ReportingPeriod.objects.filter(strategy__in=strategies)}
    reports = ensure_reports(schedules, units_of, periods.values(), today)
    coordinators = coordinators_by_unit(organisation_ids)
    secretariat = secretariat_by_organisation(organisation_ids)

    due = []
    for (period_id, unit_id), (report_id, status) in reports.items():
        if status not in PENDING:
            continue
        period = periods[period_id]
        schedule = strategies[period.strategy_id]
        kind = kind_due(period.deadline, today, schedule.reminder_days)
        if kind is None:
            continue
        organisation_id = schedule.strategy.organisation_id
        recipients = secretariat[organisation_id] if kind == Kind.OVERDUE else coordinators.get(unit_id, ())
        due.extend(
            Reminder(
                organisation_id=organisation_id,
                kind=kind,
                recipient_id=user_id,
                report_id=report_id,
                due_on=period.deadline,
            )
            for user_id in sorted(recipients)
        )
    milestones = EvaluationMilestone.objects.filter(strategy__in=strategies, completed_on__isnull=True)
    for milestone in milestones:
        schedule = strategies[milestone.strategy_id]
        kind = kind_due(milestone.due_on, today, schedule.reminder_days)
        if kind is None:
            continue
        organisation_id = schedule.strategy.organisation_id
        due.extend(
            Reminder(
                organisation_id=organisation_id,
                kind=kind,
                recipient_id=user_id,
                milestone_id=milestone.pk,
                due_on=milestone.due_on,
            )
            for user_id in secretariat[organisation_id]
        )
    return due


def _key(reminder):
    return (reminder.recipient_id, reminder.kind, reminder.report_id, reminder.milestone_id)


@transaction.atomic
def record_due_reminders(today):
    """Record every reminder due by today that is not recorded yet; returns how many were recorded.
    A reminder recorded before is never recorded again (and a concurrent sweep's row wins)."""
    due = due_reminders(today)
    if not due:
        return 0
    # Filtered through the strategies: a short IN list, however many reports there are.
    strategies = followed_up().values("strategy_id")
    fields = ("recipient_id", "kind", "report_id", "milestone_id")
    existing = set(Reminder.objects.filter(report__period__strategy__in=strategies).values_list(*fields))
    existing.update(Reminder.objects.filter(milestone__strategy__in=strategies).values_list(*fields))
    new = [reminder for reminder in due if _key(reminder) not in existing]
    Reminder.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return len(new)
