"""Decisions, recommendations and tasks followed up (FollowUp): the rules beside the model.

- A status changes only with a dated note (``change_status``): done sets ``done_on`` to the note's day.
- The body's next agenda can get an item "Opfølgning på beslutninger" that lists its unfinished
  follow-ups (``add_agenda_item``): its case text is written from them when it is added, and written
  again if it is added again while the agenda is a draft.
"""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AgendaItem, FollowUp, FollowUpNote, Meeting, MeetingError

#: The agenda item's title, in the site's language when it is added.
AGENDA_ITEM_TITLE = gettext_lazy("Follow-up on decisions")


def change_status(follow_up: FollowUp, status: str, note: str, by, on=None) -> FollowUpNote:
    """Set the status from ``on`` (default today) and record why, in one transaction. A note with the same
    status is allowed: it records progress."""
    if status not in FollowUp.Status.values:
        raise ValueError(status)
    on = on or timezone.localdate()
    with transaction.atomic():
        follow_up.status = status
        follow_up.done_on = on if status == FollowUp.Status.DONE else None
        follow_up.save(update_fields=["status", "done_on"])
        return FollowUpNote.objects.create(
            follow_up=follow_up, date=on, status=status, note=note.strip(), created_by=by
        )


def unfinished_for(body):
    """The body's open and in-progress follow-ups, the most urgent first (those without a due date last)."""
    return (
        FollowUp.objects.unfinished()
        .filter(body=body)
        .select_related("item__meeting")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )


def describe(follow_up: FollowUp) -> str:
    """One line of the agenda item: the text, then owner, due date and status."""
    facts = [_("owner: %(owner)s") % {"owner": follow_up.owner}]
    if follow_up.deadline:
        facts.append(_("due %(date)s") % {"date": date_format(follow_up.deadline)})
    facts.append(_("status: %(status)s") % {"status": follow_up.get_status_display().lower()})
    return f"- {follow_up.title} ({'; '.join(facts)})"


def agenda_text(follow_ups) -> str:
    if not follow_ups:
        return _("No decisions, recommendations or tasks are open.")
    lines = [describe(follow_up) for follow_up in follow_ups]
    return "\n".join([_("Open decisions, recommendations and tasks:"), "", *lines])


def add_agenda_item(meeting: Meeting) -> tuple[AgendaItem, bool]:
    """The item "Opfølgning på beslutninger" on a draft agenda, listing the body's unfinished follow-ups
    as they are now: added last, or, if the agenda has it already, its case text written anew.
    Returns (item, created)."""
    if not meeting.agenda_is_editable:
        raise MeetingError(_("The agenda can no longer be changed: it was published to the members."))
    title = str(AGENDA_ITEM_TITLE)
    text = agenda_text(list(unfinished_for(meeting.body)))
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)  # two at once get different numbers
        item = meeting.items.filter(title=title).first()
        if item is not None:
            item.case_presentation = text
            item.version += 1  # a secretary editing it at the same time is told
            item.save(update_fields=["case_presentation", "version"])
            return item, False
        last = meeting.items.aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=last + 1,
            title=title,
            summary=_("The status of the body's decisions, recommendations and tasks that are not done yet."),
            recommendation=_("at the status is noted"),
            case_presentation=text,
        )
        return item, True
