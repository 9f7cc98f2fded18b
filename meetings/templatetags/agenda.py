"""An agenda's items, written in Python: the meeting page shows dozens of them, each with its texts,
attachments and buttons, and through templates (an include per item and per badge, a {% url %} per link
and button) they cost the page several times its queries. The texts are translated and the URLs reversed
once per page; every value is escaped where it is written. The minutes page shares the closed badge, the
item's facts and its decision points."""

from html import escape

from django import template
from django.template.defaultfilters import date, filesizeformat, linebreaks_filter, linebreaksbr
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import get_template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.links import url_maker

from ..models import Meeting

register = template.Library()


@register.simple_tag
def closed_badge(item):
    """A badge after the title of a closed item."""
    if not item.is_closed:
        return ""
    # Safe: the text is escaped; the tags are this function's own.
    badge = escape(_("Closed item"))
    return SafeString(f' <span class="badge text-bg-dark closed-item">{badge}</span>')  # nosec B703


@register.simple_tag
def item_facts(item):
    """Who the item was coordinated with, its responsible leader and who attends for it, those given."""
    if not item.has_item_facts:
        return ""
    facts = (
        (_("Coordinated with"), item.coordinated_with),
        (_("Responsible leader"), item.responsible_leader),
        (_("Attendee for the item"), item.item_attendees),
    )
    rows = "\n  ".join(
        f'<dt class="col-sm-4">{escape(label)}</dt><dd class="col-sm-8">{escape(value)}</dd>'
        for label, value in facts
        if value
    )
    # Safe: every text is escaped; the tags are this function's own.
    return SafeString(f'<dl class="row item-facts small mb-2">\n  {rows}\n</dl>')  # nosec B703


@register.simple_tag
def decision_points(item):
    """The item's decision points as a numbered list under their heading."""
    lines = item.decision_point_lines
    if not lines:
        return ""
    points = "".join(f"<li>{escape(point)}</li>" for point in lines)
    # Safe: every text is escaped; the tags are this function's own.
    return SafeString(  # nosec B703
        f'<h4 class="h6">{escape(_("Decision points"))}</h4>\n<ol class="decision-points">{points}</ol>'
    )


@register.simple_tag
def agenda_contents(items):
    """A link to each item's <article> (its "Item N: title"), for the contents."""
    label = escape(_("Item %(number)s"))
    links = []
    for item in items:
        links.append(f'<li><a href="#item-{item.pk}">{label % _number(item)}: {escape(item.title)}</a></li>')
    # Safe: every text in it is escaped; the tags are this function's own.
    return SafeString("".join(links))  # nosec B703


@register.simple_tag(takes_context=True)
def agenda_items(context, items):
    """An <article> per item of the context's meeting: its texts, its decision as it reads now
    (``current_decision`` and ``corrected_on``), its attachments, links and follow-ups (``attachment_list``,
    ``link_list`` and ``follow_up_list``), all set by the view, and, for those who may change the meeting,
    its buttons."""
    writer = _ItemWriter(context)
    last = len(items) - 1
    # Safe: every text in it is escaped by the writer; the tags are its own.
    return SafeString(  # nosec B703
        "\n".join(writer.item(item, index == 0, index == last) for index, item in enumerate(items))
    )


def _number(item):
    """The item's number, as a translation's ``%(number)s`` takes it."""
    return {"number": escape(localize(item.position))}


def _url_maker(name):
    """A function pk -> the named URL, escaped for the markup written here."""
    url = url_maker(name)
    return lambda pk: escape(url(pk))


class _ItemWriter:
    """Writes one item's <article> after another, with what they share prepared once."""

    def __init__(self, context):
        meeting = context["meeting"]
        self.can_change = context["can_change"]
        self.today = context["today"]
        self.csrf_token = CsrfTokenNode().render(context)
        self.task_status = get_template("meetings/task_status.html")
        self.item_number = escape(_("Item %(number)s"))
        self.minutes_editable = meeting.minutes_are_editable
        self.agenda_editable = meeting.agenda_is_editable
        self.attachable = meeting.agenda_is_editable or meeting.minutes_are_editable
        self.tasks_offered = meeting.status != Meeting.Status.DRAFT
        self.attachment_url = _url_maker("meetings:attachment_download")
        self.follow_up_url = _url_maker("meetings:follow_up_detail")
        self.labels = {
            key: escape(text)
            for key, text in {
                "case_number": _("Case number"),
                "summary": pgettext("agenda item", "Summary"),
                "recommended": _("It is recommended,"),
                "case_presentation": pgettext("agenda item", "Case presentation"),
                "decision": pgettext("agenda item", "Decision"),
                "no_decision": _("No decision written yet."),
                "attachments": pgettext("agenda item", "Attachments"),
                "internal": _("internal"),
                "link": _("link"),
                "edit": _("Edit"),
                "move_up": _("Move up"),
                "move_down": _("Move down"),
                "delete": _("Delete"),
                "attach_file": _("Attach a file"),
                "attach_link": _("Attach a link"),
                "write_decision": _("Write the decision"),
                "add_task": _("Add a decision or task to follow up"),
            }.items()
        }
        if self.can_change:
            self.urls = {
                name: _url_maker(f"meetings:{name}")
                for name in (
                    "item_edit",
                    "item_move",
                    "item_delete",
                    "attachment_add",
                    "link_add",
                    "task_create",
                )
            }
            self.minutes_url = escape(reverse("meetings:minutes_write", args=[meeting.pk]))

    def item(self, item, first, last):
        pk = item.pk
        number = self.item_number % _number(item)
        parts = [
            f'<article class="agenda-item card card-body mb-3" id="item-{pk}" '
            f'aria-labelledby="item-{pk}-title">',
            f'<h3 id="item-{pk}-title">{number}: {escape(item.title)}{closed_badge(item)}</h3>',
        ]
        if item.case_number:
            parts.append(
                f'<p class="case-number"><span class="visually-hidden">{self.labels["case_number"]}: </span>'
                f"{escape(item.case_number)}</p>"
            )
        parts += [item_facts(item), *self._texts(item), decision_points(item)]
        if item.case_presentation:
            parts.append(
                f'<h4 class="h6">{self.labels["case_presentation"]}</h4>'
                f'<div class="case-presentation">{linebreaks_filter(item.case_presentation)}</div>'
            )
        if item.current_decision or self.minutes_editable:
            parts += self._decision(item)
        parts += self._attachments(item)
        parts += self._follow_ups(item)
        if self.can_change:
            parts += self._actions(item, first, last)
        return "\n  ".join(part for part in parts if part) + "\n</article>"

    def _texts(self, item):
        if item.summary:
            yield f'<h4 class="h6">{self.labels["summary"]}</h4><p>{linebreaksbr(item.summary)}</p>'
        lines = item.recommendation_lines
        if lines:
            if item.recommendation_by:
                recommended = escape(_("%(by)s recommends,")) % {"by": escape(item.recommendation_by)}
            else:
                recommended = self.labels["recommended"]
            yield f'<p class="recommendation mb-1">{recommended}</p>'
            yield (
                '<ul class="list-unstyled recommendation-lines">'
                + "".join(f"<li>{escape(line)}</li>" for line in lines)
                + "</ul>"
            )

    def _decision(self, item):
        yield f'<h4 class="h6">{self.labels["decision"]}</h4>'
        if item.current_decision:
            text = linebreaks_filter(item.current_decision)
        else:
            text = f"<p>{self.labels['no_decision']}</p>"
        if item.corrected_on:
            corrected = escape(_("Corrected on %(date)s; see the corrections below.")) % {
                "date": escape(date(item.corrected_on))
            }
            text += f'\n  <p class="small">{corrected}</p>'
        yield f'<div class="decision">{text}</div>'

    def _attachments(self, item):
        attachments, links = item.attachment_list, item.link_list
        if not (attachments or links):
            return
        internal = f", {self.labels['internal']}"
        yield f'<h4 class="h6">{self.labels["attachments"]}</h4>'
        yield '<ul class="attachments">'
        for attachment in attachments:
            mark = internal if attachment.is_internal else ""
            yield (
                f'  <li><a href="{self.attachment_url(attachment.pk)}">{escape(attachment.title)}</a> '
                f'<span class="text-body-secondary">({escape(attachment.filename)}, '
                f"{escape(filesizeformat(attachment.size))}{mark})</span></li>"
            )
        for link in links:
            yield (
                f'  <li><a href="{escape(link.url)}">{escape(link.title)}</a> '
                f'<span class="text-body-secondary">({self.labels["link"]}'
                f"{internal if link.is_internal else ''})</span></li>"
            )
        yield "</ul>"

    def _follow_ups(self, item):
        tasks = item.follow_up_list
        if not tasks:
            return
        caption = escape(_("Follow-up of item %(number)s")) % _number(item)
        headers = "".join(
            f'<th scope="col">{escape(text)}</th>'
            for text in (_("Text"), _("Kind"), _("Owner"), _("Due date"), _("Status"))
        )
        yield f'<h4 class="h6">{escape(_("Follow-up"))}</h4>'
        yield '<div class="table-responsive">'
        yield '<table class="table table-sm">'
        yield f'  <caption class="visually-hidden">{caption}</caption>'
        yield f"  <thead><tr>{headers}</tr></thead>"
        rows = []
        for task in tasks:
            # The status as every follow-up list shows it (the template is shared with the start page).
            status = self.task_status.render({"task": task, "today": self.today})
            done_on = f" {escape(date(task.done_on))}" if task.done_on else ""
            rows.append(
                f'<tr><td><a href="{self.follow_up_url(task.pk)}">{escape(task.title)}</a></td>'
                f"<td>{escape(task.get_kind_display())}</td><td>{escape(task.owner)}</td>"
                f'<td class="text-nowrap">{escape(date(task.deadline)) or "–"}</td>'
                f"<td>{status}{done_on}</td></tr>"
            )
        yield f"  <tbody>{''.join(rows)}</tbody>"
        yield "</table>"
        yield "</div>"

    def _actions(self, item, first, last):
        pk, labels, urls, csrf_token = item.pk, self.labels, self.urls, self.csrf_token
        name = f'<span class="visually-hidden">: {escape(str(item))}</span>'

        def link(url, label):
            return f'<a class="btn btn-sm btn-outline-primary" href="{url}">{label}{name}</a>'

        def move(direction, label):
            return (
                f'<button type="submit" name="direction" value="{direction}" '
                f'class="btn btn-sm btn-outline-secondary">{label}{name}</button>'
            )

        yield '<div class="item-actions d-flex flex-wrap gap-2">'
        if self.agenda_editable:
            yield "  " + link(urls["item_edit"](pk), labels["edit"])
            yield (
                f'  <form method="post" action="{urls["item_move"](pk)}" class="d-inline-flex gap-2">'
                f"{csrf_token}"
            )
            if not first:
                yield "    " + move("up", labels["move_up"])
            if not last:
                yield "    " + move("down", labels["move_down"])
            yield "  </form>"
            yield (
                f'  <form method="post" action="{urls["item_delete"](pk)}" class="d-inline">{csrf_token}'
                f'<button type="submit" class="btn btn-sm btn-outline-danger">{labels["delete"]}{name}'
                "</button></form>"
            )
        if self.attachable:
            yield "  " + link(urls["attachment_add"](pk), labels["attach_file"])
            yield "  " + link(urls["link_add"](pk), labels["attach_link"])
        if self.minutes_editable:
            yield "  " + link(f"{self.minutes_url}#item-{pk}", labels["write_decision"])
        if self.tasks_offered:
            yield "  " + link(urls["task_create"](pk), labels["add_task"])
        yield "</div>"
