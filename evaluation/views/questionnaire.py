"""The two-year evaluation questionnaire (seed 000): the secretariat sets it up and hands out one anonymous
link per unit and audience; anyone with a link answers without logging in; the secretariat, the steering
group and administrators read the results and the evaluation report. Coordinators have no access, and
another organisation's questionnaires do not exist (404).

Anonymity: an answer is stored as Submission(link, day) and its Answers, nothing else: no user, no
address, no time of day, no session. The limit against floods counts per link and client address in the
cache only, under a keyed hash of the address, for an hour.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.pages import form_page, locked_page
from core.ratelimit import RateLimit
from documents.flow import request_document
from strategies.models import Strategy
from volunteers.access import can_change, get_changeable_or_403, get_scoped_or_404, role_required
from volunteers.models import ORGANISATION_WIDE

from .. import evaluation_pdf  # noqa: F401 (registers the report with the documents app)
from ..forms.questionnaire import (
    STANDARD_INTRODUCTION,
    STANDARD_TITLE,
    AnswerForm,
    InvitedFormSet,
    LinkForm,
    QuestionFormSet,
    QuestionnaireForm,
    add_standard_questions,
    initial_dates,
)
from ..models import Answer, AnswerLink, Questionnaire, Submission
from ..results import response_rates, results

organisation_wide = role_required(*ORGANISATION_WIDE)

#: At most this many answers per link and client address within an hour. A whole hospital may answer from
#: behind one address, so the limit is generous: it stops floods, not colleagues.
ANSWERS_PER_ADDRESS = RateLimit("evaluation-answers", limit=50)

#: Strategies that have been approved, and so are evaluated.
EVALUATED_STATUSES = {Strategy.Status.APPROVED, Strategy.Status.IMPLEMENTATION, Strategy.Status.EVALUATED}

#: The page of the secretariat's small forms about a questionnaire, and of a change not possible now.
FORM_PAGE = "evaluation/questionnaire_form_page.html"
LOCKED_PAGE = "evaluation/questionnaire_locked.html"


def _questionnaires():
    return Questionnaire.objects.select_related("strategy__organisation")


def _detail_url(questionnaire, anchor=""):
    return reverse("evaluation:questionnaire_detail", args=[questionnaire.pk]) + anchor


class State:
    """Where a questionnaire is in its period, as text: not yet open, open or closed."""

    NOT_OPEN, OPEN, CLOSED = "not_open", "open", "closed"

    def __init__(self, code, label):
        self.code, self.label = code, label

    def __str__(self):
        return self.label


def state(questionnaire, today=None):
    today = today or timezone.localdate()
    if today < questionnaire.opens_on:
        return State(State.NOT_OPEN, _("Not yet open"))
    if today > questionnaire.closes_on:
        return State(State.CLOSED, _("Closed"))
    return State(State.OPEN, _("Open for answers"))


# --- the secretariat's pages ----------------------------------------------------------------------------


@organisation_wide
def questionnaire_create(request, pk):
    strategy = get_changeable_or_403(request, Strategy.objects.all(), pk=pk)
    existing = Questionnaire.objects.filter(strategy=strategy).first()
    if existing is not None:
        messages.info(request, _("The strategy already has its evaluation questionnaire."))
        return redirect(_detail_url(existing))
    heading = _("New evaluation questionnaire")
    if strategy.status not in EVALUATED_STATUSES or strategy.approved_on is None:
        message = _("Only an approved strategy is evaluated. %(strategy)s is “%(status)s”.") % {
            "strategy": strategy,
            "status": strategy.get_status_display(),
        }
        return locked_page(
            request,
            LOCKED_PAGE,
            message,
            back_url=strategy.get_absolute_url(),
            heading=heading,
            strategy=strategy,
        )
    initial = {
        "title": STANDARD_TITLE % {"strategy": strategy},
        "introduction": STANDARD_INTRODUCTION,
        **initial_dates(strategy),
    }
    form = QuestionnaireForm(request.POST or None, initial=initial, instance=Questionnaire(strategy=strategy))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            questionnaire = form.save()
            add_standard_questions(questionnaire)
        messages.success(
            request,
            _(
                "The questionnaire was created with the standard questions. Adjust them, then add the answer "
                "links."
            ),
        )
        return redirect(_detail_url(questionnaire))
    return form_page(
        request,
        FORM_PAGE,
        form,
        heading,
        cancel_url=strategy.get_absolute_url(),
        strategy=strategy,
        submit_label=_("Create questionnaire"),
    )


@organisation_wide
def questionnaire_edit(request, pk):
    questionnaire = get_changeable_or_403(request, _questionnaires(), pk=pk)
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The questionnaire was saved."))
        return redirect(_detail_url(questionnaire))
    return form_page(
        request,
        FORM_PAGE,
        form,
        _("Edit questionnaire"),
        cancel_url=_detail_url(questionnaire),
        questionnaire=questionnaire,
        strategy=questionnaire.strategy,
    )


@organisation_wide
def questionnaire_detail(request, pk):
    questionnaire = get_scoped_or_404(request, _questionnaires(), pk=pk)
    units, total = response_rates(questionnaire)
    for unit in units:
        for link in unit.links:
            link.public_url = settings.SITE_URL + link.get_absolute_url()
    context = {
        "questionnaire": questionnaire,
        "strategy": questionnaire.strategy,
        "questions": list(questionnaire.questions.all()),
        "units": units,
        "total": total,
        "state": state(questionnaire),
        "can_change": can_change(request, questionnaire),
        "questions_locked": total.submissions > 0,
    }
    return render(request, "evaluation/questionnaire_detail.html", context)


@organisation_wide
def questions_edit(request, pk):
    """The questions as one form: edit, add (the empty rows) and remove. Locked once answers exist, so
    that no answer ends up under a question it was not given to."""
    questionnaire = get_changeable_or_403(request, _questionnaires(), pk=pk)
    heading = _("Edit questions")
    if Submission.objects.filter(link__questionnaire=questionnaire).exists():
        message = _(
            "The questions can no longer be changed: answers have been given to them. Changing a question "
            "would put those answers under a question they were not given to."
        )
        return locked_page(
            request,
            LOCKED_PAGE,
            message,
            back_url=_detail_url(questionnaire),
            heading=heading,
            questionnaire=questionnaire,
            strategy=questionnaire.strategy,
        )
    last = max([question.position for question in questionnaire.questions.all()] + [0])
    formset = QuestionFormSet(
        request.POST or None,
        instance=questionnaire,
        initial=[{"position": last + 1}, {"position": last + 2}],
    )
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            formset.save()
            _renumber(questionnaire)
        messages.success(request, _("The questions were saved."))
        return redirect(_detail_url(questionnaire, "#questions"))
    context = {"formset": formset, "heading": heading, "questionnaire": questionnaire}
    context["strategy"] = questionnaire.strategy
    return render(request, "evaluation/questionnaire_questions.html", context)


def _renumber(questionnaire):
    """Number the questions 1, 2, 3, ... in their order, whatever numbers were typed."""
    for number, question in enumerate(questionnaire.questions.order_by("position", "pk"), start=1):
        if question.position != number:
            question.position = number
            question.save(update_fields=["position"])


@organisation_wide
def links_add(request, pk):
    questionnaire = get_changeable_or_403(request, _questionnaires(), pk=pk)
    reporting = getattr(questionnaire.strategy, "reporting", None)
    initial = {"units": list(reporting.units.all()) if reporting else []}
    form = LinkForm(request.POST or None, initial=initial, organisation=questionnaire.strategy.organisation)
    if request.method == "POST" and form.is_valid():
        created = 0
        with transaction.atomic():
            for unit in form.cleaned_data["units"]:
                for audience in form.cleaned_data["audiences"]:
                    _link, new = AnswerLink.objects.get_or_create(
                        questionnaire=questionnaire, unit=unit, audience=audience
                    )
                    created += new
        messages.success(
            request,
            ngettext(
                "%(count)s new answer link. Enter how many were invited through it.",
                "%(count)s new answer links. Enter how many were invited through each.",
                created,
            )
            % {"count": created},
        )
        return redirect(_detail_url(questionnaire, "#links"))
    return form_page(
        request,
        FORM_PAGE,
        form,
        _("Add answer links"),
        cancel_url=_detail_url(questionnaire),
        questionnaire=questionnaire,
        strategy=questionnaire.strategy,
        submit_label=_("Add links"),
    )


@organisation_wide
def invited_edit(request, pk):
    questionnaire = get_changeable_or_403(request, _questionnaires(), pk=pk)
    links = AnswerLink.objects.filter(questionnaire=questionnaire).select_related("unit")
    formset = InvitedFormSet(request.POST or None, queryset=links)
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            formset.save()
        messages.success(request, _("The numbers invited were saved."))
        return redirect(_detail_url(questionnaire, "#links"))
    context = {"formset": formset, "questionnaire": questionnaire, "strategy": questionnaire.strategy}
    return render(request, "evaluation/questionnaire_invited.html", context)


# --- results and the report -----------------------------------------------------------------------------


@require_GET
@organisation_wide
def questionnaire_results(request, pk):
    questionnaire = get_scoped_or_404(request, _questionnaires(), pk=pk)
    context = {
        "questionnaire": questionnaire,
        "strategy": questionnaire.strategy,
        "results": results(questionnaire),
        "state": state(questionnaire),
    }
    return render(request, "evaluation/questionnaire_results.html", context)


@require_GET
@organisation_wide
def evaluation_report_pdf(request, pk):
    """Made by a task (documents app) and reused until the answers change; the reader is sent on to it."""
    questionnaire = get_scoped_or_404(request, _questionnaires(), pk=pk)
    return request_document(request, "evaluation_report", questionnaire)


# --- the public answer pages, without login ------------------------------------------------------------


@never_cache
@login_not_required
def answer(request, token):
    link = get_object_or_404(
        AnswerLink.objects.select_related("questionnaire__strategy__organisation", "unit"), token=token
    )
    questionnaire = link.questionnaire
    current = state(questionnaire)
    context = {
        "link": link,
        "questionnaire": questionnaire,
        "state": current,
        "page_organisation": questionnaire.strategy.organisation,
    }
    if current.code != State.OPEN:
        # No form; answers sent anyway are refused and stored nowhere.
        status = 403 if request.method == "POST" else 200
        return render(request, "evaluation/answer_form.html", context, status=status)
    key = ANSWERS_PER_ADDRESS.key(request, link.pk)
    form = AnswerForm(request.POST or None, questions=questionnaire.questions.all())
    context["form"] = form
    if request.method == "POST" and ANSWERS_PER_ADDRESS.exceeded(key):
        # Nothing is saved; the page keeps the answers so that they can be sent again later.
        context["throttled"] = True
        return render(request, "evaluation/answer_form.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # The day only: with a time of day, an answer could be matched to who was seen answering then.
            submission = Submission.objects.create(link=link, submitted_on=timezone.localdate())
            Answer.objects.bulk_create(
                Answer(submission=submission, question=question, score=score, text=text)
                for question, score, text in form.answers()
            )
        ANSWERS_PER_ADDRESS.count(key)
        return redirect("evaluation:answer_thanks", token=link.token)
    return render(request, "evaluation/answer_form.html", context)


@never_cache
@login_not_required
def answer_thanks(request, token):
    link = get_object_or_404(
        AnswerLink.objects.select_related("questionnaire__strategy__organisation"), token=token
    )
    context = {
        "link": link,
        "questionnaire": link.questionnaire,
        "page_organisation": link.questionnaire.strategy.organisation,
    }
    return render(request, "evaluation/answer_thanks.html", context)
