"""Meeting plans: a body's meetings for a period, fixed once the plan is approved."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from volunteers.access import can_change, get_changeable_or_403, get_scoped_or_404, role_required
from volunteers.models import ORGANISATION_WIDE

from ..attendance import invite_members
from ..forms.plans import MeetingPlanForm, PlanApprovalForm, PlannedMeetingFormSet
from ..models import Body, MeetingPlan

organisation_wide = role_required(*ORGANISATION_WIDE)


@organisation_wide
def plan_create(request, pk):
    body = get_changeable_or_403(request, Body.objects.all(), pk=pk)
    return _plan_form(request, MeetingPlan(body=body))


@organisation_wide
def plan_detail(request, pk):
    """The plan and its meetings; until it is approved the secretariat adds and removes meetings here."""
    plan = get_scoped_or_404(request, MeetingPlan.objects.select_related("body"), pk=pk)
    changeable = can_change(request, plan)
    if request.method == "POST" and not changeable:
        raise PermissionDenied
    if plan.is_approved or not changeable:
        if request.method == "POST":
            messages.error(request, _("The plan is approved; its meetings are fixed."))
            return redirect("meetings:plan_detail", pk=plan.pk)
        return _plan_page(request, plan, changeable)
    return _plan_form(request, plan)


def _plan_page(request, plan, changeable, approval_form=None):
    context = {
        "plan": plan,
        "body": plan.body,
        "meetings": plan.meetings.all(),
        "can_change": changeable,
        "approval_form": approval_form or PlanApprovalForm(instance=plan),
    }
    return render(request, "meetings/plan_detail.html", context)


def _plan_form(request, plan):
    data = request.POST if request.method == "POST" else None
    form = MeetingPlanForm(data, instance=plan)
    formset = PlannedMeetingFormSet(data, instance=plan, body=plan.body, prefix="meetings")
    if data is not None and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            plan = form.save()
            formset.instance = plan
            for meeting in formset.save():  # the new and changed meetings invite the members on their dates
                invite_members(meeting)
        messages.success(request, _("The meeting plan “%(title)s” was saved.") % {"title": plan})
        return redirect("meetings:plan_detail", pk=plan.pk)
    context = {
        "plan": plan,
        "body": plan.body,
        "form": form,
        "formset": formset,
        "approval_form": PlanApprovalForm(instance=plan) if plan.pk else None,
    }
    return render(request, "meetings/plan_form.html", context)


@require_POST
@organisation_wide
def plan_approve(request, pk):
    plan = get_changeable_or_403(request, MeetingPlan.objects.select_related("body"), pk=pk)
    if plan.is_approved:
        messages.error(request, _("The plan is already approved."))
        return redirect("meetings:plan_detail", pk=plan.pk)
    form = PlanApprovalForm(request.POST, instance=plan)
    if not form.is_valid():
        return _plan_page(request, plan, True, approval_form=form)
    form.save()
    messages.success(request, _("The meeting plan is approved; its meetings are now fixed."))
    return redirect("meetings:plan_detail", pk=plan.pk)
