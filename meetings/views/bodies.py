"""Bodies, their seat categories and members: the organisation-wide roles read, the secretariat and
administrators change."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from volunteers.access import (
    can_change,
    change_required,
    get_changeable_or_403,
    get_scoped_or_404,
    role_required,
    scoped,
)
from volunteers.models import ORGANISATION_WIDE

from ..attendance import invite_to_coming_meetings
from ..follow_ups import unfinished_for
from ..forms.bodies import BodyForm, MembershipForm, SeatCategoryForm
from ..models import Body, Membership, SeatCategory
from ..seats import check_seats, seat_day

organisation_wide = role_required(*ORGANISATION_WIDE)


@organisation_wide
def body_list(request):
    bodies = scoped(request, Body.objects.with_member_count())
    return render(
        request,
        "meetings/body_list.html",
        {"bodies": bodies, "can_change": can_change(request, Body)},
    )


@organisation_wide
def body_detail(request, pk):
    body = get_scoped_or_404(request, Body.objects.all(), pk=pk)
    categories = list(body.seat_categories.all())
    memberships = list(body.memberships.select_related("seat_category", "user"))
    changeable = can_change(request, body)
    context = {
        "body": body,
        "categories": categories,
        "memberships": memberships,
        "seats": check_seats(categories, memberships, seat_day(body, timezone.localdate())),
        "plans": body.meeting_plans.all(),
        "meetings": body.meetings.all(),
        "follow_ups": list(unfinished_for(body)),
        "today": timezone.localdate(),
        "can_change": changeable,
        # The private calendar links are the members' own: only the secretariat hands them out.
        "calendar_links": [
            (
                membership,
                request.build_absolute_uri(_feed_url(membership)),
                request.build_absolute_uri(reverse("meetings:apologies", args=[membership.calendar_token])),
            )
            for membership in memberships
        ]
        if changeable
        else [],
    }
    return render(request, "meetings/body_detail.html", context)


def _feed_url(membership):
    return reverse("meetings:body_calendar_feed", args=[membership.calendar_token])


def _save_form(request, form, template, context, done, after_save=None):
    """Save a valid form (nothing half-written) and go to the body; otherwise show it with its errors."""
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            if after_save:
                after_save(saved)
        messages.success(request, done % {"name": saved.name})
        return redirect(getattr(saved, "body", saved))  # the body's page, whatever was saved on it
    return render(request, template, {"form": form, **context})


@organisation_wide
@change_required(Body)
def body_create(request):
    form = BodyForm(request.POST or None, instance=Body(organisation=request.organisation))
    return _save_form(request, form, "meetings/body_form.html", {}, _("The body “%(name)s” was saved."))


@organisation_wide
def body_edit(request, pk):
    body = get_changeable_or_403(request, Body.objects.all(), pk=pk)
    form = BodyForm(request.POST or None, instance=body)
    return _save_form(
        request, form, "meetings/body_form.html", {"body": body}, _("The body “%(name)s” was saved.")
    )


@organisation_wide
def seat_category_create(request, pk):
    body = get_changeable_or_403(request, Body.objects.all(), pk=pk)
    form = SeatCategoryForm(request.POST or None, instance=SeatCategory(body=body))
    return _seat_category_form(request, form, body)


@organisation_wide
def seat_category_edit(request, pk):
    category = get_changeable_or_403(request, SeatCategory.objects.select_related("body"), pk=pk)
    form = SeatCategoryForm(request.POST or None, instance=category)
    return _seat_category_form(request, form, category.body)


def _seat_category_form(request, form, body):
    return _save_form(
        request, form, "meetings/seat_category_form.html", {"body": body}, _("The seat “%(name)s” was saved.")
    )


@organisation_wide
def membership_create(request, pk):
    body = get_changeable_or_403(request, Body.objects.all(), pk=pk)
    form = MembershipForm(request.POST or None, instance=Membership(body=body))
    return _membership_form(request, form, body)


@organisation_wide
def membership_edit(request, pk):
    membership = get_changeable_or_403(request, Membership.objects.select_related("body"), pk=pk)
    form = MembershipForm(request.POST or None, instance=membership)
    return _membership_form(request, form, membership.body)


def _membership_form(request, form, body):
    return _save_form(
        request,
        form,
        "meetings/membership_form.html",
        {"body": body},
        _("The member “%(name)s” was saved."),
        # The body's coming meetings invite the members on their dates.
        after_save=lambda membership: invite_to_coming_meetings(membership.body),
    )
