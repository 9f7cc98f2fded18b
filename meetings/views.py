from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from volunteers.access import (
    ORGANISATION_WIDE_ROLES,
    SECRETARIAT_ROLES,
    get_scoped_or_404,
    role_required,
    scoped,
)

from . import calendars
from .forms import (
    BodyForm,
    MeetingPlanForm,
    MembershipForm,
    PlanApprovalForm,
    PlannedMeetingFormSet,
    SeatCategoryForm,
)
from .models import Body, Meeting, MeetingPlan, Membership, SeatCategory
from .models.bodies import new_calendar_token
from .seats import check_seats, seat_day


def may_change_bodies(user):
    return user.role in SECRETARIAT_ROLES


@role_required(*ORGANISATION_WIDE_ROLES)
def body_list(request):
    bodies = scoped(request, Body.objects.with_member_count())
    return render(
        request,
        "meetings/body_list.html",
        {"bodies": bodies, "can_change": may_change_bodies(request.user)},
    )


@role_required(*ORGANISATION_WIDE_ROLES)
def body_detail(request, pk):
    body = get_scoped_or_404(request, Body.objects.all(), pk=pk)
    categories = list(body.seat_categories.all())
    memberships = list(body.memberships.select_related("seat_category", "user"))
    can_change = may_change_bodies(request.user)
    context = {
        "body": body,
        "categories": categories,
        "memberships": memberships,
        "seats": check_seats(categories, memberships, seat_day(body, timezone.localdate())),
        "plans": body.meeting_plans.all(),
        "meetings": body.meetings.all(),
        "can_change": can_change,
        # The private calendar links are the members' own: only the secretariat hands them out.
        "calendar_links": [
            (membership, request.build_absolute_uri(_feed_url(membership))) for membership in memberships
        ]
        if can_change
        else [],
    }
    return render(request, "meetings/body_detail.html", context)


def _feed_url(membership):
    return reverse("meetings:body_calendar_feed", args=[membership.calendar_token])


def _save_form(request, form, template, context, done):
    """Save a valid form (nothing half-written) and go to the body; otherwise show it with its errors."""
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        messages.success(request, done % {"name": saved.name})
        return redirect(getattr(saved, "body", saved))  # the body's page, whatever was saved on it
    return render(request, template, {"form": form, **context})


@role_required(*SECRETARIAT_ROLES)
def body_create(request):
    form = BodyForm(request.POST or None, instance=Body(organisation=request.organisation))
    return _save_form(request, form, "meetings/body_form.html", {}, _("The body “%(name)s” was saved."))


@role_required(*SECRETARIAT_ROLES)
def body_edit(request, pk):
    body = get_scoped_or_404(request, Body.objects.all(), pk=pk)
    form = BodyForm(request.POST or None, instance=body)
    return _save_form(
        request, form, "meetings/body_form.html", {"body": body}, _("The body “%(name)s” was saved.")
    )


@role_required(*SECRETARIAT_ROLES)
def seat_category_create(request, pk):
    body = get_scoped_or_404(request, Body.objects.all(), pk=pk)
    form = SeatCategoryForm(request.POST or None, instance=SeatCategory(body=body))
    return _seat_category_form(request, form, body)


@role_required(*SECRETARIAT_ROLES)
def seat_category_edit(request, pk):
    category = get_scoped_or_404(request, SeatCategory.objects.select_related("body"), pk=pk)
    form = SeatCategoryForm(request.POST or None, instance=category)
    return _seat_category_form(request, form, category.body)


def _seat_category_form(request, form, body):
    return _save_form(
        request, form, "meetings/seat_category_form.html", {"body": body}, _("The seat “%(name)s” was saved.")
    )


@role_required(*SECRETARIAT_ROLES)
def membership_create(request, pk):
    body = get_scoped_or_404(request, Body.objects.all(), pk=pk)
    form = MembershipForm(request.POST or None, instance=Membership(body=body))
    return _membership_form(request, form, body)


@role_required(*SECRETARIAT_ROLES)
def membership_edit(request, pk):
    membership = get_scoped_or_404(request, Membership.objects.select_related("body"), pk=pk)
    form = MembershipForm(request.POST or None, instance=membership)
    return _membership_form(request, form, membership.body)


def _membership_form(request, form, body):
    return _save_form(
        request, form, "meetings/membership_form.html", {"body": body}, _("The member “%(name)s” was saved.")
    )


@require_POST
@role_required(*SECRETARIAT_ROLES)
def membership_calendar_reset(request, pk):
    membership = get_scoped_or_404(request, Membership.objects.select_related("body"), pk=pk)
    membership.calendar_token = new_calendar_token()
    membership.save(update_fields=["calendar_token"])
    messages.success(
        request,
        _("%(name)s has a new calendar link; the old one no longer works.") % {"name": membership.name},
    )
    return redirect(f"{membership.body.get_absolute_url()}#calendar-links")


# --- meeting plans ----------------------------------------------------------------------------


@role_required(*SECRETARIAT_ROLES)
def plan_create(request, pk):
    body = get_scoped_or_404(request, Body.objects.all(), pk=pk)
    return _plan_form(request, MeetingPlan(body=body))


@role_required(*ORGANISATION_WIDE_ROLES)
def plan_detail(request, pk):
    """The plan and its meetings; until it is approved the secretariat adds and removes meetings here."""
    plan = get_scoped_or_404(request, MeetingPlan.objects.select_related("body"), pk=pk)
    can_change = may_change_bodies(request.user)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    if plan.is_approved or not can_change:
        if request.method == "POST":
            messages.error(request, _("The plan is approved; its meetings are fixed."))
            return redirect("meetings:plan_detail", pk=plan.pk)
        return _plan_page(request, plan, can_change)
    return _plan_form(request, plan)


def _plan_page(request, plan, can_change, approval_form=None):
    context = {
        "plan": plan,
        "body": plan.body,
        "meetings": plan.meetings.all(),
        "can_change": can_change,
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
            formset.save()
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
@role_required(*SECRETARIAT_ROLES)
def plan_approve(request, pk):
    plan = get_scoped_or_404(request, MeetingPlan.objects.select_related("body"), pk=pk)
    if plan.is_approved:
        messages.error(request, _("The plan is already approved."))
        return redirect("meetings:plan_detail", pk=plan.pk)
    form = PlanApprovalForm(request.POST, instance=plan)
    if not form.is_valid():
        return _plan_page(request, plan, True, approval_form=form)
    form.save()
    messages.success(request, _("The meeting plan is approved; its meetings are now fixed."))
    return redirect("meetings:plan_detail", pk=plan.pk)


# --- calendars --------------------------------------------------------------------------------


def _calendar_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(*ORGANISATION_WIDE_ROLES)
def meeting_ics(request, pk):
    meeting = get_scoped_or_404(request, Meeting.objects.select_related("body"), pk=pk)
    content = calendars.meetings_calendar(meeting.body.name, [meeting])
    return _calendar_response(content, f"moede-{meeting.date:%Y-%m-%d}.ics")


@login_not_required
def body_calendar_feed(request, token):
    """A member's private feed of their body's meetings: the token is the only key (a new one revokes it)."""
    membership = get_object_or_404(Membership.objects.select_related("body"), calendar_token=token)
    body = membership.body
    content = calendars.meetings_calendar(body.name, body.meetings.select_related("body"))
    return _calendar_response(content, "kalender.ics")
