"""Meetings: their time and place, the workflow, the agenda's items and attachments, the minutes and the
follow-up tasks. The secretariat and administrators change, the steering group reads, coordinators have no
access, and another organisation's meetings do not exist (404)."""

import logging
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.db import transaction
from django.db.models import Max, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.concurrency import save_guarded
from core.pages import confirm_page, confirmed, form_page, locked_page
from core.storage import STORAGE_FAILED
from volunteers.access import can_change, get_changeable_or_403, get_scoped_or_404, role_required
from volunteers.models import ORGANISATION_WIDE

from .. import standard_items, tasks
from ..attendance import invite_members
from ..attendance import summary as attendance_summary
from ..follow_ups import AGENDA_ITEM_TITLE
from ..forms.meetings import (
    ApprovalForm,
    AttachmentForm,
    ConfirmForm,
    DecisionForm,
    ItemForm,
    LinkForm,
    MeetingForm,
    RevisionForm,
)
from ..minutes import save_decision
from ..models import (
    AgendaItem,
    Attachment,
    AttachmentLink,
    Body,
    FollowUp,
    Meeting,
    MeetingError,
    MinutesRevision,
)
from ..pdf import decisions

logger = logging.getLogger(__name__)

organisation_wide = role_required(*ORGANISATION_WIDE)

FORM_PAGE = "meetings/meeting_form_page.html"
LOCKED_PAGE = "meetings/meeting_locked.html"


def _meetings():
    return Meeting.objects.select_related("body").prefetch_related(
        # By number alone: the model's ordering by meeting would join the meetings.
        Prefetch(
            "revisions", queryset=MinutesRevision.objects.select_related("created_by").order_by("number")
        )
    )


def _items():
    return AgendaItem.objects.select_related("meeting__body")


def _with_current_decisions(meeting, items):
    """The items, each with ``current_decision`` (the latest correction wins) and ``corrected_on``."""
    current = decisions(meeting, items)
    for item in items:
        item.current_decision, item.corrected_on = current[item.pk].text, current[item.pk].corrected_on
    return items


# --- the meeting ---------------------------------------------------------------------------------------


@organisation_wide
def meeting_detail(request, pk):
    meeting = get_scoped_or_404(request, _meetings(), pk=pk)
    # Ordered within the meeting (the models' orderings would join the meetings and items); the related
    # rows as lists for meetings.templatetags.agenda, as a queryset per item and relation costs more than
    # the queries.
    items = list(
        meeting.items.order_by("position", "pk").prefetch_related(
            Prefetch("attachments", Attachment.objects.order_by("pk"), to_attr="attachment_list"),
            Prefetch("links", AttachmentLink.objects.order_by("pk"), to_attr="link_list"),
            Prefetch("follow_ups", FollowUp.objects.order_by("deadline", "pk"), to_attr="follow_up_list"),
        )
    )
    revisions = meeting.revisions.all()
    _with_current_decisions(meeting, items)
    titles = {str(item.pk): str(item) for item in items}
    for revision in revisions:
        revision.item_titles = [titles.get(item_id, "–") for item_id in revision.decisions]
    context = {
        "meeting": meeting,
        "items": items,
        "revisions": revisions,
        "can_change": can_change(request, meeting),
        "steps": [(name, step) for name, step in STEPS.items() if meeting.status in step.offered_in],
        "statuses": Meeting.Status.choices,
        "today": timezone.localdate(),
        **_follow_up_offer(request, meeting, items),
        "attendance": attendance_summary(meeting),
    }
    return render(request, "meetings/meeting_detail.html", context)


def _follow_up_offer(request, meeting, items):
    """On a draft agenda the secretariat is offered an item listing the body's open follow-ups."""
    if not (meeting.agenda_is_editable and can_change(request, meeting)):
        return {}
    return {
        "open_follow_up_count": FollowUp.objects.unfinished().filter(body=meeting.body_id).count(),
        "follow_up_item": any(item.title == str(AGENDA_ITEM_TITLE) for item in items),
    }


def _meeting_form(request, meeting):
    form = MeetingForm(request.POST or None, instance=meeting)
    created = meeting.pk is None
    added = []

    def after_save(saved):
        if created:
            added.extend(standard_items.add_to(saved))
        invite_members(saved)  # the body's members on the (new) date

    if not created:
        meeting.sequence += 1  # calendars replace the event they already have (saved only with the form)
    if request.method == "POST" and form.is_valid() and save_guarded(form, then=after_save):
        meeting = form.instance
        messages.success(request, _("The meeting was saved."))
        if added:
            messages.info(
                request,
                _("The agenda starts with the body's standard items: %(titles)s.")
                % {"titles": ", ".join(item.title for item in added)},
            )
        return redirect(meeting)
    if meeting.pk:
        back = meeting.get_absolute_url()
        return form_page(request, FORM_PAGE, form, _("Edit meeting"), cancel_url=back, meeting=meeting)
    back = meeting.body.get_absolute_url()
    return form_page(request, FORM_PAGE, form, _("New meeting"), cancel_url=back, body=meeting.body)


@organisation_wide
def meeting_create(request, pk):
    body = get_changeable_or_403(request, Body.objects.all(), pk=pk)
    return _meeting_form(request, Meeting(body=body))


@organisation_wide
def meeting_edit(request, pk):
    return _meeting_form(request, get_changeable_or_403(request, _meetings(), pk=pk))


# --- workflow ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    title: str | Promise
    submit_label: str | Promise
    done: str | Promise
    #: The states in which the meeting page offers the step; the meeting's method has the final word.
    offered_in: tuple
    explanation: str | Promise = ""
    #: An irreversible step that tells the members: it is taken only from its confirmation page.
    confirm: bool = False


_S = Meeting.Status
STEPS = {
    "publish": Step(
        gettext_lazy("Publish the agenda"),
        gettext_lazy("Publish and send to the members"),
        gettext_lazy(
            "The agenda was published. The members with a login are notified with a link to it; the others "
            "are sent its PDF by e-mail."
        ),
        (_S.DRAFT,),
        gettext_lazy(
            "The members with a login are notified in the app, and by e-mail unless they have turned that "
            "off, with a link to the agenda; the members without a login are sent the agenda's PDF by "
            "e-mail. After that the agenda is locked: its items and attachments can no longer be changed."
        ),
        confirm=True,
    ),
    "held": Step(
        gettext_lazy("Mark the meeting as held"),
        gettext_lazy("Mark as held"),
        gettext_lazy("The meeting is marked as held. Write the decisions for the minutes."),
        (_S.PUBLISHED,),
    ),
    "draft-minutes": Step(
        gettext_lazy("Draft the minutes"),
        gettext_lazy("Draft the minutes"),
        gettext_lazy("The minutes are drafted. Record their approval when they are approved."),
        (_S.HELD,),
        gettext_lazy("The decisions can still be edited until the minutes are approved."),
    ),
    "approve": Step(
        gettext_lazy("Approve the minutes"),
        gettext_lazy("Record the approval"),
        gettext_lazy("The minutes are approved and locked. Later corrections are made as revisions."),
        (_S.MINUTES_DRAFTED,),
        gettext_lazy("Approved minutes are locked: a later correction is recorded as a visible revision."),
        confirm=True,
    ),
}


def _take_step(meeting, step, form):
    if step == "publish":
        invite_members(meeting)  # the agenda goes to the members on the meeting's date
        meeting.publish()
        transaction.on_commit(partial(tasks.send_agenda.delay, meeting.pk))
    elif step == "held":
        meeting.mark_held()
    elif step == "draft-minutes":
        meeting.draft_minutes()
    else:
        meeting.approve_minutes(form.cleaned_data["approved_by"], form.cleaned_data["approved_on"])


@organisation_wide
def meeting_step(request, pk, step):
    """A step of the workflow; its page confirms it (and, for the approval, asks who and when). The
    irreversible steps say first whom they tell and what they lock, and are taken only from that page."""
    if step not in STEPS:
        raise Http404
    meeting = get_changeable_or_403(request, _meetings(), pk=pk)
    spec = STEPS[step]
    data = request.POST if request.method == "POST" else None
    form = ApprovalForm(data) if step == "approve" else ConfirmForm(data)
    if (confirmed(request) or not spec.confirm) and form.is_valid():
        try:
            with transaction.atomic():
                _take_step(meeting, step, form)
        except MeetingError as error:
            meeting.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, spec.done)
            return redirect(meeting)
    if spec.confirm and (meeting.status in spec.offered_in or form.is_bound):
        return confirm_page(
            request,
            "meetings/meeting_confirm.html",
            form,
            spec.title,
            consequences=[spec.explanation],
            told=meeting.members_told(),
            submit_label=spec.submit_label,
            cancel_url=meeting.get_absolute_url(),
            meeting=meeting,
        )
    context = {
        "meeting": meeting,
        "step": spec,
        "form": form,
        "offered": meeting.status in spec.offered_in,
    }
    return render(request, "meetings/meeting_step.html", context)


# --- agenda items --------------------------------------------------------------------------------------


def _agenda_locked(request, meeting):
    """What every change to a published agenda answers."""
    message = _(
        "The agenda can no longer be changed: it was published to the members (status “%(status)s”)."
    ) % {"status": meeting.get_status_display()}
    return locked_page(request, LOCKED_PAGE, message, back_url=meeting.get_absolute_url(), meeting=meeting)


def _item_form(request, meeting, item):
    back = meeting.get_absolute_url()
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if item.pk is None:
                # The meeting's row is locked so that two items added at once get different numbers.
                Meeting.objects.select_for_update().get(pk=meeting.pk)
                # After the last item, but before the closing standard items such as “Eventuelt”.
                item.position = standard_items.next_position(meeting)
            form.save()
        messages.success(request, _("The item was saved."))
        return redirect(f"{back}#item-{item.pk}")
    heading = _("Edit item %(number)s") % {"number": item.position} if item.pk else _("New agenda item")
    return form_page(request, FORM_PAGE, form, heading, cancel_url=back, meeting=meeting)


@organisation_wide
def item_create(request, pk):
    meeting = get_changeable_or_403(request, _meetings(), pk=pk)
    if not meeting.agenda_is_editable:
        return _agenda_locked(request, meeting)
    return _item_form(request, meeting, AgendaItem(meeting=meeting))


@organisation_wide
def item_edit(request, pk):
    item = get_changeable_or_403(request, _items(), pk=pk)
    if not item.meeting.agenda_is_editable:
        return _agenda_locked(request, item.meeting)
    return _item_form(request, item.meeting, item)


@require_POST
@organisation_wide
def item_move(request, pk):
    item = get_changeable_or_403(request, _items(), pk=pk)
    meeting = item.meeting
    if not meeting.agenda_is_editable:
        return _agenda_locked(request, meeting)
    with transaction.atomic():
        items = list(meeting.items.select_for_update().order_by("position"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        neighbour = index - 1 if request.POST.get("direction") == "up" else index + 1
        if 0 <= neighbour < len(items):
            _swap(items[index], items[neighbour], spare=items[-1].position + 1)
    return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")


def _swap(first, second, spare):
    # Via a spare number, so that (meeting, position) stays unique after every single update.
    first_position, second_position = first.position, second.position
    AgendaItem.objects.filter(pk=first.pk).update(position=spare)
    AgendaItem.objects.filter(pk=second.pk).update(position=first_position)
    AgendaItem.objects.filter(pk=first.pk).update(position=second_position)


@require_POST
@organisation_wide
def item_delete(request, pk):
    item = get_changeable_or_403(request, _items(), pk=pk)
    meeting = item.meeting
    if not meeting.agenda_is_editable:
        return _agenda_locked(request, meeting)
    with transaction.atomic():
        later = list(
            meeting.items.select_for_update().filter(position__gt=item.position).order_by("position")
        )
        item.delete()
        for later_item in later:  # one by one, upwards, into the number just freed
            AgendaItem.objects.filter(pk=later_item.pk).update(position=later_item.position - 1)
    messages.success(request, _("The item “%(title)s” was deleted.") % {"title": item.title})
    return redirect(meeting)


# --- attachments ---------------------------------------------------------------------------------------


def _attachment_form(request, pk, form_class, heading):
    item = get_changeable_or_403(request, _items(), pk=pk)
    meeting = item.meeting
    back = meeting.get_absolute_url()
    # Attachments go with the agenda, or with the minutes (e.g. the slides shown at the meeting).
    if not (meeting.agenda_is_editable or meeting.minutes_are_editable):
        message = _(
            "Attachments are added while the agenda is a draft, and again while the minutes are written."
        )
        return locked_page(request, LOCKED_PAGE, message, back_url=back, meeting=meeting)
    form = form_class(request.POST or None, request.FILES or None, instance=form_class._meta.model(item=item))
    if request.method == "POST" and form.is_valid():
        try:
            # The file is written before the row; if the storage fails, the row is never inserted.
            with transaction.atomic():
                form.save()
        except OSError:  # the disk is full or the folder not writable: told, nothing half-stored
            logger.exception("An attachment to agenda item %s could not be stored", item.pk)
            form.add_error(None, STORAGE_FAILED)
            response = form_page(
                request, FORM_PAGE, form, heading, cancel_url=back, meeting=meeting, item=item
            )
            response.status_code = 503
            return response
        messages.success(request, _("The attachment “%(title)s” was added.") % {"title": form.instance.title})
        return redirect(f"{back}#item-{item.pk}")
    return form_page(request, FORM_PAGE, form, heading, cancel_url=back, meeting=meeting, item=item)


@organisation_wide
def attachment_add(request, pk):
    return _attachment_form(request, pk, AttachmentForm, _("Attach a file"))


@organisation_wide
def link_add(request, pk):
    return _attachment_form(request, pk, LinkForm, _("Attach a link"))


@organisation_wide
def attachment_download(request, pk):
    attachment = get_scoped_or_404(request, Attachment.objects.all(), pk=pk)
    try:
        content = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        content, as_attachment=True, filename=attachment.filename, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- minutes -------------------------------------------------------------------------------------------


@organisation_wide
def decision_edit(request, pk):
    item = get_changeable_or_403(request, _items(), pk=pk)
    meeting = item.meeting
    back = meeting.get_absolute_url()
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        message = _(
            "The minutes were approved on %(date)s by %(who)s and are locked. A correction is made as a "
            "revision of the minutes, which is shown with the meeting."
        ) % {"date": date_filter(meeting.minutes_approved_on), "who": meeting.minutes_approved_by}
        return locked_page(request, LOCKED_PAGE, message, back_url=back, meeting=meeting)
    if not meeting.minutes_are_editable:
        message = _("Decisions are written once the meeting has been held.")
        return locked_page(request, LOCKED_PAGE, message, back_url=back, meeting=meeting)
    if request.method != "POST":
        # The decisions are written on the minutes' one page; this address leads to the item there.
        return redirect(f"{reverse('meetings:minutes_write', args=[meeting.pk])}#item-{item.pk}")
    form = DecisionForm(request.POST, instance=item)
    if form.is_valid():
        with transaction.atomic():
            save_decision(item, form.cleaned_data["decision"], loaded_version=None)
        messages.success(request, _("The decision was saved."))
        return redirect(f"{back}#item-{item.pk}")
    heading = _("Decision on item %(number)s") % {"number": item.position}
    return form_page(request, FORM_PAGE, form, heading, cancel_url=back, meeting=meeting, item=item)


@organisation_wide
def revision_create(request, pk):
    meeting = get_changeable_or_403(request, _meetings(), pk=pk)
    back = meeting.get_absolute_url()
    if meeting.status != Meeting.Status.MINUTES_APPROVED:
        message = _("Only approved minutes are corrected by a revision; until then, edit the decisions.")
        return locked_page(request, LOCKED_PAGE, message, back_url=back, meeting=meeting)
    items = _with_current_decisions(meeting, list(meeting.items.all()))
    form = RevisionForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            Meeting.objects.select_for_update().get(pk=meeting.pk)
            last = meeting.revisions.aggregate(last=Max("number"))["last"] or 0
            MinutesRevision.objects.create(
                meeting=meeting,
                number=last + 1,
                reason=form.cleaned_data["reason"],
                decisions=form.changed_decisions,
                created_by=request.user,
            )
        messages.success(request, _("The correction of the minutes was recorded."))
        return redirect(f"{back}#revisions-title")
    heading = _("Correct the approved minutes")
    return form_page(request, FORM_PAGE, form, heading, cancel_url=back, meeting=meeting)
