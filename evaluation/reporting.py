"""The rules of the half-year status reports, as plain functions: which actions concern a unit, the key
figures pre-filled from the register, the reports a coordinator's units owe, and the rows a report shows.

Each function runs a fixed number of queries, whatever the number of actions, periods or units.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import RUNNING, Agreement
from agreements.reviews import due_for_review
from strategies.models import Action, EffectTarget, Strategy
from volunteers.access import visible_unit_ids
from volunteers.models import Unit, Volunteer, descendant_ids

from .models import ActionReport, ReportingPeriod, ReportingSchedule, StatusReport, TargetReport

#: Strategies whose units report: from the approval until the strategy is evaluated.
FOLLOWED_UP = (Strategy.Status.APPROVED, Strategy.Status.IMPLEMENTATION)

#: The report's statuses in which its unit may still change it.
EDITABLE = (StatusReport.Status.DRAFT, StatusReport.Status.RETURNED)

#: Reports the unit has handed in: submitted, or accepted by the secretariat.
HANDED_IN = (StatusReport.Status.SUBMITTED, StatusReport.Status.ACCEPTED)

NOT_STARTED = _("Not started")


def ancestor_ids(unit):
    """The unit and every unit above it, from one query over the organisation's units."""
    parents = dict(Unit.objects.filter(organisation_id=unit.organisation_id).values_list("pk", "parent_id"))
    result, pk = [], unit.pk
    while pk is not None and pk not in result:
        result.append(pk)
        pk = parents.get(pk)
    return result


def concerning_actions(strategy, unit):
    """The actions of the strategy's implementation plan that concern the unit: those owned by the unit
    or a unit below it, and those of a part of the organisation that includes the unit or a unit above
    it (a part "the hospitals" concerns each hospital and its departments)."""
    below = descendant_ids([unit.pk], unit.organisation_id)
    above = ancestor_ids(unit)
    return (
        Action.objects.filter(part__plan__strategy=strategy)
        .filter(Q(owner_unit__in=below) | Q(part__units__in=above))
        .select_related("part", "focus_area", "owner_unit")
        .order_by("part__position", "part_id", "position", "pk")
        .distinct()
    )


#: The report's fields that the register fills in.
KEY_FIGURES = ("active_volunteers", "active_agreements", "agreements_due_for_review")


def key_figures(unit, today=None):
    """The register's figures for the unit and the units below it, as the report's fields."""
    today = today or timezone.localdate()
    units = descendant_ids([unit.pk], unit.organisation_id)
    agreements = Agreement.objects.filter(organisation_id=unit.organisation_id, unit__in=units)
    return {
        "active_volunteers": Volunteer.objects.filter(unit__in=units)
        .with_status(Volunteer.Status.ACTIVE, today)
        .count(),
        "active_agreements": agreements.filter(status__in=RUNNING).count(),
        "agreements_due_for_review": due_for_review(agreements, unit.organisation, today).count(),
    }


@transaction.atomic
def start_report(period, unit):
    """The unit's report for the period: created as a draft with the register's key figures the first
    time, the existing one after that. Returns (report, created)."""
    existing = StatusReport.objects.filter(period=period, unit=unit).first()
    if existing:
        return existing, False
    return StatusReport.objects.get_or_create(period=period, unit=unit, defaults=key_figures(unit))


def late_q(today):
    """Reports that are late: not submitted by the deadline (the deadline day itself is in time)."""
    return Q(submitted_at__isnull=True, period__deadline__lt=today) | Q(
        submitted_at__date__gt=F("period__deadline")
    )


def is_editable(report):
    return report.status in EDITABLE


def action_rows(report):
    """The report's ActionReports in plan order. While the report can be edited, every action that
    concerns the unit has one (unsaved until the report is saved), also an action added to the plan
    after the report was started; once submitted, the report shows what was handed in."""
    saved = list(
        report.actions.select_related("action__part", "action__focus_area", "action__owner_unit").order_by(
            "action__part__position", "action__part_id", "action__position", "action_id"
        )
    )
    if not is_editable(report):
        return saved
    by_action = {row.action_id: row for row in saved}
    rows = [
        by_action.pop(action.pk, None) or ActionReport(report=report, action=action)
        for action in concerning_actions(report.period.strategy, report.unit)
    ]
    return rows + list(by_action.values())  # an action that no longer concerns the unit stays shown


def target_rows(report):
    """The report's TargetReports, one per effect target of the strategy while it can be edited."""
    saved = list(
        report.targets.select_related("effect_target__focus_area").order_by(
            "effect_target__focus_area__position", "effect_target__position", "effect_target_id"
        )
    )
    if not is_editable(report):
        return saved
    by_target = {row.effect_target_id: row for row in saved}
    # The organisation's own figures are entered by the secretariat, not by the units.
    targets = (
        EffectTarget.objects.filter(focus_area__strategy_id=report.period.strategy_id)
        .exclude(aggregation=EffectTarget.Aggregation.ORGANISATION)
        .select_related("focus_area")
    )
    rows = [
        by_target.pop(target.pk, None) or TargetReport(report=report, effect_target=target)
        for target in targets.order_by("focus_area__position", "focus_area_id", "position", "pk")
    ]
    return rows + list(by_target.values())


def missing_statuses(report):
    """The actions of an editable report that have no status yet (a report is submitted with all)."""
    return [row.action for row in action_rows(report) if not row.status]


@dataclass
class OwedReport:
    """A report a unit owes for a period: started (``report``) or not yet."""

    period: ReportingPeriod
    unit: Unit
    report: StatusReport | None
    today: object

    @property
    def is_late(self):
        if self.report is not None:
            return self.report.is_late(self.today)
        return self.today > self.period.deadline

    @property
    def status(self):
        return self.report.status if self.report else ""

    @property
    def status_label(self):
        return self.report.get_status_display() if self.report else NOT_STARTED


def owed_reports(request, today=None):
    """The reports the user's units owe, as a queryset of periods with one row per reporting unit the
    user may see (``unit_id``, ``unit_name``): per followed-up strategy, per period that has begun.
    Deadlines soonest last: the open periods first. Filtered, counted and paginated in SQL; ``owed_rows``
    makes a page of it into OwedReports, with the started reports."""
    today = today or timezone.localdate()
    return (
        ReportingPeriod.objects.filter(
            strategy__organisation=request.organisation,
            strategy__status__in=FOLLOWED_UP,
            starts_on__lte=today,
            strategy__reporting__units__any_of=visible_unit_ids(request),
        )
        .annotate(
            unit_id=F("strategy__reporting__units"),
            # From a subquery, not a join: a sixth table in the join doubled the time PostgreSQL takes
            # to plan the query, more than running it.
            unit_name=Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).order_by().values("name")),
        )
        .select_related("strategy")
        # What the rows show: sorting every row carries these columns only, not the strategy's texts.
        .only("number", "starts_on", "ends_on", "deadline", "months", "strategy__title", "strategy__version")
        .order_by("-deadline", "strategy__title", "number", "unit_name", "unit_id")
    )


def outstanding(request, owed):
    """Of owed_reports(), those not handed in: not started, a draft, or returned."""
    # Of the user's units, like the rows: PostgreSQL hashes the handed-in reports to leave them out, and
    # would otherwise hash every report of the organisation.
    handed_in = StatusReport.objects.filter(
        period=OuterRef("pk"),
        unit=OuterRef("unit_id"),
        unit__any_of=visible_unit_ids(request),
        status__in=HANDED_IN,
    )
    return owed.filter(~Exists(handed_in))


def owed_rows(periods, today=None):
    """OwedReports of a page of owed_reports(): the started reports in one query. The units are made
    from the rows' own ``unit_id`` and ``unit_name``: what the rows show of them (name and link)."""
    today = today or timezone.localdate()
    periods = list(periods)
    units = {period.unit_id: Unit(pk=period.unit_id, name=period.unit_name) for period in periods}
    # What the rows show of a report; without the model's ordering, which joins four tables to sort.
    reports = {
        (report.period_id, report.unit_id): report
        for report in StatusReport.objects.filter(
            period__in={period.pk for period in periods}, unit__in=list(units)
        )
        .only("period", "unit", "status", "submitted_at")
        .order_by()
    }
    rows = []
    for period in periods:
        report = reports.get((period.pk, period.unit_id))
        if report is not None:
            report.period = period  # the row's own: its deadline tells whether the report is late
        rows.append(OwedReport(period, units[period.unit_id], report, today))
    return rows


@dataclass
class PeriodProgress:
    period: ReportingPeriod
    units: list  # (unit, status or "") for each reporting unit the user may see
    today: object

    @property
    def handed_in(self):
        return sum(1 for _unit, status in self.units if status in HANDED_IN)

    @property
    def outstanding(self):
        return [unit for unit, status in self.units if status not in HANDED_IN]

    @property
    def is_past_deadline(self):
        return self.today > self.period.deadline


def period_progress(strategy, request, today=None):
    """(schedule, [PeriodProgress]) of a strategy: per period, the reports handed in of those owed by
    the reporting units the user may see. (None, []) before the strategy is approved."""
    today = today or timezone.localdate()
    schedule = ReportingSchedule.objects.filter(strategy=strategy).prefetch_related("units").first()
    if schedule is None:
        return None, []
    visible = visible_unit_ids(request)
    units = sorted((u for u in schedule.units.all() if u.pk in visible), key=lambda u: u.name)
    statuses = {
        (period_id, unit_id): status
        for period_id, unit_id, status in StatusReport.objects.filter(
            period__strategy=strategy, unit__in=[u.pk for u in units]
        ).values_list("period_id", "unit_id", "status")
    }
    periods = ReportingPeriod.objects.filter(strategy=strategy).order_by("number")
    return schedule, [
        PeriodProgress(period, [(unit, statuses.get((period.pk, unit.pk), "")) for unit in units], today)
        for period in periods
    ]
