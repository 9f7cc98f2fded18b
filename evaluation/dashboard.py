"""The steering group's figures for a strategy's follow-up: plain functions over SQL aggregates.

A bounded number of queries whatever the size: the reports of the matrix come as one list of values,
the statuses of the actions and the units' measured values as GROUP BY counts and sums. Nothing is
queried per unit, period or cell.

Progress, targets and the trend count the reports that were handed in (submitted or accepted); a draft
or a returned report shows in the matrix but does not count yet.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property, partial

from django.core.cache import cache
from django.db import connection, router
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.links import url_maker
from strategies.models import Action, EffectTarget, FocusArea, ImplementationPlan, PlanPart

from .models import (
    ActionReport,
    OrganisationFigure,
    ReportingPeriod,
    ReportingSchedule,
    StatusReport,
    TargetReport,
)

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


def matrix(units, periods, today, unit_ids=None):
    """One row per unit, one cell per period: the report's status, whether it is late, and its link.

    ``unit_ids`` narrows the query (the reports of these units only); the strategy is the periods'."""
    if not periods:
        return [Row(unit, []) for unit in units]
    url = url_maker("evaluation:report_detail")
    by_pk = {period.pk: period for period in periods}
    # Without the model's ordering, which joins the units only to sort by their names. The day of
    # handing in is cut in SQL: reading thousands of timestamps costs more in Python than the query.
    day_submitted = TruncDate("submitted_at", tzinfo=timezone.get_current_timezone())
    reports = (
        StatusReport.objects.filter(period__in=list(by_pk))
        .values_list("pk", "period_id", "unit_id", "status", day_submitted)
        .order_by()
    )
    if unit_ids is not None:
        reports = reports.filter(unit_id__in=unit_ids)
    found = defaultdict(dict)  # unit id -> period id -> cell
    for pk, period_id, unit_id, status, submitted_on in reports:
        period = by_pk[period_id]
        late = submitted_on > period.deadline if submitted_on else today > period.deadline
        found[unit_id][period_id] = Cell(period, pk, status, late, submitted_on, url(pk))
    # Each period's key and lateness once, not per cell.
    columns = [(period.pk, period, today > period.deadline) for period in periods]
    rows = []
    for unit in units:
        cells = found[unit.pk]
        rows.append(Row(unit, [cells.get(pk) or Cell(period, late=late) for pk, period, late in columns]))
    return rows


def late_count(periods, unit_ids, today):
    """How many cells of the matrix of these units and periods are late, counted in SQL: a period past
    its deadline owes a report by every unit, and only those handed in by the deadline are not late."""
    past = [period for period in periods if today > period.deadline]
    if not past or not unit_ids:
        return 0
    on_time = (
        StatusReport.objects.filter(
            period__in=past, unit_id__in=unit_ids, submitted_at__date__lte=F("period__deadline")
        )
        .order_by()
        .count()
    )
    return len(past) * len(unit_ids) - on_time


def status_counts(period, unit_ids):
    """{status: number of the units' reports of the period}, "" for the units without one."""
    counts = dict(
        StatusReport.objects.filter(period=period, unit_id__in=unit_ids)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts[""] = len(unit_ids) - sum(counts.values())
    return counts


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


Aggregation = EffectTarget.Aggregation
#: Places the combined figure is kept to (as the values are stored).
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Tally:
    """The units' values of one effect target in one period, added up: how many units gave a value, their
    sum, and for a weighted average the sum of the weights and of value x weight. The dashboard gets it
    from SQL (one GROUP BY for every target and period); ``Tally.of`` makes it from a list of values."""

    units: int = 0
    total: Decimal = Decimal(0)
    weights: Decimal = Decimal(0)
    weighted_total: Decimal = Decimal(0)

    @classmethod
    def of(cls, values):
        """From (value, weight) pairs, one per unit; a unit without a value does not count."""
        given = [(Decimal(value), weight) for value, weight in values if value is not None]
        weighted = [(value, Decimal(weight)) for value, weight in given if weight is not None]
        return cls(
            units=len(given),
            total=sum((value for value, _weight in given), Decimal(0)),
            weights=sum((weight for _value, weight in weighted), Decimal(0)),
            weighted_total=sum((value * weight for value, weight in weighted), Decimal(0)),
        )


def combined_value(target, values, organisation_figure=None):
    """The figure of an effect target for one period, made from the units' values as the target says
    (``target.aggregation``); None when there is nothing to show.

    ``values``: the units' values as (value, weight) pairs (a unit without a value is left out; the
    weight matters only for a weighted average), or a ``Tally`` of them.

    - sum: the values added up (counts);
    - average: their plain average (percentages, rates);
    - weighted: sum(value x weight) / sum(weight) over the units that stated a weight (e.g. the share of
      new volunteers with an introduction, weighted by each unit's number of new volunteers);
    - organisation: ``organisation_figure``, the organisation's own figure entered once; the units'
      values do not count.

    A percentage is never added up: the effect target's form refuses "sum" for it.
    """
    if target.aggregation == Aggregation.ORGANISATION:
        return organisation_figure
    tally = values if isinstance(values, Tally) else Tally.of(values)
    if not tally.units:
        return None
    if target.aggregation == Aggregation.SUM:
        return tally.total
    if target.aggregation == Aggregation.WEIGHTED:
        if not tally.weights:
            return None
        return (tally.weighted_total / tally.weights).quantize(CENTS)
    return (tally.total / tally.units).quantize(CENTS)


def method_text(target, units):
    """The method, named beside the figure: "sum af 5 enheder", "gennemsnit af 2 enheder", "vægtet
    gennemsnit af 2 enheder (vægt: antal nye frivillige)", "organisationens eget tal"."""
    if target.aggregation == Aggregation.ORGANISATION:
        return str(_("the organisation's own figure"))
    if target.aggregation == Aggregation.SUM:
        return ngettext("sum of %(count)s unit", "sum of %(count)s units", units) % {"count": units}
    if target.aggregation == Aggregation.WEIGHTED:
        return ngettext(
            "weighted average of %(count)s unit (weight: %(weight)s)",
            "weighted average of %(count)s units (weight: %(weight)s)",
            units,
        ) % {"count": units, "weight": target.weight_label or "–"}
    return ngettext("average of %(count)s unit", "average of %(count)s units", units) % {"count": units}


@dataclass
class Measurement:
    period: ReportingPeriod
    target: EffectTarget
    tally: Tally
    organisation_figure: Decimal | None = None

    @property
    def actual(self):
        """The combined figure (combined_value)."""
        return combined_value(self.target, self.tally, self.organisation_figure)

    @property
    def units(self):
        """How many units' values count (none for the organisation's own figure)."""
        return 0 if self.target.aggregation == Aggregation.ORGANISATION else self.tally.units

    @property
    def method(self):
        return method_text(self.target, self.units)


@dataclass
class TargetFigures:
    target: EffectTarget
    measurements: list

    @property
    def latest(self):
        return next((m for m in reversed(self.measurements) if m.actual is not None), None)


def target_figures(targets, periods, unit_ids):
    """Per effect target and period: the units' values combined as the target says, against baseline and
    target. Two queries whatever the size: the units' values added up per target and period, and the
    organisation's own figures."""
    tallies, figures = {}, {}
    if targets and periods:
        target_ids, period_ids = [target.pk for target in targets], [period.pk for period in periods]
        weighted = Q(weight__isnull=False)
        rows = (
            TargetReport.objects.filter(
                effect_target__in=target_ids,
                report__period__in=period_ids,
                report__unit_id__in=unit_ids,
                report__status__in=HANDED_IN,
                actual__isnull=False,
            )
            .values_list("effect_target_id", "report__period_id")
            .annotate(
                n=Count("pk"),
                total=Sum("actual"),
                weights=Sum("weight", filter=weighted),
                weighted_total=Sum(F("actual") * F("weight"), filter=weighted),
            )
            .order_by()
        )
        tallies = {
            (target_id, period_id): Tally(
                n, Decimal(total), Decimal(weights or 0), Decimal(weighted_total or 0)
            )
            for target_id, period_id, n, total, weights, weighted_total in rows
        }
        if any(target.aggregation == Aggregation.ORGANISATION for target in targets):
            figures = {
                (target_id, period_id): value
                for target_id, period_id, value in OrganisationFigure.objects.filter(
                    effect_target__in=target_ids, period__in=period_ids
                ).values_list("effect_target_id", "period_id", "value")
            }
    return [
        TargetFigures(
            target,
            [
                Measurement(
                    period,
                    target,
                    tallies.get((target.pk, period.pk), Tally()),
                    figures.get((target.pk, period.pk)),
                )
                for period in periods
            ],
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
    #: The reporting units by name as (pk, name) pairs: the figures need only the ids, and a Unit for each
    #: of hundreds costs a page milliseconds (``units`` makes them).
    unit_names: list
    #: The matrix of every unit, or None when built without it (the page builds its own page of it).
    rows: list | None
    latest_period: ReportingPeriod | None
    progress: list
    targets: list
    trend: list
    today: date
    #: How many reports of the whole matrix are late.
    late_count: int
    #: The figures' key in the cache: what is drawn from them can be kept beside them.
    cache_key: str

    @property
    def takes_organisation_figures(self):
        """Whether an effect target's figure is the organisation's own (entered per period)."""
        return any(row.target.aggregation == Aggregation.ORGANISATION for row in self.targets)

    @cached_property
    def units(self):
        """The reporting units by name."""
        return as_units(self.unit_names)

    def matrix(self, unit_names):
        """The rows of the matrix for these units, (pk, name) pairs of ``unit_names`` (a page of them)."""
        return matrix(as_units(unit_names), self.periods, self.today, [pk for pk, _name in unit_names])


def reporting_units(strategy, part=None):
    """The strategy's reporting units by name as (pk, name) pairs, narrowed to a part of the organisation
    if given."""
    from volunteers.models import Unit

    # Ids in a subquery rather than a join and DISTINCT over every column of every unit.
    reporting = ReportingSchedule.units.through.objects.filter(reportingschedule__strategy=strategy)
    units = Unit.objects.filter(pk__in=reporting.values("unit_id"))
    if part is not None:
        units = units.filter(pk__in=part.units.values("pk"))
    return list(units.order_by("name", "pk").values_list("pk", "name"))


def as_units(unit_names):
    """Units of (pk, name) pairs, as ``only("pk", "name")`` loads them: the figures, the matrix and the
    status pack need only their names."""
    from volunteers.models import Unit

    db = router.db_for_read(Unit)
    return [Unit.from_db(db, ["id", "name"], pair) for pair in unit_names]


#: How long the figures of a strategy are kept in the cache. They are looked up by a version of the data
#: they are made from (figures_version), so a change shows at once; the time only bounds the memory.
FIGURES_SECONDS = 24 * 60 * 60


#: figures_version's one statement (tables and placeholders filled in by _version_sql). The dashboard
#: asks for the version on every request, and building three aggregate queries through the ORM took
#: longer than the database takes to run them.
VERSION_SQL = """
SELECT reports.*, figures.*, actions.*
FROM (
    SELECT COUNT(*), SUM(id) FILTER (WHERE status IN ({handed_in})), MAX(submitted_at), MAX(decided_at)
    FROM {reports} WHERE period_id IN ({periods})
) reports, (
    SELECT COUNT(*), SUM(value) FROM {figures} WHERE period_id IN ({periods})
) figures, (
    SELECT COUNT(*), MAX(a.id)
    FROM {actions} a JOIN {parts} pp ON pp.id = a.part_id JOIN {plans} ip ON ip.id = pp.plan_id
    WHERE ip.strategy_id = %s
) actions
"""


def _version_sql(period_count):
    def table(model):
        return connection.ops.quote_name(model._meta.db_table)

    return VERSION_SQL.format(
        handed_in=", ".join(["%s"] * len(HANDED_IN)),
        periods=", ".join(["%s"] * period_count) or "NULL",
        reports=table(StatusReport),
        figures=table(OrganisationFigure),
        actions=table(Action),
        parts=table(PlanPart),
        plans=table(ImplementationPlan),
    )


def figures_version(strategy, periods):
    """A cheap fingerprint of what the figures of these periods are made from: how many reports there
    are and which are handed in (the sum of their ids: a report handed in or taken back moves it; a
    handed-in report is locked: its values change only by being returned and handed in again, which
    moves the latest submitted and decided times), the organisation's own figures (how many, their
    sum), and the plan's actions (how many, the latest)."""
    period_ids = [period.pk for period in periods]
    # Safe: only quoted table names and placeholders are put into the statement; the values go as
    # parameters.
    with connection.cursor() as cursor:
        cursor.execute(
            _version_sql(len(period_ids)),
            [*(status.value for status in HANDED_IN), *period_ids, *period_ids, strategy.pk],
        )
        return strategy.updated_at, cursor.fetchone()


def _cached_figures(strategy, periods, unit_ids, today, progress_period):
    """Progress, targets, trend, late count and latest period: the costly part, the same for every page
    of the matrix and every reader until the data changes."""
    key_parts = (
        [period.pk for period in periods],
        unit_ids,
        today,
        progress_period.pk if progress_period else None,
        figures_version(strategy, periods),
    )
    key = f"dashboard-figures:{strategy.pk}:{hashlib.sha256(repr(key_parts).encode()).hexdigest()}"
    figures = cache.get_or_set(
        key, partial(_figures, strategy, periods, unit_ids, today, progress_period), FIGURES_SECONDS
    )
    return {**figures, "cache_key": key}


def _figures(strategy, periods, unit_ids, today, progress_period):
    development = trend(periods, unit_ids)
    latest = progress_period or next((point.period for point in reversed(development) if point.reports), None)
    focus_areas = list(FocusArea.objects.filter(strategy=strategy).order_by("position", "pk"))
    targets = list(
        EffectTarget.objects.filter(focus_area__strategy=strategy)
        .select_related("focus_area")
        .order_by("focus_area__position", "focus_area_id", "position", "pk")
    )
    return {
        "latest_period": latest,
        "progress": focus_area_progress(focus_areas, latest, unit_ids),
        "targets": target_figures(targets, periods, unit_ids),
        "trend": development,
        "late_count": late_count(periods, unit_ids, today),
    }


def build(strategy, part=None, today=None, periods=None, progress_period=None, with_matrix=True):
    """Everything the dashboard shows. ``periods`` narrows it (the status pack: the half years up to its
    own); progress is that of ``progress_period``, by default the latest with reports handed in. Without
    ``with_matrix`` the rows are left for ``Dashboard.matrix`` to build for a page of units; the figures
    always cover every unit."""
    today = today or timezone.localdate()
    if periods is None:
        periods = list(ReportingPeriod.objects.filter(strategy=strategy).order_by("number"))
    unit_names = reporting_units(strategy, part)
    unit_ids = [pk for pk, _name in unit_names]
    figures = Dashboard(
        strategy=strategy,
        part=part,
        periods=periods,
        unit_names=unit_names,
        rows=None,
        today=today,
        **_cached_figures(strategy, periods, unit_ids, today, progress_period),
    )
    if with_matrix:
        figures.rows = matrix(figures.units, periods, today, unit_ids)
    return figures
