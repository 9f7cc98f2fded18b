"""Follow-ups (decisions, recommendations, tasks): what they are, and a change of their status."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import ChoiceFilter, ModelChoiceFilter
from core.forms import DateField, DateInput
from volunteers.access import scoped
from volunteers.models import User

from ..models import Body, FollowUp


class FollowUpForm(forms.ModelForm):
    """A follow-up from an agenda item (``source`` is the item) or on its own for a body (then where it
    came from is said in ``source``, e.g. a report and its section)."""

    class Meta:
        model = FollowUp
        fields = ["kind", "title", "source", "owner", "assignee", "deadline"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "deadline": DateInput,
            "kind": forms.RadioSelect,
        }
        labels = {"title": _("Text"), "deadline": _("Due date")}
        help_texts = {
            "title": _("The decision, recommendation or task as it is to be followed up."),
            "owner": _("The person or department responsible, e.g. “Sundhedsplanlægning”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.item_id:
            del self.fields["source"]  # it came from the item
        # Only the organisation's own active users can be given it.
        self.fields["assignee"].queryset = User.objects.filter(
            organisation=self.instance.body.organisation_id, is_active=True
        ).order_by("first_name", "last_name", "username")
        # Posted without a kind (e.g. by an older form): the model's default.
        self.fields["kind"].required = False

    def clean_kind(self):
        return self.cleaned_data["kind"] or self.instance.kind or FollowUp.Kind.TASK

    def save(self, commit=True):
        follow_up = super().save(commit)
        if commit:
            follow_up.tell_assignee()
        return follow_up


class StatusForm(forms.Form):
    """A change of status (or a note of progress with the same status), dated."""

    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)
    date = DateField(label=_("Date"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, or why the status changes."),
    )

    def __init__(self, *args, follow_up, **kwargs):
        super().__init__(*args, **kwargs)
        self.follow_up = follow_up
        self.fields["status"].initial = follow_up.status
        self.fields["date"].initial = timezone.localdate()

    def clean_date(self):
        on = self.cleaned_data["date"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return on

    def clean(self):
        cleaned = super().clean()
        status, note = cleaned.get("status"), cleaned.get("note", "").strip()
        if status == self.follow_up.status and not note:
            raise forms.ValidationError(_("Choose another status, or write a note of what has happened."))
        if status == FollowUp.Status.DROPPED and not note:
            self.add_error("note", _("Say why it is dropped."))
        return cleaned


def _bodies(request):
    return scoped(request, Body.objects.all())


class FollowUpFilter(django_filters.FilterSet):
    body = ModelChoiceFilter(label=_("Body"), queryset=_bodies, empty_label=_("All"))
    kind = ChoiceFilter(label=_("Kind"), choices=FollowUp.Kind.choices, empty_label=_("All"))
    status = ChoiceFilter(
        label=_("Status"),
        choices=[("unfinished", _("Open or in progress")), *FollowUp.Status.choices],
        method="filter_status",
        empty_label=_("All"),
    )
    overdue = ChoiceFilter(
        label=_("Due date"),
        choices=[("yes", _("Overdue")), ("no", _("Not overdue"))],
        method="filter_overdue",
        empty_label=_("All"),
    )

    class Meta:
        model = FollowUp
        fields = []

    def filter_status(self, queryset, name, value):
        if value == "unfinished":
            return queryset.unfinished()
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=FollowUp.UNFINISHED, deadline__lt=timezone.localdate())
        return queryset.filter(overdue) if value == "yes" else queryset.exclude(overdue)
