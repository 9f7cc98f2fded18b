from django.contrib import messages
from django.db import transaction
from django.db.models import Case, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import lock, save_guarded
from core.lists import Listing
from core.pages import confirm_page, confirmed, locked_page
from documents.flow import request_document
from volunteers.access import can_change, change_required, get_changeable_or_403, get_scoped_or_404, scoped

from .filters import AgreementFilter
from .forms import STEPS, AgreementForm
from .history import history_entries
from .models import RUNNING, Agreement, AgreementError, ReviewReminder
from .reviews import review_horizon


def _agreements():
    return Agreement.objects.select_related("organisation", "unit", "volunteer_organisation", "responsible")


def _listed():
    """What the list's rows show, and no more: the agreements' whole texts and the organisation and
    responsible person are not read for 25 rows."""
    return Agreement.objects.select_related("unit", "volunteer_organisation").only(
        "title", "kind", "status", "review_date", "unit__name", "volunteer_organisation__name"
    )


#: Statuses sort in the order of the workflow, not alphabetically.
STATUS_ORDER = Case(
    *[When(status=status, then=index) for index, status in enumerate(Agreement.Status.values)]
)


def agreement_list(request):
    listing = Listing(
        request,
        scoped(request, _listed().annotate(status_order=STATUS_ORDER)),
        search_fields=["title", "volunteer_organisation__name"],
        filterset_class=AgreementFilter,
        sort_fields={
            "title": ("title",),
            "unit": ("unit__name", "title"),
            "volunteer_organisation": ("volunteer_organisation__name", "title"),
            "status": ("status_order", "title"),
            "review": ("review_date",),
        },
        default_sort="review",
    )
    today = timezone.localdate()
    context = {
        "listing": listing,
        "can_change": can_change(request, Agreement),
        "today": today,
        "review_horizon": review_horizon(request.organisation, today),
        "running": RUNNING,
    }
    return render(request, "agreements/agreement_list.html", context)


def agreement_detail(request, pk):
    agreement = get_scoped_or_404(request, _agreements(), pk=pk)
    changeable = can_change(request, agreement)
    steps = [
        {
            "step": step,
            "form": step.form_class(agreement=agreement, prefix=name),
            "url": reverse(f"agreements:agreement_{name}", args=[agreement.pk]),
        }
        for name, step in STEPS.items()
        if changeable and agreement.status in step.offered_in
    ]
    context = {
        "agreement": agreement,
        "can_change": changeable,
        "steps": steps,
        "statuses": Agreement.Status.choices,
        "history": history_entries(agreement),
        "reminders": agreement.reminders.select_related("recipient"),
    }
    return render(request, "agreements/agreement_detail.html", context)


def _agreement_form(request, agreement):
    title = str(agreement)  # as saved, whatever the form holds
    form = AgreementForm(request.POST or None, instance=agreement, request=request)
    if request.method == "POST" and form.is_valid() and save_guarded(form):
        agreement = form.instance
        messages.success(request, _("The agreement “%(title)s” was saved.") % {"title": agreement})
        return redirect(agreement)
    return render(
        request, "agreements/agreement_form.html", {"form": form, "agreement": agreement, "title": title}
    )


@change_required(Agreement)
def agreement_create(request):
    return _agreement_form(request, Agreement())


def agreement_edit(request, pk):
    agreement = get_changeable_or_403(request, _agreements(), pk=pk)
    if not agreement.is_editable:
        # Approved contents stay as approved: the page says so, and a POST changes nothing.
        message = _(
            "The agreement's contents can no longer be changed: they were approved by management after "
            "the TR dialogue, and the agreement now moves on only through the workflow (activation, "
            "review, end). To change what the parties agreed, end this agreement and make a new one, "
            "which goes through TR dialogue and approval again."
        )
        return locked_page(
            request,
            "agreements/agreement_locked.html",
            message,
            back_url=agreement.get_absolute_url(),
            heading=f"{_('Edit')}: {agreement}",
            agreement=agreement,
        )
    return _agreement_form(request, agreement)


def workflow_step(request, pk, step):
    """A step of the workflow: its form on a page of its own (also where its errors show)."""
    agreement = get_changeable_or_403(request, _agreements(), pk=pk)
    spec = STEPS[step]
    data = request.POST if request.method == "POST" else None
    form = spec.form_class(data, agreement=agreement, prefix=step)
    if (confirmed(request) or not spec.confirm) and form.is_valid():
        try:
            with transaction.atomic():
                # The step checks and changes the agreement as it now is, not as this request first read it.
                lock(agreement)
                form.perform()
        except AgreementError as error:
            form.add_error(None, error)
        else:
            messages.success(request, spec.done)
            return redirect(agreement)
    if spec.confirm and (agreement.status in spec.offered_in or form.is_bound):
        return confirm_page(
            request,
            "agreements/agreement_confirm.html",
            form,
            spec.title,
            consequences=form.consequences(),
            submit_label=spec.submit_label,
            cancel_url=agreement.get_absolute_url(),
            agreement=agreement,
        )
    context = {
        "agreement": agreement,
        "step_name": step,
        "step": spec,
        "form": form,
        "offered": agreement.status in spec.offered_in,
    }
    return render(request, "agreements/agreement_step.html", context)


def agreement_pdf(request, pk):
    """Made by a task (the documents app) and reused until the agreement changes; the reader is sent
    on to it."""
    agreement = get_scoped_or_404(request, _agreements(), pk=pk)
    return request_document(request, "agreement_pdf", agreement)


def reminder_list(request):
    reminders = ReviewReminder.objects.select_related("agreement__unit", "recipient")
    listing = Listing(
        request,
        scoped(request, reminders),
        search_fields=["agreement__title"],
        sort_fields={
            "created": ("created_at",),
            "agreement": ("agreement__title", "created_at"),
            "review": ("review_date",),
            "sent": ("sent_at",),
        },
        default_sort="-created",
    )
    return render(request, "agreements/reminder_list.html", {"listing": listing})
