"""The steering group's figures for a strategy's follow-up: plain functions over SQL aggregates.

A bounded number of queries whatever the size: the reports of the matrix come as one list of values,
the statuses of the actions and the units' measured values as GROUP BY counts and sums. Nothing is
queried per unit, period or cell.

Progress, targets and the trend count the reports that were handed in (submitted or accepted); a draft
or a returned report shows in the matrix but does not count yet.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strategies.models import EffectTarget, FocusArea

from .models import ActionReport, ReportingPeriod, StatusReport, TargetReport

Status = StatusReport.Status
ActionStatus = ActionReport.Status

#: Reports that count in the figures.
HANDED_IN = (Status.SUBMITTED, Status.ACCEPTED)

#: Symbols beside the text of a status (never colour alone). The glyphs exist in DejaVu Sans (PDFs).
REPORT_SYMBOLS = {
    Status.DRAFT: "✎",
    Status.SUBMITTED: "➜",
    Status.RETURNED: "↩",
    Status.ACCEPTED: "✔",
    None: "○",
}
MISSING = _("Missing")
LATE = _("Late")

#: The action statuses in the order the charts stack them, and "" for an action reported without one.
ACTION_STATUSES = [ActionStatus.DONE, ActionStatus.ON_TRACK, ActionStatus.AT_RISK, ActionStatus.BEHIND, ""]
ACTION_SYMBOLS = {
    ActionStatus.DONE: "✔",
    ActionStatus.ON_TRACK: "●",
    ActionStatus.AT_RISK: "▲",
    ActionStatus.BEHIND: "✖",
    "": "?",
}
NO_STATUS = _("No status given")


def action_status_label(status):
    return ActionStatus(status).label if status else NO_STATUS


# --- the matrix ----------------------------------------------------------------------------------------


@dataclass
class Cell:
    period: ReportingPeriod
    report_id: int | None = None
    status: str | None = None
    late: bool = False
    submitted_on: date | None = None
    url: str = ""

    @property
    def label(self):
        return Status(self.status).label if self.status else MISSING

    @property
    def symbol(self):
        return REPORT_SYMBOLS[self.status]


@dataclass
class Row:
    unit: object
    cells: list


def report_url_maker():
    """A function pk -> the URL of a report (the drill-down), reversed once rather than per cell; links
    are left out while the report pages do not exist."""
    placeholder = 987654321
    try:
        pattern = reverse("evaluation:report_detail", args=[placeholder])
    except NoReverseMatch:
        return lambda pk: ""
    return lambda pk: pattern.replace(str(placeholder), str(pk))


def matrix(units, periods, today, unit_ids=None):
    """One row per unit, one cell per period: the report's status, whether it is late, and its link.

    ``unit_ids`` narrows the query (the reports of these units only); the strategy is the periods'."""
    if not periods:
        return [Row(unit, []) for unit in units]
    url = report_url_maker()
    by_pk = {period.pk: period for period in periods}
    reports = StatusReport.objects.filter(period__in=list(by_pk)).values_list(
        "pk", "period_id", "unit_id", "status", "submitted_at"
    )
    if unit_ids is not None:
        reports = reports.filter(unit_id__in=unit_ids)
    zone = timezone.get_current_timezone()  # once: the lookup is not free 10,000 times over
    found = {}
    for pk, period_id, unit_id, status, submitted_at in reports:
        period = by_pk[period_id]
        submitted_on = submitted_at.astimezone(zone).date() if submitted_at else None
        late = submitted_on > period.deadline if submitted_on else today > period.deadline
        found[unit_id, period_id] = Cell(period, pk, status, late, submitted_on, url(pk))
    return [
        Row(
            unit,
            [
                found.get((unit.pk, period.pk)) or Cell(period, late=today > period.deadline)
                for period in periods
            ],
        )
        for unit in units
    ]


# --- progress per focus area ---------------------------------------------------------------------------


@dataclass
class Share:
    status: str
    count: int
    total: int

    @property
    def label(self):
        return action_status_label(self.status)

    @property
    def symbol(self):
        return ACTION_SYMBOLS[self.status]

    @property
    def percent(self):
        """Whole per cent, rounded half up (50.5 -> 51)."""
        return int(Decimal(100 * self.count) / self.total + Decimal("0.5")) if self.total else 0


@dataclass
class Progress:
    focus_area: FocusArea
    shares: list = field(default_factory=list)

    @property
    def total(self):
        return sum(share.count for share in self.shares)


def _shares(counts):
    total = sum(counts.values())
    return [Share(status, counts.get(status, 0), total) for status in ACTION_STATUSES]


def focus_area_progress(focus_areas, period, unit_ids):
    """Per focus area, how its actions stand in the handed-in reports of ``period``."""
    counts = defaultdict(dict)
    if period is not None:
        rows = (
            ActionReport.objects.filter(
                report__period=period, report__unit_id__in=unit_ids, report__status__in=HANDED_IN
            )
            .values_list("action__focus_area_id", "status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for area_id, status, n in rows:
            counts[area_id][status] = n
    return [Progress(area, _shares(counts[area.pk])) for area in focus_areas]


# --- effect targets ------------------------------------------------------------------------------------


@dataclass
class Measurement:
    period: ReportingPeriod
    actual: Decimal | None  # the sum over the units that gave a value
    units: int  # how many units gave a value


@dataclass
class TargetFigures:
    target: EffectTarget
    measurements: list

    @property
    def latest(self):
        return next((m for m in reversed(self.measurements) if m.actual is not None), None)


def target_figures(targets, periods, unit_ids):
    """Per effect target and period: the sum of the units' measured values, against baseline and target."""
    sums = {}
    if targets and periods:
        rows = (
            TargetReport.objects.filter(
                effect_target__in=[target.pk for target in targets],
                report__period__in=[period.pk for period in periods],
                report__unit_id__in=unit_ids,
                report__status__in=HANDED_IN,
                actual__isnull=False,
            )
            .values_list("effect_target_id", "report__period_id")
            .annotate(total=Sum("actual"), n=Count("pk"))
            .order_by()
        )
        sums = {(target_id, period_id): (total, n) for target_id, period_id, total, n in rows}
    return [
        TargetFigures(
            target,
            [Measurement(period, *sums.get((target.pk, period.pk), (None, 0))) for period in periods],
        )
        for target in targets
    ]


# --- trend ---------------------------------------------------------------------------------------------


@dataclass
class TrendPoint:
    period: ReportingPeriod
    shares: list
    reports: int = 0

    @property
    def total(self):
        return sum(share.count for share in self.shares)


def trend(periods, unit_ids):
    """Per period, how many actions were reported in each status (handed-in reports)."""
    counts = defaultdict(dict)
    reports = defaultdict(int)
    if periods:
        period_ids = [period.pk for period in periods]
        rows = (
            ActionReport.objects.filter(
                report__period__in=period_ids, report__unit_id__in=unit_ids, report__status__in=HANDED_IN
            )
            .values_list("report__period_id", "status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for period_id, status, n in rows:
            counts[period_id][status] = n
        handed_in = (
            StatusReport.objects.filter(period__in=period_ids, unit_id__in=unit_ids, status__in=HANDED_IN)
            .values_list("period_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        reports.update(dict(handed_in))
    return [TrendPoint(period, _shares(counts[period.pk]), reports[period.pk]) for period in periods]


# --- all of it -----------------------------------------------------------------------------------------


@dataclass
class Dashboard:
    strategy: object
    part: object
    periods: list
    units: list
    rows: list
    latest_period: ReportingPeriod | None
    progress: list
    targets: list
    trend: list
    today: date

    @property
    def late_count(self):
        return sum(cell.late for row in self.rows for cell in row.cells)


def reporting_units(strategy, part=None):
    """The strategy's reporting units by name, narrowed to a part of the organisation if given."""
    from volunteers.models import Unit

    units = Unit.objects.filter(reporting_schedules__strategy=strategy)
    if part is not None:
        units = units.filter(plan_parts=part)
    return list(units.order_by("name", "pk").distinct())


def build(strategy, part=None, today=None, periods=None, progress_period=None):
    """Everything the dashboard shows. ``periods`` narrows it (the status pack: the half years up to its
    own); progress is that of ``progress_period``, by default the latest with reports handed in."""
    today = today or timezone.localdate()
    all_periods = list(ReportingPeriod.objects.filter(strategy=strategy).order_by("number"))
    periods = all_periods if periods is None else periods
    units = reporting_units(strategy, part)
    unit_ids = [unit.pk for unit in units]
    rows = matrix(units, periods, today, unit_ids)
    handed_in = {cell.period.pk for row in rows for cell in row.cells if cell.status in HANDED_IN}
    latest = progress_period or next((period for period in reversed(periods) if period.pk in handed_in), None)
    focus_areas = list(FocusArea.objects.filter(strategy=strategy).order_by("position", "pk"))
    targets = list(
        EffectTarget.objects.filter(focus_area__strategy=strategy)
        .select_related("focus_area")
        .order_by("focus_area__position", "focus_area_id", "position", "pk")
    )
    return Dashboard(
        strategy=strategy,
        part=part,
        periods=periods,
        units=units,
        rows=rows,
        latest_period=latest,
        progress=focus_area_progress(focus_areas, latest, unit_ids),
        targets=target_figures(targets, periods, unit_ids),
        trend=trend(periods, unit_ids),
        today=today,
    )
