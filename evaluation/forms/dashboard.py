"""The dashboard's forms: the part of the organisation its figures cover, the body whose next meeting
gets a half year's status pack, and the organisation's own figures of a period."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.forms import ModelChoiceField
from strategies.models import EffectTarget, PlanPart

from .. import status_pack
from ..models import OrganisationFigure


class PartForm(forms.Form):
    part = ModelChoiceField(
        queryset=PlanPart.objects.none(),
        required=False,
        label=_("Part of the organisation"),
        empty_label=_("All reporting units"),
        error_messages={"invalid_choice": _("Choose a part of the organisation from the list.")},
        widget=forms.Select(attrs={"class": "form-select"}),
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
        field = self.fields["body"]
        field.queryset = status_pack.steering_bodies(strategy)
        # Read through the field's own queryset, which keeps the bodies for the dashboard's cells.
        field.initial = strategy.approved_by_id or next((body.pk for body in field.queryset), None)


class OrganisationFiguresForm(forms.Form):
    """The organisation's own figure of each effect target that takes one, for one period; a figure left
    empty is removed."""

    def __init__(self, data, period):
        super().__init__(data)
        self.period = period
        self.targets = list(
            EffectTarget.objects.filter(
                focus_area__strategy=period.strategy, aggregation=EffectTarget.Aggregation.ORGANISATION
            ).order_by("focus_area__position", "focus_area_id", "position", "pk")
        )
        saved = dict(
            OrganisationFigure.objects.filter(period=period).values_list("effect_target_id", "value")
        )
        for target in self.targets:
            self.fields[f"target_{target.pk}"] = forms.DecimalField(
                label=f"{target.indicator} ({target.unit})" if target.unit else target.indicator,
                required=False,
                max_digits=12,
                decimal_places=2,
                localize=True,
                initial=saved.get(target.pk),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )

    @transaction.atomic
    def save(self):
        for target in self.targets:
            value = self.cleaned_data[f"target_{target.pk}"]
            figures = OrganisationFigure.objects.filter(period=self.period, effect_target=target)
            if value is None:
                figures.delete()
            else:
                OrganisationFigure.objects.update_or_create(
                    period=self.period, effect_target=target, defaults={"value": value}
                )
