"""The status pack (statuspakke): every report of one half year collated as a PDF for the steering group,
and the action that puts it on the steering group's next meeting as an agenda item with the pack attached.

The link on the dashboard has the pack made in the background by the documents app when it is installed
(evaluation/documents.py registers the kind), else at once; the agenda action renders it at once, as it
attaches the file in the same transaction.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.pdf import render_pdf
from meetings.attachments import check_upload
from meetings.models import AgendaItem, Attachment, Body, Meeting

from . import charts, dashboard
from .models import ActionReport, ReportingPeriod, StatusReport, TargetReport
from .models.periods import status_packs_due

STYLESHEET = Path(__file__).resolve().parent / "status_pack.css"


def filename(period):
    return f"statuspakke-{period.strategy.version}-halvaar-{period.number}.pdf".replace(" ", "-")


def context(period, today=None):
    """The pack's content: the figures of the period (and the half years before it, for the development),
    then each unit's report."""
    strategy = period.strategy
    periods = list(ReportingPeriod.objects.filter(strategy=strategy, number__lte=period.number))
    figures = dashboard.build(strategy, today=today, periods=periods, progress_period=period)
    unit_ids = [unit.pk for unit in figures.units]
    reports = {
        report.unit_id: report
        for report in StatusReport.objects.filter(period=period, unit_id__in=unit_ids).prefetch_related(
            Prefetch(
                "actions", queryset=ActionReport.objects.select_related("action__focus_area", "action__part")
            ),
            Prefetch("targets", queryset=TargetReport.objects.select_related("effect_target")),
        )
    }
    units = [
        UnitSection(row.unit, row.cells[-1], reports.get(row.unit.pk)) for row in figures.rows if row.cells
    ]
    return {
        "period": period,
        "strategy": strategy,
        "organisation": strategy.organisation,
        "figures": figures,
        "charts": charts.charts(figures),
        "units": units,
        "made_on": today or timezone.localdate(),
    }


@dataclass
class UnitSection:
    unit: object
    cell: dashboard.Cell
    report: StatusReport | None

    @property
    def anchor(self):
        return f"unit-{self.unit.pk}"


def title(period):
    return _("Status pack: %(strategy)s, %(period)s") % {"strategy": period.strategy, "period": period}


def render(period, today=None):
    """The PDF at once (the agenda's attachment); the page's link goes through the documents app."""
    return render_pdf("evaluation/status_pack.html", context(period, today), STYLESHEET)


# --- onto the steering group's next meeting --------------------------------------------------------------


class AgendaError(Exception):
    """Why the pack could not be put on an agenda; the message is for the user."""


def steering_bodies(strategy):
    """The bodies that may take the pack: the one that approved the strategy and the steering groups."""
    bodies = Body.objects.filter(organisation=strategy.organisation, kind=Body.Kind.STEERING_GROUP)
    if strategy.approved_by_id:
        bodies = bodies | Body.objects.filter(pk=strategy.approved_by_id)
    return bodies.order_by("name")


def next_meeting(body, today=None):
    """The body's next meeting that has not been held."""
    today = today or timezone.localdate()
    return (
        Meeting.objects.filter(
            body=body, date__gte=today, status__in=[Meeting.Status.DRAFT, Meeting.Status.PUBLISHED]
        )
        .order_by("date", "start_time", "pk")
        .first()
    )


@dataclass
class Placed:
    meeting: Meeting
    item: AgendaItem
    created: bool


def put_on_next_meeting(period, body, today=None):
    """Add the item with the pack to ``body``'s next meeting; once per period and meeting."""
    meeting = next_meeting(body, today)
    if meeting is None:
        raise AgendaError(
            _("%(body)s has no upcoming meeting. Plan the meeting first, then put the status pack on it.")
            % {"body": body}
        )
    return put_on_meeting(period, meeting, today)


def put_on_meeting(period, meeting, today=None):
    """Add the item with the pack to the meeting's agenda, once per period and meeting; the period
    records the first item that took its pack to an agenda (status_packs_due then leaves it)."""
    body = meeting.body
    name = filename(period)
    if Attachment.objects.filter(item__meeting=meeting, filename=name).exists():
        pdf = None  # already there: the check under the lock below finds it
    else:
        pdf = render(period, today)  # seconds for a large pack: made before the meeting is locked
    with transaction.atomic():
        # The meeting's row is locked so that two clicks at once give one item with one number.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        existing = (
            Attachment.objects.filter(item__meeting=meeting, filename=name).select_related("item").first()
        )
        if existing is not None:
            return Placed(meeting, existing.item, created=False)
        if not meeting.agenda_is_editable:
            raise AgendaError(
                _(
                    "The agenda of %(body)s's next meeting on %(date)s has been published and can no longer "
                    "be changed. Add the status pack to a later meeting's agenda by hand."
                )
                % {"body": body, "date": date_format(meeting.date)}
            )
        pdf = pdf or render(period, today)
        with translation.override(settings.LANGUAGE_CODE):
            item = AgendaItem.objects.create(
                meeting=meeting,
                position=(meeting.items.aggregate(last=Max("position"))["last"] or 0) + 1,
                title=agenda_title(period),
                summary=_(
                    "The status reports from the units for %(period)s (%(start)s to %(end)s) are "
                    "collected in the status pack, attached."
                )
                % {
                    "period": period,
                    "start": date_format(period.starts_on),
                    "end": date_format(period.ends_on),
                },
                recommendation=_(
                    "that the steering group takes the status on the implementation into account"
                ),
            )
            upload = ContentFile(pdf, name=name)
            Attachment.objects.create(
                item=item,
                title=_("Status pack, %(period)s") % {"period": period},
                file=upload,
                filename=name,
                content_type=check_upload(upload),
                size=len(pdf),
            )
        first = ReportingPeriod.objects.filter(pk=period.pk, status_pack_item__isnull=True)
        first.update(status_pack_item=item)
    return Placed(meeting, item, created=True)


def land_due_packs(today):
    """The daily sweep's part: each status pack that is due goes on its steering body's next draft
    agenda (evaluation.models.periods.status_packs_due). Returns the items added."""
    items = []
    for period, meeting in status_packs_due(today):
        try:
            items.append(put_on_meeting(period, meeting, today).item)
        except AgendaError:
            continue  # the agenda was published meanwhile: tomorrow's sweep finds the next draft
    return items


def agenda_title(period):
    """The item's title, in Danish: "Status på implementeringen af frivillighedsstrategien, Halvår 2"."""
    return _("Status on the implementation of the volunteer strategy, %(period)s") % {"period": period}
