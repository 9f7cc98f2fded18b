"""Charts as SVG rendered on the server, the same markup in the browser and in PDFs (WeasyPrint).

Each function returns a ``Chart``: the SVG (role="img", labelled by its own <title> and <desc>), a
caption, and the data as a table to show beside it (includes/chart_figure.html). No style attributes
(strict CSP): only SVG presentation attributes. Every status has a pattern and a symbol as well as a
colour, and the figures are written out as text, so colour is never the only signal.
"""

from dataclasses import dataclass
from functools import partial

from django.core.cache import cache
from django.utils import formats, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .dashboard import ACTION_STATUSES, ACTION_SYMBOLS, FIGURES_SECONDS, action_status_label


def join_markup(parts):
    """The parts as one piece of markup (SVG); a part that is not already safe (format_html's) is escaped,
    so no text can reach the page as markup (instead of mark_safe on the joined string)."""
    return format_html_join("", "{}", ((part,) for part in parts))


#: status -> (colour, pattern drawn over it)
STYLES = {
    "done": ("#0b4f7a", None),
    "on_track": ("#8fc1e3", "stripes"),
    "at_risk": ("#f2b600", "dots"),
    "behind": ("#b3261e", "crosses"),
    "": ("#ffffff", None),
}
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


@dataclass
class Table:
    title: str
    headers: list
    rows: list  # each: (row header, [cells])


@dataclass
class Chart:
    id: str
    title: str
    description: str
    svg: str
    table: Table
    #: A line shown under the caption (an effect target's latest figure and how it was combined).
    note: str = ""


def number(value, decimals=None):
    """A figure in the active locale: 1234.5 -> "1.234,5"; whole numbers without decimals."""
    if value is None:
        return "–"
    if decimals is None:
        decimals = 0 if value == int(value) else 1
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def figure(value):
    """A measured or combined figure with the decimals it has, up to two: 65.75 -> "65,75", 74.5 -> "74,5"
    (rounding an average to one decimal would have to choose how to round a half)."""
    if value is None:
        return "–"
    decimals = next(
        places for places in (0, 1, 2) if value * 10**places == int(value * 10**places) or places == 2
    )
    return number(value, decimals)


def svg_image(chart_id, width, height, title, description, body):
    """An SVG chart as an image with its title and description as the text alternative."""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {w} {h}" width="{w}" '
        'height="{h}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="{font}" font-size="12">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        id=chart_id,
        font=FONT,
        title=title,
        desc=description,
        body=body,
    )


def _patterns(chart_id):
    """The patterns of the statuses, with ids of this chart's own (several charts share a page)."""
    return format_html(
        "<defs>"
        '<pattern id="{id}-stripes" patternUnits="userSpaceOnUse" width="6" height="6">'
        '<rect width="6" height="6" fill="#8fc1e3"/><path d="M0 6 L6 0" stroke="#ffffff" stroke-width="1.5"/>'
        "</pattern>"
        '<pattern id="{id}-dots" patternUnits="userSpaceOnUse" width="6" height="6">'
        '<rect width="6" height="6" fill="#f2b600"/><circle cx="3" cy="3" r="1.2" fill="#5c4500"/>'
        "</pattern>"
        '<pattern id="{id}-crosses" patternUnits="userSpaceOnUse" width="6" height="6">'
        '<rect width="6" height="6" fill="#b3261e"/>'
        '<path d="M0 0 L6 6 M6 0 L0 6" stroke="#ffffff" stroke-width="0.8"/>'
        "</pattern>"
        "</defs>",
        id=chart_id,
    )


def _fill(chart_id, status):
    colour, pattern = STYLES[status]
    return f"url(#{chart_id}-{pattern})" if pattern else colour


def _segment(chart_id, status, x, y, width, height):
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#333333" stroke-width="0.5"/>',
        round(x, 2),
        y,
        round(width, 2),
        height,
        _fill(chart_id, status),
    )


def _legend(chart_id, y, width):
    """A row of swatches with symbol and text, wrapping to a new line when full."""
    parts, x, line = [], 0, 0
    for status in ACTION_STATUSES:
        text = f"{ACTION_SYMBOLS[status]} {action_status_label(status)}"
        needed = 22 + 7.2 * len(text)
        if x and x + needed > width:
            x, line = 0, line + 1
        top = y + 20 * line
        parts.append(_segment(chart_id, status, x, top, 14, 14))
        parts.append(format_html('<text x="{}" y="{}">{}</text>', round(x + 19, 2), top + 11, text))
        x += needed + 12
    return join_markup(parts), 20 * (line + 1)


def _share_summary(shares):
    return ", ".join(
        f"{share.symbol} {share.label} {share.count} ({share.percent} %)" for share in shares if share.count
    )


# --- progress per focus area: one stacked bar each -----------------------------------------------------


def progress_chart(progress, period, chart_id="progress", width=680):
    label_width = width
    bar_top, row_height = 16, 58
    parts = [_patterns(chart_id)]
    for index, row in enumerate(progress):
        y = index * row_height
        title = row.focus_area.title
        if len(title) > 90:
            title = title[:89] + "…"
        parts.append(
            format_html(
                '<text x="0" y="{}" font-weight="bold">{}. {}</text>',
                y + 12,
                row.focus_area.position,
                title,
            )
        )
        x = 0
        if row.total:
            for share in row.shares:
                if share.count:
                    segment = label_width * share.count / row.total
                    parts.append(_segment(chart_id, share.status, x, y + bar_top, segment, 18))
                    x += segment
            summary = _share_summary(row.shares)
        else:
            parts.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="18" fill="#ffffff" stroke="#777777" '
                    'stroke-dasharray="4 3"/>',
                    y + bar_top,
                    label_width,
                )
            )
            summary = _("No actions reported")
        parts.append(format_html('<text x="0" y="{}" font-size="11">{}</text>', y + bar_top + 33, summary))
    legend_top = len(progress) * row_height + 4
    legend, legend_height = _legend(chart_id, legend_top, width)
    parts.append(legend)
    height = legend_top + legend_height
    period_name = str(period) if period else _("no period yet")
    title = _("Progress per focus area, %(period)s") % {"period": period_name}
    description = _("The share of the actions in each status in the reports handed in for %(period)s. ") % {
        "period": period_name
    } + "; ".join(
        f"{row.focus_area.title}: {_share_summary(row.shares) or _('no actions reported')}"
        for row in progress
    )
    table = Table(
        title=title,
        headers=[_("Focus area"), *[f"{ACTION_SYMBOLS[s]} {action_status_label(s)}" for s in ACTION_STATUSES]]
        + [_("Actions in all")],
        rows=[
            (
                f"{row.focus_area.position}. {row.focus_area.title}",
                [f"{share.count} ({share.percent} %)" for share in row.shares] + [str(row.total)],
            )
            for row in progress
        ],
    )
    svg = svg_image(chart_id, width, height, title, description, join_markup(parts))
    return Chart(chart_id, title, description, svg, table)


# --- the trend: a stacked column per period ------------------------------------------------------------


def trend_chart(points, chart_id="trend", width=680, height=300):
    left, top, bottom = 44, 20, 40
    plot_height = height - top - bottom
    highest = max([point.total for point in points] + [1])
    step = _nice_step(highest)
    ceiling = step * -(-highest // step)
    column = (width - left) / max(len(points), 1)
    bar = min(56, column * 0.6)
    parts = [_patterns(chart_id)]
    for tick in range(0, ceiling + 1, step):
        y = top + plot_height - plot_height * tick / ceiling
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#cccccc" stroke-width="0.5"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text>',
                left,
                round(y, 2),
                width,
                round(y, 2),
                left - 6,
                round(y + 4, 2),
                number(tick),
            )
        )
    for index, point in enumerate(points):
        x = left + column * index + (column - bar) / 2
        y = top + plot_height
        for share in point.shares:
            if not share.count:
                continue
            segment = plot_height * share.count / ceiling
            y -= segment
            parts.append(_segment(chart_id, share.status, x, round(y, 2), bar, round(segment, 2)))
            if segment >= 16 and bar >= 30:
                label = f"{share.symbol} {share.count}"
                chip = 8 + 6.5 * len(label)
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="13" rx="2" fill="#ffffff"/>'
                        '<text x="{}" y="{}" text-anchor="middle" font-size="10">{}</text>',
                        round(x + (bar - chip) / 2, 2),
                        round(y + segment / 2 - 6.5, 2),
                        round(chip, 2),
                        round(x + bar / 2, 2),
                        round(y + segment / 2 + 3.5, 2),
                        label,
                    )
                )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
                round(x + bar / 2, 2),
                round(y - 4, 2),
                point.total if point.total else "",
                round(x + bar / 2, 2),
                top + plot_height + 16,
                _("H%(number)s") % {"number": point.period.number} if len(points) > 6 else point.period,
            )
        )
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333333"/>',
            left,
            top + plot_height,
            width,
            top + plot_height,
        )
    )
    legend, legend_height = _legend(chart_id, height, width)
    parts.append(legend)
    title = _("Status of the actions per half year")
    description = _(
        "The number of actions in each status in the reports handed in, per half year. "
    ) + "; ".join(
        f"{point.period}: {_share_summary(point.shares) or _('no reports handed in')}" for point in points
    )
    table = Table(
        title=title,
        headers=[_("Period")]
        + [f"{ACTION_SYMBOLS[s]} {action_status_label(s)}" for s in ACTION_STATUSES]
        + [_("Actions in all"), _("Reports handed in")],
        rows=[
            (
                str(point.period),
                [str(share.count) for share in point.shares] + [str(point.total), str(point.reports)],
            )
            for point in points
        ],
    )
    svg = svg_image(chart_id, width, height + legend_height, title, description, join_markup(parts))
    return Chart(chart_id, title, description, svg, table)


def _nice_step(highest):
    """A round step for the axis: 1, 2, 5, 10, 20, 50, ... with at most about five ticks."""
    step = 1
    while highest / step > 5:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if highest / step <= 5:
                break
    return max(step, 1)


# --- an effect target: target against actual -----------------------------------------------------------


def target_chart(figures, chart_id, width=680, height=240):
    target = figures.target
    left, right, top, bottom = 56, 110, 16, 34
    plot_width, plot_height = width - left - right, height - top - bottom
    values = [m.actual for m in figures.measurements if m.actual is not None]
    values += [v for v in (target.baseline, target.target) if v is not None]
    highest = float(max(values + [1]))
    lowest = min(0.0, float(min(values + [0])))
    step = _nice_step(int(highest - lowest) + 1)
    ceiling = step * -(-int(highest) // step) if highest > 0 else step

    def y_of(value):
        return round(top + plot_height - plot_height * (float(value) - lowest) / (ceiling - lowest), 2)

    count = max(len(figures.measurements), 1)
    column = plot_width / count

    def x_of(index):
        return round(left + column * index + column / 2, 2)

    parts = []
    tick = 0
    while tick <= ceiling:
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#dddddd" stroke-width="0.5"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text>',
                left,
                y_of(tick),
                left + plot_width,
                y_of(tick),
                left - 6,
                y_of(tick) + 4,
                number(tick),
            )
        )
        tick += step
    for label, value, dash in (
        (_("Baseline"), target.baseline, "2 3"),
        (_("Target"), target.target, "8 4"),
    ):
        if value is None:
            continue
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333333" stroke-width="1.5" '
                'stroke-dasharray="{}"/><text x="{}" y="{}" font-size="11">{} {}</text>',
                left,
                y_of(value),
                left + plot_width,
                y_of(value),
                dash,
                left + plot_width + 6,
                y_of(value) + 4,
                label,
                number(value),
            )
        )
    points = [
        (x_of(i), y_of(m.actual), m) for i, m in enumerate(figures.measurements) if m.actual is not None
    ]
    if len(points) > 1:
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="#0b4f7a" stroke-width="2.5"/>',
                " ".join(f"{x},{y}" for x, y, _m in points),
            )
        )
    for x, y, measurement in points:
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="8" height="8" fill="#0b4f7a"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="11" font-weight="bold">{}</text>',
                x - 4,
                y - 4,
                x,
                y - 9,
                figure(measurement.actual),
            )
        )
    for index, measurement in enumerate(figures.measurements):
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
                x_of(index),
                top + plot_height + 16,
                _("H%(number)s") % {"number": measurement.period.number},
            )
        )
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333333"/>',
            left,
            top + plot_height,
            left + plot_width,
            top + plot_height,
        )
    )
    unit = f" {target.unit}" if target.unit else ""
    title = _("%(indicator)s: target against actual") % {"indicator": target.indicator}
    measured = "; ".join(
        f"{m.period}: {figure(m.actual)}{unit} ({m.method})"
        for m in figures.measurements
        if m.actual is not None
    )
    description = _("Baseline %(baseline)s, target %(target)s. %(method)s: %(measured)s.") % {
        "baseline": f"{number(target.baseline)}{unit}",
        "target": f"{number(target.target)}{unit}",
        "method": target.aggregation_text,
        "measured": measured or _("no values reported yet"),
    }
    table = Table(
        title=title,
        headers=[
            _("Period"),
            _("Baseline"),
            _("Target"),
            _("Actual"),
            _("How the units' values combine"),
        ],
        rows=[
            (
                str(m.period),
                [
                    number(target.baseline),
                    number(target.target),
                    f"{figure(m.actual)}{unit}" if m.actual is not None else "–",
                    m.method,
                ],
            )
            for m in figures.measurements
        ],
    )
    svg = svg_image(chart_id, width, height, title, description, join_markup(parts))
    latest = figures.latest
    note = (
        _("Latest: %(value)s in %(period)s (%(method)s).")
        % {"value": f"{figure(latest.actual)}{unit}", "period": latest.period, "method": latest.method}
        if latest
        else _("How the units' values combine: %(method)s.") % {"method": target.aggregation_text}
    )
    return Chart(chart_id, title, description, svg, table, note)


def cached_charts(dashboard):
    """charts(), kept in the cache beside the figures they are drawn from, per language."""
    key = f"{dashboard.cache_key}:charts:{translation.get_language()}"
    return cache.get_or_set(key, partial(charts, dashboard), FIGURES_SECONDS)


def charts(dashboard):
    """Every chart of a dashboard, for the page and the status pack."""
    return {
        "progress": progress_chart(dashboard.progress, dashboard.latest_period),
        "trend": trend_chart(dashboard.trend),
        "targets": [
            target_chart(figures, chart_id=f"target-{figures.target.pk}") for figures in dashboard.targets
        ],
    }
