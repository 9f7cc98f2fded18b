"""The dashboard's forms: the part of the organisation its figures cover, and the body whose next meeting
gets a half year's status pack."""

from django import forms
from django.utils.translation import gettext_lazy as _

from strategies.models import PlanPart

from .. import status_pack


class PartForm(forms.Form):
    part = forms.ModelChoiceField(
        queryset=PlanPart.objects.none(),
        required=False,
        label=_("Part of the organisation"),
        empty_label=_("All reporting units"),
    )

    def __init__(self, data, strategy):
        super().__init__(data)
        self.fields["part"].queryset = PlanPart.objects.filter(plan__strategy=strategy)


class AgendaForm(forms.Form):
    body = forms.ModelChoiceField(
        queryset=None,
        label=_("Body"),
        help_text=_("The pack goes on its next meeting."),
    )

    def __init__(self, data, strategy):
        super().__init__(data)
        self.fields["body"].queryset = status_pack.steering_bodies(strategy)
        self.fields["body"].initial = strategy.approved_by_id or next(
            iter(self.fields["body"].queryset.values_list("pk", flat=True)), None
        )
