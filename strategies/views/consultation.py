"""The public consultation (høring) of a strategy draft.

The secretariat and administrators set it up, moderate the responses and make the consultation memo;
the steering group reads; coordinators have no access; another organisation's consultations do not
exist (404). The public pages need no login: anyone with the link reads the draft and responds (seed
002's openness principle), with a honeypot, a signed time stamp and a limit per address against spam.
"""

import logging
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Max
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import exports
from core.lists import Listing
from core.pages import form_page
from core.ratelimit import RateLimit
from core.storage import STORAGE_FAILED
from documents.flow import request_document
from volunteers.access import can_change, get_changeable_or_403, get_scoped_or_404, role_required
from volunteers.models import ORGANISATION_WIDE

from .. import memo
from ..forms.consultation import ConsultationForm, ModerationForm, PartyForm, ResponseForm, content_type_for
from ..models import Consultation, ConsultationResponse, ConsultedParty, Strategy

logger = logging.getLogger(__name__)
organisation_wide = role_required(*ORGANISATION_WIDE)

#: Deadlines are Danish: a consultation closes at the end of its last day in Copenhagen.
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
#: At most this many responses per client address and consultation in an hour.
RESPONSES_PER_ADDRESS = RateLimit("consultation-responses", limit=5)
#: And at most this many with the same e-mail address in an hour, to any consultation: each sends a
#: receipt to that address, which anyone may type.
RESPONSES_PER_RECIPIENT = RateLimit("consultation-receipts", limit=5)
TOO_MANY_RECEIPTS = gettext_lazy(
    "Many responses with this e-mail address have been sent in the past hour, so no more are accepted with "
    "it right now. Leave the field empty, or try again in an hour."
)


def today_in_copenhagen():
    return timezone.localdate(timezone=COPENHAGEN)


def _consultations():
    return Consultation.objects.select_related("strategy")


# --- the consultation ----------------------------------------------------------------------------------


@organisation_wide
def consultation_create(request, pk):
    strategy = get_changeable_or_403(request, Strategy.objects.all(), pk=pk)
    consultation = Consultation(strategy=strategy)
    if not strategy.is_editable:
        return render(request, "strategies/consultation_locked.html", {"strategy": strategy}, status=409)
    return _consultation_form(request, consultation, _("New consultation"), strategy.get_absolute_url())


@organisation_wide
def consultation_edit(request, pk):
    consultation = get_changeable_or_403(request, _consultations(), pk=pk)
    return _consultation_form(request, consultation, _("Edit consultation"), consultation.get_absolute_url())


def _consultation_form(request, consultation, heading, cancel_url):
    form = ConsultationForm(request.POST or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            consultation = form.save()
        messages.success(request, _("The consultation was saved."))
        return redirect(consultation)
    return form_page(
        request,
        "strategies/consultation_form_page.html",
        form,
        heading,
        cancel_url=cancel_url,
        consultation=consultation,
        strategy=consultation.strategy,
    )


#: The status filter of the responses: value -> label, "" for all.
def _status_filter(request):
    status = request.GET.get("status", "")
    return status if status in ConsultationResponse.Status.values else ""


@organisation_wide
def consultation_detail(request, pk):
    consultation = get_scoped_or_404(
        request, _consultations().select_related("strategy__organisation"), pk=pk
    )
    status = _status_filter(request)
    responses = consultation.responses.select_related("party")
    if status:
        responses = responses.filter(status=status)
    counts = {
        row["status"]: row["n"]
        for row in consultation.responses.order_by().values("status").annotate(n=Count("pk"))
    }
    by_party = dict(responses.order_by().values_list("party").annotate(n=Count("pk")))
    # A page of the responses, grouped as the parties are ordered, then those from anyone else.
    listing = Listing(
        request,
        responses.order_by(
            F("party__position").asc(nulls_last=True), "party__name", "party_id", "submitted_at", "pk"
        ),
        count=sum(by_party.values()),
    )
    parties, others = group_by_party(list(consultation.parties.all()), listing.page.object_list)
    first_pages = listing.first_page_urls({group: by_party.get(group.pk, 0) for group in parties} | {None: 0})
    for party in parties:
        party.response_count, party.first_page_url = by_party.get(party.pk, 0), first_pages[party]
    context = {
        "consultation": consultation,
        "strategy": consultation.strategy,
        "parties": parties,
        "others": others,
        "other_count": by_party.get(None, 0),
        "others_url": first_pages[None],
        "listing": listing,
        "status": status,
        "statuses": [
            (value, label, counts.get(value, 0)) for value, label in ConsultationResponse.Status.choices
        ],
        "total": sum(counts.values()),
        "shown": listing.page.paginator.count,
        "public_url": request.build_absolute_uri(consultation.get_public_url()),
        "state": state(consultation, today_in_copenhagen()),
        "can_change": can_change(request, consultation),
    }
    return render(request, "strategies/consultation_detail.html", context)


def group_by_party(parties, responses):
    """Each party with its responses (``party.party_responses``), in the parties' order, and the
    responses from others (the openness principle: anyone may respond)."""
    by_party = {party.pk: party for party in parties}
    for party in parties:
        party.party_responses = []
    others = []
    for response in responses:
        if response.party_id in by_party:
            by_party[response.party_id].party_responses.append(response)
        else:
            others.append(response)
    return parties, others


class State:
    """Where a consultation is in its period, as text: not yet open, open, or closed."""

    NOT_OPEN, OPEN, CLOSED = "not_open", "open", "closed"

    def __init__(self, code, label):
        self.code, self.label = code, label

    def __str__(self):
        return self.label


def state(consultation, today):
    if today < consultation.opens_on:
        return State(State.NOT_OPEN, _("Not yet open"))
    if consultation.is_open(today):
        return State(State.OPEN, _("Open for responses"))
    return State(State.CLOSED, _("Closed"))


# --- consulted parties ---------------------------------------------------------------------------------


@organisation_wide
def party_create(request, pk):
    consultation = get_changeable_or_403(request, _consultations(), pk=pk)
    last = consultation.parties.aggregate(last=Max("position"))["last"] or 0
    return _party_form(
        request, ConsultedParty(consultation=consultation, position=last + 1), _("Add a party")
    )


@organisation_wide
def party_edit(request, pk):
    party = get_changeable_or_403(
        request, ConsultedParty.objects.select_related("consultation__strategy"), pk=pk
    )
    return _party_form(request, party, _("Edit party"))


def _party_form(request, party, heading):
    consultation = party.consultation
    form = PartyForm(request.POST or None, instance=party)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The party was saved."))
        return redirect(f"{consultation.get_absolute_url()}#parties")
    return form_page(
        request,
        "strategies/consultation_form_page.html",
        form,
        heading,
        cancel_url=consultation.get_absolute_url(),
        consultation=consultation,
        strategy=consultation.strategy,
    )


@require_POST
@organisation_wide
def party_delete(request, pk):
    party = get_changeable_or_403(request, ConsultedParty.objects.select_related("consultation"), pk=pk)
    consultation = party.consultation
    with transaction.atomic():
        if party.responses.exists():
            messages.error(
                request,
                _("%(party)s has responses and cannot be removed. Change its name instead.")
                % {"party": party},
            )
        else:
            party.delete()
            messages.success(request, _("%(party)s was removed from the parties.") % {"party": party})
    return redirect(f"{consultation.get_absolute_url()}#parties")


# --- responses: moderation and attachments --------------------------------------------------------------


def _responses():
    return ConsultationResponse.objects.select_related("consultation__strategy", "party")


@organisation_wide
def response_moderate(request, pk):
    """The whole response, and (for the secretariat) its status and the secretariat's comment."""
    response = get_scoped_or_404(request, _responses(), pk=pk)
    changeable = can_change(request, response)
    if request.method == "POST" and not changeable:
        raise PermissionDenied
    form = ModerationForm(request.POST or None, instance=response) if changeable else None
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The response from %(sender)s was saved.") % {"sender": response.sender})
        return redirect(f"{response.consultation.get_absolute_url()}#response-{response.pk}")
    context = {
        "response": response,
        "consultation": response.consultation,
        "strategy": response.consultation.strategy,
        "form": form,
    }
    return render(request, "strategies/response_moderate.html", context)


@organisation_wide
def response_attachment(request, pk):
    response = get_scoped_or_404(request, ConsultationResponse.objects.exclude(attachment=""), pk=pk)
    try:
        content = response.attachment.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    filename = response.attachment_name or response.attachment.name.rsplit("/", 1)[-1]
    download = FileResponse(
        content,
        as_attachment=True,
        filename=filename,
        content_type=content_type_for(response.attachment.name),
    )
    download["X-Content-Type-Options"] = "nosniff"
    return download


# --- the consultation memo (høringsnotat) -----------------------------------------------------------------


@organisation_wide
def consultation_memo_pdf(request, pk):
    consultation = get_scoped_or_404(request, _consultations(), pk=pk)
    return request_document(request, "consultation_memo", consultation)


@organisation_wide
def consultation_memo_xlsx(request, pk):
    consultation = get_scoped_or_404(request, _consultations(), pk=pk)
    return exports.download(memo.memo_xlsx(consultation), memo.filename(consultation, "xlsx"))


# --- the public pages, without login ----------------------------------------------------------------------


def _public_consultation(token):
    queryset = Consultation.objects.select_related("strategy__organisation").prefetch_related(
        "strategy__focus_areas__effect_targets"
    )
    return get_object_or_404(queryset, public_token=token)


@login_not_required
def consultation_public(request, token):
    consultation = _public_consultation(token)
    current = state(consultation, today_in_copenhagen())
    context = {
        "consultation": consultation,
        "strategy": consultation.strategy,
        "state": current,
        "page_organisation": consultation.strategy.organisation,
    }
    if current.code != State.OPEN:
        # No form; a response sent anyway is refused and stored nowhere.
        return render(
            request,
            "strategies/consultation_public.html",
            context,
            status=403 if request.method == "POST" else 200,
        )
    key = RESPONSES_PER_ADDRESS.key(request, consultation.pk)
    if request.method == "POST" and RESPONSES_PER_ADDRESS.exceeded(key):
        return render(request, "strategies/consultation_throttled.html", context, status=429)
    form = ResponseForm(request.POST or None, request.FILES or None, consultation=consultation)
    if request.method == "POST":
        recipient_key = None
        if form.is_valid() and form.cleaned_data["email"]:
            recipient_key = RESPONSES_PER_RECIPIENT.email_key(form.cleaned_data["email"], "all")
            if RESPONSES_PER_RECIPIENT.exceeded(recipient_key):
                form.add_error("email", TOO_MANY_RECEIPTS)
        if form.is_valid():
            try:
                # The attachment is written before the row; if the storage fails, no row is inserted.
                with transaction.atomic():
                    response = form.save()
                    if response.email:
                        transaction.on_commit(partial(send_receipt, response.pk))
            except OSError:  # the disk is full or the folder not writable: told, nothing half-stored
                logger.exception("A response to consultation %s could not be stored", consultation.pk)
                form.add_error(None, STORAGE_FAILED)
                context["form"] = form
                return render(request, "strategies/consultation_public.html", context, status=503)
            RESPONSES_PER_ADDRESS.count(key)
            if recipient_key:
                RESPONSES_PER_RECIPIENT.count(recipient_key)
            return redirect("strategies:consultation_thanks", token=consultation.public_token)
        if form.is_spam:
            RESPONSES_PER_ADDRESS.count(key)
    context["form"] = form
    return render(request, "strategies/consultation_public.html", context)


@login_not_required
def consultation_thanks(request, token):
    consultation = get_object_or_404(
        Consultation.objects.select_related("strategy__organisation"), public_token=token
    )
    context = {"consultation": consultation, "page_organisation": consultation.strategy.organisation}
    return render(request, "strategies/consultation_thanks.html", context)


def send_receipt(response_pk):
    """The receipt to the address given with a response: only that a response was received, and the link
    to the consultation. Anyone can type anyone's address, so nothing the sender typed (name,
    organisation, text) is sent on to it. The response is saved whether or not the mail gets through, so a
    failure is logged, not shown."""
    response = ConsultationResponse.objects.select_related("consultation__strategy__organisation").get(
        pk=response_pk
    )
    consultation = response.consultation
    context = {
        "response": response,
        "consultation": consultation,
        "consultation_url": settings.SITE_URL + consultation.get_public_url(),
    }
    subject = render_to_string("strategies/consultation_receipt_subject.txt", context).strip()
    body = render_to_string("strategies/consultation_receipt_email.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [response.email])
    except OSError:  # smtplib's errors are OSErrors too
        logger.exception("The receipt for consultation response %s could not be sent", response_pk)
