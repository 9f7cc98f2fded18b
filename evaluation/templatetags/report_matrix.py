"""The body of the dashboard's matrix, rendered in Python: a page of it has hundreds of cells, and a
template (or a format_html) per cell costs more than the rest of the page. Each piece of text is escaped
once per unit, period or status, and the cells are joined as strings."""

from html import escape

from django import template
from django.utils.safestring import SafeString

from core.dates import day_text

from .reports import report_late

register = template.Library()


@register.simple_tag
def matrix_rows(rows):
    """A <tr> per unit with a <td> per period: the report's status (a symbol beside the text, never
    colour alone), linked to the report; "Late" with a warning sign; the day it was handed in."""
    late = f" {report_late()}"
    statuses, periods = {}, {}
    lines = []
    for row in rows:
        unit_name = escape(row.unit.name)
        lines.append(f'<tr>\n<th scope="row">{unit_name}</th>')
        for cell in row.cells:
            if cell.status not in statuses:
                statuses[cell.status] = (
                    f'<span class="report-status report-status-{escape(cell.status or "missing")}">'
                    f'<span aria-hidden="true">{cell.symbol}</span> {escape(str(cell.label))}</span>'
                )
            status = statuses[cell.status]
            if cell.url:
                if cell.period.pk not in periods:
                    periods[cell.period.pk] = escape(str(cell.period))
                hidden = f'<span class="visually-hidden">{unit_name}, {periods[cell.period.pk]}: </span>'
                status = f'<a href="{escape(cell.url)}">{hidden}{status}</a>'
            submitted = (
                f"<br><small>{escape(day_text(cell.submitted_on))}</small>" if cell.submitted_on else ""
            )
            lines.append(
                f'<td class="report-cell{" is-late" if cell.late else ""}">'
                f"{status}{late if cell.late else ''}{submitted}</td>"
            )
        lines.append("</tr>")
    # Safe: every text in it is escaped above; the tags are this function's own.
    return SafeString("\n".join(lines))  # nosec B703
