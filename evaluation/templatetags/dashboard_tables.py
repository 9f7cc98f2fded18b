"""The dashboard's other repeated markup, written in Python: a cell or row per half year (twenty of them
after ten years of follow-up) and per figure of a chart's table costs milliseconds of the page through
template loops with {% url %}, date filters and translations."""

from html import escape

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.dates import day_text
from core.links import url_maker

register = template.Library()


@register.simple_tag
def period_headers(periods):
    """A column heading per period of the matrix: its name, dates and deadline."""
    deadline = gettext("deadline %(day)s")

    def cell(period):
        starts = escape(day_text(period.starts_on))
        ends = escape(day_text(period.ends_on))
        due = escape(deadline % {"day": day_text(period.deadline)})
        return f'<th scope="col">{escape(str(period))}<br><small>{starts} – {ends}<br>{due}</small></th>'

    # Safe: every text in it is escaped above; the tags are this function's own.
    return SafeString("\n".join(cell(period) for period in periods))  # nosec B703


@register.simple_tag
def organisation_figure_links(periods):
    """A link per period to the page where the secretariat enters the organisation's own figures."""
    url = url_maker("evaluation:organisation_figures")
    return format_html_join(", ", '<a href="{}">{}</a>', ((url(period.pk), period) for period in periods))


@register.simple_tag(takes_context=True)
def status_pack_rows(context, periods, agenda_form):
    """A row per period: its status pack (PDF), and with ``agenda_form`` a form that puts the pack on
    the next meeting of a steering body."""
    pdf_url = url_maker("evaluation:status_pack_pdf")
    pack = gettext("Status pack, %(period)s (PDF)")
    agenda_cell = _agenda_cell(context, agenda_form) if agenda_form else lambda period: ""

    def row(period):
        name, link = escape(str(period)), escape(pdf_url(period.pk))
        starts = escape(day_text(period.starts_on))
        ends = escape(day_text(period.ends_on))
        return (
            f'<tr><th scope="row">{name} <small>({starts} – {ends})</small></th>'
            f'<td><a href="{link}">{escape(pack % {"period": period})}</a></td>{agenda_cell(period)}</tr>'
        )

    # Safe: every text in it is escaped above, the agenda cell by format_html; the tags are this
    # function's own.
    return SafeString("\n".join(row(period) for period in periods))  # nosec B703


def _agenda_cell(context, form):
    """period -> its cell of the form that puts the pack on the next meeting of the chosen body (the
    form's initial one selected), or the cell that says there is no steering group."""
    field = form.fields["body"]
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((body.pk, " selected" if body.pk == field.initial else "", body) for body in field.queryset),
    )
    if not options:
        no_body = format_html("<td>{}</td>", gettext("The organisation has no steering group."))
        return lambda period: no_body
    url = url_maker("evaluation:status_pack_agenda")
    csrf_input = CsrfTokenNode().render(context)  # the same token in every form, as {% csrf_token %}
    label, submit = gettext("Body"), gettext("Put on the next meeting")
    return lambda period: format_html(
        '<td><form method="post" action="{}" class="d-flex flex-wrap gap-2 align-items-center">{}'
        '<label class="visually-hidden" for="body-{}">{}</label>'
        '<select class="form-select form-select-sm w-auto" id="body-{}" name="body">{}</select>'
        '<button type="submit" class="btn btn-sm btn-outline-primary">{}</button></form></td>',
        url(period.pk),
        csrf_input,
        period.pk,
        label,
        period.pk,
        options,
        submit,
    )


def _escaped(text):
    """conditional_escape through the standard library's escape: Django's is wrapped for lazy text,
    which costs a cell as much again."""
    return text.__html__() if hasattr(text, "__html__") else escape(str(text))


@register.simple_tag
def chart_table_rows(table):
    """A row per row header of a chart's table, a cell per figure (already written as text). Joined as
    strings: a format_html per cell costs as much as the rest of the table."""
    rows = (
        f'<tr><th scope="row">{_escaped(header)}</th>'
        + "".join(f'<td class="number">{_escaped(cell)}</td>' for cell in cells)
        + "</tr>"
        for header, cells in table.rows
    )
    # Safe: every text in it is escaped above; the tags are this function's own.
    return mark_safe("\n".join(rows))  # nosec B308 B703
