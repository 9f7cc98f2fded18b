"""The revision process: the commission (kommissorium), its process variants and their milestones.

The secretariat and administrators write and change them; the steering group reads (changes: 403);
coordinators have no access (403); another organisation's commissions do not exist (404).
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import form_page
from volunteers.access import can_change, get_changeable_or_403, get_scoped_or_404, role_required
from volunteers.models import ORGANISATION_WIDE

from .. import timeline
from ..forms.revision import CommissionForm, MilestoneForm, VariantForm
from ..models import Commission, Milestone, ProcessVariant, Strategy

organisation_wide = role_required(*ORGANISATION_WIDE)


def _commissions():
    return Commission.objects.select_related("strategy")


def _variants():
    return ProcessVariant.objects.select_related("commission__strategy")


def _milestones():
    return Milestone.objects.select_related("variant__commission__strategy")


def _plan_url(commission, anchor="plan"):
    return f"{commission.get_absolute_url()}#{anchor}"


# --- the commission ------------------------------------------------------------------------------------


@organisation_wide
def commission_detail(request, pk):
    milestones = Milestone.objects.select_related("body")
    variants = ProcessVariant.objects.prefetch_related(Prefetch("milestones", queryset=milestones))
    commission = get_scoped_or_404(
        request,
        _commissions().prefetch_related("bodies", Prefetch("variants", queryset=variants)),
        pk=pk,
    )
    today = timezone.localdate()
    variants = list(commission.variants.all())
    plan = next((variant for variant in variants if variant.pk == commission.chosen_variant_id), None)
    for variant in variants:
        variant.chosen = variant is plan
        for milestone in variant.milestones.all():
            milestone.overdue = milestone.is_overdue(today)
    context = {
        "commission": commission,
        "strategy": commission.strategy,
        "variants": variants,
        "plan": plan,
        "timeline": timeline.layout(plan.milestones.all(), today) if plan else None,
        "comparison": timeline.compare(variants),
        "partners": [line.strip() for line in commission.external_partners.splitlines() if line.strip()],
        "can_change": can_change(request, commission),
        "today": today,
    }
    return render(request, "strategies/commission_detail.html", context)


def _commission_form(request, commission):
    form = CommissionForm(request.POST or None, instance=commission, request=request)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            commission = form.save()
        messages.success(request, _("The commission “%(title)s” was saved.") % {"title": commission})
        return redirect(commission)
    strategy = commission.strategy
    if commission.pk:
        heading, cancel_url, submit_label = _("Edit commission"), commission.get_absolute_url(), _("Save")
    else:
        heading, cancel_url = _("Write a commission"), strategy.get_absolute_url()
        submit_label = _("Write the commission")
    return form_page(
        request,
        "strategies/commission_form.html",
        form,
        heading,
        cancel_url=cancel_url,
        submit_label=submit_label,
        commission=commission,
        strategy=strategy,
    )


@organisation_wide
def commission_create(request, pk):
    """The commission of a draft version; a strategy has at most one."""
    strategy = get_changeable_or_403(request, Strategy.objects.select_related("commission"), pk=pk)
    if hasattr(strategy, "commission"):
        messages.info(request, _("The strategy already has a commission. You can edit it here."))
        return redirect(strategy.commission)
    if not strategy.is_editable:
        return render(request, "strategies/commission_unavailable.html", {"strategy": strategy}, status=409)
    title = _("Commission for the revision of %(strategy)s") % {"strategy": strategy.title}
    return _commission_form(request, Commission(strategy=strategy, title=title))


@organisation_wide
def commission_edit(request, pk):
    return _commission_form(request, get_changeable_or_403(request, _commissions(), pk=pk))


# --- process variants ----------------------------------------------------------------------------------


def _variant_form(request, variant):
    form = VariantForm(request.POST or None, instance=variant)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            variant = form.save()
        messages.success(request, _("The process “%(name)s” was saved.") % {"name": variant})
        return redirect(_plan_url(variant.commission, f"variant-{variant.pk}"))
    commission = variant.commission
    return form_page(
        request,
        "strategies/variant_form.html",
        form,
        _("Edit process") if variant.pk else _("New process"),
        cancel_url=commission.get_absolute_url(),
        variant=variant,
        commission=commission,
        strategy=commission.strategy,
    )


@organisation_wide
def variant_create(request, pk):
    commission = get_changeable_or_403(request, _commissions(), pk=pk)
    position = commission.variants.count() + 1
    return _variant_form(request, ProcessVariant(commission=commission, position=position))


@organisation_wide
def variant_edit(request, pk):
    return _variant_form(request, get_changeable_or_403(request, _variants(), pk=pk))


@require_POST
@organisation_wide
def variant_choose(request, pk, variant_pk):
    """Make one of the commission's variants the plan."""
    commission = get_changeable_or_403(request, _commissions(), pk=pk)
    variant = get_object_or_404(commission.variants.all(), pk=variant_pk)
    commission.choose(variant)
    messages.success(request, _("“%(name)s” is now the plan of the revision.") % {"name": variant})
    return redirect(_plan_url(commission))


# --- milestones ----------------------------------------------------------------------------------------


def _milestone_form(request, milestone):
    form = MilestoneForm(request.POST or None, instance=milestone, request=request)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            milestone = form.save()
        messages.success(request, _("The milestone “%(title)s” was saved.") % {"title": milestone})
        return redirect(_plan_url(milestone.variant.commission, f"variant-{milestone.variant_id}"))
    variant = milestone.variant
    commission = variant.commission
    return form_page(
        request,
        "strategies/milestone_form.html",
        form,
        _("Edit milestone") if milestone.pk else _("New milestone"),
        cancel_url=commission.get_absolute_url(),
        milestone=milestone,
        variant=variant,
        commission=commission,
        strategy=commission.strategy,
    )


@organisation_wide
def milestone_create(request, pk):
    variant = get_changeable_or_403(request, _variants(), pk=pk)
    return _milestone_form(request, Milestone(variant=variant))


@organisation_wide
def milestone_edit(request, pk):
    return _milestone_form(request, get_changeable_or_403(request, _milestones(), pk=pk))


@require_POST
@organisation_wide
def milestone_delete(request, pk):
    milestone = get_changeable_or_403(request, _milestones(), pk=pk)
    commission = milestone.variant.commission
    with transaction.atomic():
        milestone.delete()
    messages.success(request, _("The milestone “%(title)s” was removed.") % {"title": milestone})
    return redirect(_plan_url(commission, f"variant-{milestone.variant_id}"))


@require_POST
@organisation_wide
def milestone_complete(request, pk):
    """Record that a milestone has been reached today, or (``reopen``) that it has not."""
    milestone = get_changeable_or_403(request, _milestones(), pk=pk)
    reopen = request.POST.get("reopen") == "1"
    with transaction.atomic():
        milestone.completed_on = None if reopen else timezone.localdate()
        milestone.save(update_fields=["completed_on"])
    if reopen:
        messages.success(request, _("“%(title)s” is marked as not completed.") % {"title": milestone})
    else:
        messages.success(request, _("“%(title)s” is marked as completed today.") % {"title": milestone})
    return redirect(_plan_url(milestone.variant.commission))
