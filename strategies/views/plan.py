"""The implementation plan: parts of the organisation with their guidance and actions, the budget,
and the PDFs of the strategy and the plan.

Every logged-in role of the organisation reads the plan and the PDFs (coordinators carry it out); only
the secretariat and administrators change it (the steering group and coordinators: 403). Another
organisation's plans do not exist (404).
"""

from collections import defaultdict

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.lists import Listing
from core.pages import form_page
from documents.flow import request_document
from volunteers.access import can_change, change_required, get_changeable_or_403, get_scoped_or_404

from ..budget import plan_budget
from ..forms.plan import (
    ActionFilter,
    ActionForm,
    BudgetLineForm,
    PlanForm,
    PlanPartForm,
    budget_amount_formset,
)
from ..models import Action, ActionRow, BudgetLine, ImplementationPlan, PlanPart, Strategy


def _plans():
    return ImplementationPlan.objects.select_related("strategy")


def _parts():
    return PlanPart.objects.select_related("plan__strategy")


def _actions():
    return Action.objects.select_related("part__plan__strategy")


def _lines():
    return BudgetLine.objects.select_related("plan__strategy")


def _next_position(queryset):
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


def _in_plan(plan, anchor=""):
    return redirect(plan.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def _confirm_delete(request, plan, obj, question, explanation=""):
    context = {"plan": plan, "strategy": plan.strategy, "object": obj, "question": question}
    return render(request, "strategies/plan_delete.html", {**context, "explanation": explanation})


# --- the plan -------------------------------------------------------------------------------------------


@change_required(ImplementationPlan)
def plan_create(request, pk):
    strategy = get_scoped_or_404(request, Strategy.objects.all(), pk=pk)
    existing = ImplementationPlan.objects.filter(strategy=strategy).first()
    if existing:
        messages.info(request, _("The strategy already has an implementation plan."))
        return redirect(existing)
    plan = ImplementationPlan(strategy=strategy)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                plan = form.save()
        except IntegrityError:  # made by someone else a moment ago
            return redirect(ImplementationPlan.objects.get(strategy=strategy))
        messages.success(
            request, _("The implementation plan was created. Add the parts of the organisation.")
        )
        return redirect(plan)
    return form_page(
        request,
        "strategies/plan_form.html",
        form,
        _("New implementation plan"),
        cancel_url=strategy.get_absolute_url(),
        plan=plan,
        strategy=strategy,
    )


def plan_detail(request, pk):
    plan = get_scoped_or_404(request, _plans(), pk=pk)
    today = timezone.localdate()
    filterset = ActionFilter(request.GET or None, Action.objects.filter(part__plan=plan), plan=plan)
    # A page of the actions in the plan's order, grouped by part; a part whose actions are on other
    # pages links to the first of them.
    counts = dict(filterset.qs.order_by().values_list("part").annotate(count=Count("*")))
    listing = Listing(
        request,
        filterset.qs.order_by("part__position", "part_id", "position", "pk").row_values(),
        count=sum(counts.values()),
    )
    by_part = defaultdict(list)
    for action in ActionRow.of(listing.page.object_list, today):
        by_part[action.part_id].append(action)
    chosen_part = filterset.form.cleaned_data.get("part") if filterset.is_bound else None
    parts = [part for part in plan.parts.prefetch_related("units") if chosen_part in (None, part)]
    first_pages = listing.first_page_urls({part.pk: counts.get(part.pk, 0) for part in parts})
    for part in parts:
        part.filtered_actions = by_part[part.pk]
        part.action_count = counts.get(part.pk, 0)
        part.first_page_url = first_pages[part.pk]
    context = {
        "plan": plan,
        "strategy": plan.strategy,
        "parts": parts,
        "filterset": filterset,
        "listing": listing,
        "is_filtered": any(request.GET.get(name) for name in filterset.filters),
        "action_count": listing.page.paginator.count,
        "budget": plan_budget(plan),
        "can_change": can_change(request, plan),
    }
    return render(request, "strategies/plan_detail.html", context)


def plan_edit(request, pk):
    plan = get_changeable_or_403(request, _plans(), pk=pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The implementation plan was saved."))
        return redirect(plan)
    return form_page(
        request,
        "strategies/plan_form.html",
        form,
        _("Edit the introduction"),
        cancel_url=plan.get_absolute_url(),
        plan=plan,
        strategy=plan.strategy,
    )


# --- parts of the organisation ---------------------------------------------------------------------------


def _part_form(request, part):
    form = PlanPartForm(request.POST or None, instance=part, request=request)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            part = form.save()
        messages.success(request, _("The part “%(part)s” was saved.") % {"part": part})
        return _in_plan(part.plan, f"part-{part.pk}")
    if part.pk:
        heading = _("Edit part of the organisation")
        delete = (reverse("strategies:part_delete", args=[part.pk]), _("Remove the part"))
    else:
        heading, delete = _("New part of the organisation"), None
    return form_page(
        request,
        "strategies/plan_form.html",
        form,
        heading,
        cancel_url=part.plan.get_absolute_url(),
        plan=part.plan,
        strategy=part.plan.strategy,
        delete=delete,
    )


@change_required(PlanPart)
def part_create(request, pk):
    plan = get_scoped_or_404(request, _plans(), pk=pk)
    return _part_form(request, PlanPart(plan=plan, position=_next_position(plan.parts.all())))


def part_edit(request, pk):
    return _part_form(request, get_changeable_or_403(request, _parts(), pk=pk))


def part_delete(request, pk):
    part = get_changeable_or_403(request, _parts(), pk=pk)
    if request.method == "POST":
        with transaction.atomic():
            part.delete()
        messages.success(request, _("The part “%(part)s” and its actions were removed.") % {"part": part})
        return _in_plan(part.plan)
    count = part.actions.count()
    return _confirm_delete(
        request,
        part.plan,
        part,
        _("Remove the part “%(part)s”?") % {"part": part},
        ngettext("Its action is removed with it.", "Its %(count)s actions are removed with it.", count)
        % {"count": count}
        if count
        else "",
    )


# --- actions --------------------------------------------------------------------------------------------


def _action_form(request, action, plan):
    form = ActionForm(request.POST or None, instance=action, request=request, plan=plan)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if not action.pk or "part" in form.changed_data:
                action.position = _next_position(Action.objects.filter(part=form.cleaned_data["part"]))
            action = form.save()
        messages.success(request, _("The action “%(action)s” was saved.") % {"action": action})
        return _in_plan(plan, f"part-{action.part_id}")
    if action.pk:
        heading = _("Edit action")
        delete = (reverse("strategies:action_delete", args=[action.pk]), _("Remove the action"))
    else:
        heading, delete = _("New action"), None
    return form_page(
        request,
        "strategies/plan_form.html",
        form,
        heading,
        cancel_url=plan.get_absolute_url(),
        plan=plan,
        strategy=plan.strategy,
        delete=delete,
    )


@change_required(Action)
def action_create(request, pk):
    part = get_scoped_or_404(request, _parts(), pk=pk)
    return _action_form(request, Action(part=part), part.plan)


def action_edit(request, pk):
    action = get_changeable_or_403(request, _actions(), pk=pk)
    return _action_form(request, action, action.part.plan)


def action_delete(request, pk):
    action = get_changeable_or_403(request, _actions(), pk=pk)
    plan = action.part.plan
    if request.method == "POST":
        with transaction.atomic():
            action.delete()
        messages.success(request, _("The action “%(action)s” was removed.") % {"action": action})
        return _in_plan(plan, f"part-{action.part_id}")
    return _confirm_delete(request, plan, action, _("Remove the action “%(action)s”?") % {"action": action})


# --- budget ---------------------------------------------------------------------------------------------


def _budget_line_form(request, line):
    plan = line.plan
    data = request.POST if request.method == "POST" else None
    form = BudgetLineForm(data, instance=line)
    years = [] if line.pk else plan_budget(plan).years
    formset = budget_amount_formset(data, line, years)
    if data is not None and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            line = form.save()
            formset.instance = line
            formset.save()
        messages.success(request, _("The budget line “%(line)s” was saved.") % {"line": line})
        return _in_plan(plan, "budget")
    context = {"plan": plan, "strategy": plan.strategy, "form": form, "formset": formset, "line": line}
    return render(request, "strategies/budget_line_form.html", context)


@change_required(BudgetLine)
def budget_line_create(request, pk):
    plan = get_scoped_or_404(request, _plans(), pk=pk)
    return _budget_line_form(request, BudgetLine(plan=plan, position=_next_position(plan.budget_lines.all())))


def budget_line_edit(request, pk):
    return _budget_line_form(request, get_changeable_or_403(request, _lines(), pk=pk))


def budget_line_delete(request, pk):
    line = get_changeable_or_403(request, _lines(), pk=pk)
    if request.method == "POST":
        with transaction.atomic():
            line.delete()
        messages.success(request, _("The budget line “%(line)s” was removed.") % {"line": line})
        return _in_plan(line.plan, "budget")
    return _confirm_delete(request, line.plan, line, _("Remove the budget line “%(line)s”?") % {"line": line})


# --- PDFs, made by a task and reused until their content changes (documents app) -------------------------


def strategy_pdf(request, pk):
    strategy = get_scoped_or_404(request, Strategy.objects.all(), pk=pk)
    return request_document(request, "strategy_pdf", strategy)


def plan_pdf(request, pk):
    plan = get_scoped_or_404(request, _plans(), pk=pk)
    return request_document(request, "plan_pdf", plan)
