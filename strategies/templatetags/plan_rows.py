"""The actions of a plan page as table rows, written in Python: a page of actions through template cells,
date filters and a {% url %} each costs the page more than its queries."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from core.dates import day_text
from core.links import url_maker
from strategies.models import Action

register = template.Library()


def _day(day):
    return day_text(day) if day else "–"


@register.simple_tag
def action_rows(actions, can_change):
    """A <tr> per action (its ``overdue`` set by the view): title, focus area, owner unit, responsible,
    start, deadline (and whether it is overdue), status, and with ``can_change`` a link to edit it."""
    overdue = format_html(
        '<br><strong class="action-overdue"><span aria-hidden="true">⚠ </span>{}</strong>', gettext("Overdue")
    )
    edit_url = url_maker("strategies:action_edit")
    edit = gettext("Edit")
    overdue_row = format_html(' class="{}"', "action-overdue-row")

    def edit_cell(action):
        if not can_change:
            return ""
        return format_html(
            '<td><a href="{}">{}<span class="visually-hidden"> {}</span></a></td>',
            edit_url(action.pk),
            edit,
            action.title,
        )

    return format_html_join(
        "\n",
        "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td>{}</tr>",
        (
            (
                overdue_row if action.overdue else "",
                action.title,
                action.focus_area,
                action.owner_unit or "–",
                action.responsible or "–",
                _day(action.start),
                _day(action.deadline),
                overdue if action.overdue else "",
                action.get_status_display(),
                edit_cell(action),
            )
            for action in actions
        ),
    )


@register.simple_tag
def plan_pdf_action_rows(actions):
    """The plan PDF's <tr> per action: title and description, focus area, owner unit and responsible,
    start and deadline, status. Written in Python too: asking for the PDF renders its HTML to tell whether
    the content changed, and 200 actions through template cells cost most of that request. The status
    labels and the days are written once each."""
    statuses = {value: str(label) for value, label in Action.Status.choices}

    def short_day(day):
        return day_text(day, "SHORT_DATE_FORMAT") if day else "–"

    return format_html_join(
        "\n",
        '<tr><td class="col-action"><strong>{}</strong>{}</td><td class="col-focus">{}</td>'
        '<td class="col-owner">{}<br>{}</td><td class="col-period">{} –<br>{}</td>'
        '<td class="col-status">{}</td></tr>',
        (
            (
                action.title,
                format_html("<br>{}", action.description) if action.description else "",
                action.focus_area,
                action.owner_unit or "–",
                action.responsible or "–",
                short_day(action.start),
                short_day(action.deadline),
                statuses[action.status],
            )
            for action in actions
        ),
    )
