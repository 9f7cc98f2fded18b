from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.pages import form_page

from ..models import EmailOptOut, NotificationKind

#: Notifications per page of the list.
PER_PAGE = 25


def notification_list(request):
    if request.method == "POST":
        request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
        messages.success(request, _("All notifications are marked as read."))
        return redirect("volunteers:notification_list")
    page = Paginator(request.user.notifications.all(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "volunteers/notification_list.html", {"page": page, "notifications": page})


def notification_open(request, pk):
    """Follow a notification's link, marking it read (only one's own: another's is a 404)."""
    notification = get_object_or_404(request.user.notifications, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("volunteers:notification_list")


class EmailChoicesForm(forms.Form):
    """A checkbox per kind of notification: also by e-mail (always in the app)."""

    def __init__(self, *args, opted_out, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.BooleanField(label=label, required=False, initial=kind not in opted_out)

    def save(self, user):
        off = {kind for kind in NotificationKind.values if not self.cleaned_data[kind]}
        with transaction.atomic():
            user.email_opt_outs.exclude(kind__in=off).delete()
            EmailOptOut.objects.bulk_create(
                [EmailOptOut(user=user, kind=kind) for kind in off], ignore_conflicts=True
            )


def notification_settings(request):
    opted_out = set(request.user.email_opt_outs.values_list("kind", flat=True))
    form = EmailChoicesForm(request.POST or None, opted_out=opted_out)
    if request.method == "POST" and form.is_valid():
        form.save(request.user)
        messages.success(request, _("Your choices are saved."))
        return redirect("volunteers:notification_list")
    return form_page(
        request,
        "volunteers/notification_settings.html",
        form,
        _("Notifications by e-mail"),
        cancel_url=reverse("volunteers:notification_list"),
    )
