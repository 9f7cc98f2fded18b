"""The dashboard's other repeated markup, written in Python: a cell or row per half year (twenty of them
after ten years of follow-up) and per figure of a chart's table costs milliseconds of the page through
template loops with {% url %}, date filters and translations."""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from core.links import url_maker

from .reports import day_text

register = template.Library()


@register.simple_tag
def period_headers(periods):
    """A column heading per period of the matrix: its name, dates and deadline."""
    deadline = gettext("deadline %(day)s")
    language = get_language()
    return format_html_join(
        "\n",
        '<th scope="col">{}<br><small>{} – {}<br>{}</small></th>',
        (
            (
                period,
                day_text(period.starts_on, language),
                day_text(period.ends_on, language),
                deadline % {"day": day_text(period.deadline, language)},
            )
            for period in periods
        ),
    )


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
    language = get_language()
    agenda_cell = _agenda_cell(context, agenda_form) if agenda_form else lambda period: ""
    rows = [
        format_html(
            '<tr><th scope="row">{} <small>({} – {})</small></th><td><a href="{}">{}</a></td>{}</tr>',
            period,
            day_text(period.starts_on, language),
            day_text(period.ends_on, language),
            pdf_url(period.pk),
            pack % {"period": period},
            agenda_cell(period),
        )
        for period in periods
    ]
    # Safe: every row is made by format_html.
    return mark_safe("\n".join(rows))  # nosec B308 B703


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


@register.simple_tag
def chart_table_rows(table):
    """A row per row header of a chart's table, a cell per figure (already written as text). Joined as
    strings: a format_html per cell costs as much as the rest of the table."""
    rows = (
        f'<tr><th scope="row">{conditional_escape(header)}</th>'
        + "".join(f'<td class="number">{conditional_escape(cell)}</td>' for cell in cells)
        + "</tr>"
        for header, cells in table.rows
    )
    # Safe: every text in it is escaped above; the tags are this function's own.
    return mark_safe("\n".join(rows))  # nosec B308 B703
