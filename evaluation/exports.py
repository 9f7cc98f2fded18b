"""What the dashboard shows, as a workbook (.xlsx: one sheet per table) and as .csv (the matrix, one row
per unit and period). Danish like the PDFs, whatever the reader's language; written by core.exports, so
that a unit's name or a focus area's title that starts like a formula stays text."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core import exports

from .dashboard import ACTION_STATUSES, action_status_label


def _yes_no(value):
    return _("Yes") if value else _("No")


def _cell_text(cell):
    # Plain text (no symbol), so that a spreadsheet sorts and filters by it.
    return f"{cell.label} ({_('late')})" if cell.late else str(cell.label)


def matrix_rows(figures):
    """One row per unit and period: (unit, period, from, to, deadline, status, late, submitted)."""
    for row in figures.rows:
        for cell in row.cells:
            period = cell.period
            yield [
                row.unit.name,
                str(period),
                period.starts_on,
                period.ends_on,
                period.deadline,
                str(cell.label),
                _yes_no(cell.late),
                cell.submitted_on,
            ]


def matrix_headers():
    return [_("Unit"), _("Period"), _("From"), _("To"), _("Deadline"), _("Status"), _("Late"), _("Submitted")]


def csv_bytes(figures):
    with translation.override(settings.LANGUAGE_CODE):
        return exports.csv_bytes(matrix_headers(), matrix_rows(figures))


def xlsx_bytes(figures):
    with translation.override(settings.LANGUAGE_CODE):
        return exports.xlsx_bytes(
            [
                _matrix_sheet(figures),
                _sheet(_("Status reports"), matrix_headers(), matrix_rows(figures)),
                _progress_sheet(figures),
                _targets_sheet(figures),
                _trend_sheet(figures),
            ]
        )


def _sheet(title, headers, rows):
    """The units or focus areas down the first, wide column, which stays in view with the header row."""
    widths = [40, *[exports.heading_width(header) for header in headers[1:]]]
    return exports.Sheet(title, headers, rows, widths=widths, freeze="B2")


def _matrix_sheet(figures):
    """The matrix as on the page: units down, half years across."""
    headers = [_("Unit"), *[str(period) for period in figures.periods]]
    rows = ([row.unit.name, *[_cell_text(cell) for cell in row.cells]] for row in figures.rows)
    return _sheet(_("Matrix"), headers, rows)


def _status_headers():
    return [str(action_status_label(status)) for status in ACTION_STATUSES]


def _progress_sheet(figures):
    period = str(figures.latest_period) if figures.latest_period else ""
    headers = [_("Focus area"), _("Period"), *_status_headers(), _("Actions in all")]
    headers += [f"{label} (%)" for label in _status_headers()]
    rows = (
        [
            f"{row.focus_area.position}. {row.focus_area.title}",
            period,
            *[share.count for share in row.shares],
            row.total,
            *[share.percent for share in row.shares],
        ]
        for row in figures.progress
    )
    return _sheet(_("Focus areas"), headers, rows)


def _targets_sheet(figures):
    headers = [
        _("Focus area"),
        _("Effect target"),
        _("Unit of measure"),
        _("Period"),
        _("Baseline"),
        _("Target"),
        _("Actual"),
        _("How the units' values combine"),
        _("Units reporting"),
    ]
    rows = (
        [
            figures_row.target.focus_area.title,
            figures_row.target.indicator,
            figures_row.target.unit,
            str(measurement.period),
            figures_row.target.baseline,
            figures_row.target.target,
            measurement.actual,
            measurement.method,
            measurement.units,
        ]
        for figures_row in figures.targets
        for measurement in figures_row.measurements
    )
    return _sheet(_("Effect targets"), headers, rows)


def _trend_sheet(figures):
    headers = [_("Period"), *_status_headers(), _("Actions in all"), _("Reports handed in")]
    rows = (
        [str(point.period), *[share.count for share in point.shares], point.total, point.reports]
        for point in figures.trend
    )
    return _sheet(_("Development"), headers, rows)
