"""The strategy and its versions, focus areas and effect targets.

Every logged-in role of the organisation reads the strategy (coordinators implement it); only the
secretariat and administrators change it (the steering group and coordinators: 403). Another
organisation's strategies do not exist (404). The text can be changed while the version is a draft or
in consultation; after that it is changed by starting a revision, a new version.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Max, Prefetch, ProtectedError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.concurrency import save_guarded
from core.pages import confirm_page, confirmed, form_page, locked_page
from volunteers.access import can_change, change_required, get_changeable_or_403, get_scoped_or_404, scoped

from ..compare import compare_strategies
from ..forms.strategies import (
    ApprovalForm,
    CompareForm,
    EffectTargetFormSet,
    FocusAreaForm,
    RevisionForm,
    StatusForm,
    StrategyForm,
)
from ..models import EffectTarget, FocusArea, Strategy, StrategyStatusError

#: The buttons the strategy page offers for each status: (new status, label, explanation).
STATUS_BUTTONS = {
    Strategy.Status.DRAFT: [
        (
            Strategy.Status.CONSULTATION,
            gettext_lazy("Send to consultation"),
            gettext_lazy("The draft is then the version under public consultation. It can still be edited."),
        )
    ],
    Strategy.Status.CONSULTATION: [
        (
            Strategy.Status.DRAFT,
            gettext_lazy("Back to draft"),
            gettext_lazy("The consultation of this version is over or stopped."),
        )
    ],
    Strategy.Status.APPROVED: [
        (
            Strategy.Status.IMPLEMENTATION,
            gettext_lazy("Start implementation"),
            gettext_lazy("The implementation plan is being carried out."),
        )
    ],
    Strategy.Status.IMPLEMENTATION: [
        (
            Strategy.Status.EVALUATED,
            gettext_lazy("Mark as evaluated"),
            gettext_lazy("The strategy has been evaluated."),
        )
    ],
}


def _strategies():
    return Strategy.objects.select_related("approved_by", "replaces", "revision")


def _with_text(queryset):
    """Strategies with what their text shows: focus areas and their effect targets."""
    # Ordered within their strategy and area: the models' orderings run through the area and the strategy
    # to the organisation's name, joins that cost more to build than the rows do to read.
    targets = EffectTarget.objects.order_by("position", "pk")
    areas = FocusArea.objects.order_by("position", "pk").prefetch_related(
        Prefetch("effect_targets", queryset=targets)
    )
    return queryset.prefetch_related(Prefetch("focus_areas", queryset=areas))


def _locked(request, strategy):
    """The answer to a change of an approved version's text: the page says why; a POST changes nothing."""
    message = _(
        "This version of the strategy is “%(status)s”: its text, focus areas and effect targets are kept "
        "as they were approved. To change them, start a revision, a new version."
    ) % {"status": strategy.get_status_display()}
    return locked_page(
        request,
        "strategies/strategy_locked.html",
        message,
        back_url=strategy.get_absolute_url(),
        strategy=strategy,
    )


# --- strategies -----------------------------------------------------------------------------------------


def strategy_list(request):
    strategies = scoped(request, _strategies().order_by("title", "-version", "-pk"))
    context = {"strategies": strategies, "can_change": can_change(request, Strategy)}
    return render(request, "strategies/strategy_list.html", context)


def strategy_detail(request, pk):
    # With its plan, which the page names (a join rather than a query of its own).
    strategies = _with_text(_strategies()).select_related("implementation_plan")
    strategy = get_scoped_or_404(request, strategies, pk=pk)
    changeable = can_change(request, strategy)
    context = {
        "strategy": strategy,
        "can_change": changeable,
        "statuses": [
            (value, label) for value, label in Strategy.Status.choices if value != Strategy.Status.REPLACED
        ],
        "edit_focus_areas": changeable and strategy.is_editable,
    }
    if changeable:
        context["status_buttons"] = STATUS_BUTTONS.get(strategy.status, [])
        if strategy.is_editable:
            context["approval_form"] = ApprovalForm(request=request, strategy=strategy, prefix="approval")
        elif strategy.status != Strategy.Status.REPLACED and not hasattr(strategy, "revision"):
            context["revision_form"] = RevisionForm(strategy=strategy, prefix="revision")
    return render(request, "strategies/strategy_detail.html", context)


def _strategy_form(request, strategy):
    form = StrategyForm(request.POST or None, instance=strategy, request=request)
    if request.method == "POST" and form.is_valid() and save_guarded(form):
        strategy = form.instance
        messages.success(request, _("The strategy “%(strategy)s” was saved.") % {"strategy": strategy})
        return redirect(strategy)
    if strategy.pk:
        heading, cancel_url = _("Edit strategy"), strategy.get_absolute_url()
    else:
        heading, cancel_url = _("New strategy"), reverse("strategies:strategy_list")
    return form_page(
        request, "strategies/strategy_form.html", form, heading, cancel_url=cancel_url, strategy=strategy
    )


@change_required(Strategy)
def strategy_create(request):
    return _strategy_form(request, Strategy())


def strategy_edit(request, pk):
    strategy = get_changeable_or_403(request, _strategies(), pk=pk)
    if not strategy.is_editable:
        return _locked(request, strategy)
    return _strategy_form(request, strategy)


@require_POST
def strategy_status(request, pk):
    """Send to consultation, back to draft, start implementation, mark as evaluated."""
    strategy = get_changeable_or_403(request, _strategies(), pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status the strategy can change to."))
        return redirect(strategy)
    try:
        with transaction.atomic():
            strategy.change_status(form.cleaned_data["status"])
    except StrategyStatusError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The strategy is now “%(status)s”.") % {"status": strategy.get_status_display()},
        )
    return redirect(strategy)


def strategy_approve(request, pk):
    """Approve a version; its page says first what the approval locks (the detail page's form leads here)."""
    strategy = get_changeable_or_403(request, _strategies(), pk=pk)
    form = ApprovalForm(request.POST or None, request=request, strategy=strategy, prefix="approval")
    if confirmed(request) and form.is_valid():
        try:
            strategy.approve(form.cleaned_data["approved_on"], form.cleaned_data["approved_by"])
        except StrategyStatusError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The strategy is approved."))
            return redirect(strategy)
    consequences = [
        _(
            "The text, focus areas and effect targets are locked as approved; a later change is a "
            "revision, a new version."
        )
    ]
    if strategy.replaces:
        consequences.append(_("“%(old)s” is marked as replaced.") % {"old": strategy.replaces})
    consequences.append(
        _("Nobody is notified of the approval: the follow-up starts when a rhythm is set up.")
    )
    return confirm_page(
        request,
        "strategies/strategy_approve.html",
        form,
        _("Approve the strategy"),
        consequences=consequences,
        cancel_url=strategy.get_absolute_url(),
        submit_label=_("Approve"),
        strategy=strategy,
    )


def strategy_revise(request, pk):
    """Start a revision: a new draft version with this version's text, focus areas and effect targets."""
    strategy = get_changeable_or_403(request, _strategies(), pk=pk)
    form = RevisionForm(request.POST or None, strategy=strategy, prefix="revision")
    if request.method == "POST" and form.is_valid():
        try:
            draft = strategy.start_revision(form.cleaned_data["version"])
        except StrategyStatusError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Version %(version)s was made as a draft to revise.") % {"version": draft.version}
            )
            return redirect(draft)
    return form_page(
        request,
        "strategies/strategy_revise.html",
        form,
        _("Start a revision"),
        cancel_url=strategy.get_absolute_url(),
        submit_label=_("Start the revision"),
        strategy=strategy,
    )


def strategy_compare(request, pk):
    strategy = get_scoped_or_404(request, _with_text(_strategies()), pk=pk)
    data = request.GET if "med" in request.GET else None
    form = CompareForm(
        data,
        request=request,
        strategy=strategy,
        initial={"med": strategy.replaces_id or _revision_id(strategy)},
    )
    if data is None:
        other_pk = form.initial["med"]
    else:
        other_pk = form.cleaned_data["med"].pk if form.is_valid() else None
    comparison = None
    if other_pk:
        other = get_scoped_or_404(request, _with_text(_strategies()), pk=other_pk)
        # The older version on the left, whichever was chosen.
        old, new = sorted([other, strategy], key=lambda s: (s.created_at, s.pk))
        comparison = compare_strategies(old, new)
    context = {"strategy": strategy, "form": form, "comparison": comparison}
    return render(request, "strategies/strategy_compare.html", context)


def _revision_id(strategy):
    return strategy.revision.pk if hasattr(strategy, "revision") else None


# --- focus areas and their effect targets -------------------------------------------------------------


def _focus_areas():
    return FocusArea.objects.select_related("strategy")


def _focus_area_form(request, area):
    data = request.POST if request.method == "POST" else None
    form = FocusAreaForm(data, instance=area)
    formset = EffectTargetFormSet(data, instance=area, prefix="targets")
    if data is not None and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            area = form.save()
            formset.instance = area
            formset.save()
        messages.success(request, _("The focus area “%(title)s” was saved.") % {"title": area})
        return redirect(area.strategy.get_absolute_url() + f"#focus-area-{area.pk}")
    context = {"form": form, "formset": formset, "area": area, "strategy": area.strategy}
    return render(request, "strategies/focus_area_form.html", context)


def focus_area_create(request, pk):
    strategy = get_changeable_or_403(request, _strategies(), pk=pk)
    if not strategy.is_editable:
        return _locked(request, strategy)
    position = (strategy.focus_areas.aggregate(last=Max("position"))["last"] or 0) + 1
    return _focus_area_form(request, FocusArea(strategy=strategy, position=position))


def focus_area_edit(request, pk):
    area = get_changeable_or_403(request, _focus_areas(), pk=pk)
    if not area.strategy.is_editable:
        return _locked(request, area.strategy)
    return _focus_area_form(request, area)


def focus_area_delete(request, pk):
    """GET asks to confirm; POST removes the focus area and its effect targets."""
    area = get_changeable_or_403(request, _focus_areas(), pk=pk)
    strategy = area.strategy
    if not strategy.is_editable:
        return _locked(request, strategy)
    if request.method == "POST":
        try:
            with transaction.atomic():
                area.delete()
        except ProtectedError:
            messages.error(
                request,
                _("The focus area “%(title)s” has actions in the implementation plan and cannot be removed.")
                % {"title": area},
            )
        else:
            messages.success(request, _("The focus area “%(title)s” was removed.") % {"title": area})
        return redirect(strategy)
    targets = area.effect_targets.count()
    return render(
        request, "strategies/focus_area_delete.html", {"area": area, "strategy": strategy, "targets": targets}
    )
