"""Forms of the implementation plan: its introduction, the parts of the organisation, their actions,
the budget lines with their amounts per year, and the filter of the plan's actions."""

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import ChoiceFilter, ModelChoiceFilter
from core.forms import DateInput
from volunteers.access import scoped
from volunteers.models import Unit, User

from ..models import Action, BudgetAmount, BudgetLine, FocusArea, ImplementationPlan, PlanPart


class PlanForm(forms.ModelForm):
    class Meta:
        model = ImplementationPlan
        fields = ["introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "introduction": _(
                "What the plan is for and how it is used. The plan is action-oriented: each part of the "
                "organisation has its own guidance and actions."
            )
        }


def _units(request, keep=None):
    """The open units the user may see, and ``keep`` (what the object has already, even if closed)."""
    offered = Q(closed_on__isnull=True)
    if keep is not None:
        offered |= Q(pk__in=keep)
    return scoped(request, Unit.objects.filter(offered)).order_by("name")


class PlanPartForm(forms.ModelForm):
    class Meta:
        model = PlanPart
        fields = ["name", "guidance", "units", "position"]
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 6}),
            "units": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "name": _("For example: the hospitals, psychiatry, the social area."),
            "guidance": _("How this part of the organisation works with the strategy."),
            "units": _("The units of the organisation that belong to this part."),
            "position": _("Parts are shown in order of their numbers."),
        }
        error_messages = {"units": {"invalid_choice": _("Choose units of your own organisation.")}}

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = _units(
            request, self.instance.units.values("pk") if self.instance.pk is not None else None
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = PlanPart.objects.filter(plan=self.instance.plan, name=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("The plan already has a part with this name."))
        return name


class ActionForm(forms.ModelForm):
    """An action of a part: its focus area is one of the strategy's own, its owner unit and responsible
    person belong to the organisation."""

    class Meta:
        model = Action
        fields = [
            "title",
            "part",
            "focus_area",
            "description",
            "owner_unit",
            "responsible",
            "start",
            "deadline",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start": DateInput,
            "deadline": DateInput,
        }
        labels = {"part": _("Part of the organisation")}
        error_messages = {
            "part": {"invalid_choice": _("Choose one of this plan's parts of the organisation.")},
            "focus_area": {"invalid_choice": _("Choose one of this strategy's focus areas.")},
            "owner_unit": {"invalid_choice": _("Choose a unit of your own organisation.")},
            "responsible": {"invalid_choice": _("Choose a person of your own organisation.")},
        }

    def __init__(self, *args, request, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].queryset = plan.parts.all()
        self.fields["focus_area"].queryset = plan.strategy.focus_areas.all()
        self.fields["owner_unit"].queryset = _units(request, [self.instance.owner_unit_id])
        self.fields["responsible"].queryset = scoped(request, User.objects.filter(is_active=True)).order_by(
            "first_name", "last_name", "username"
        )

    def clean(self):
        cleaned = super().clean()
        start, deadline = cleaned.get("start"), cleaned.get("deadline")
        if start and deadline and deadline < start:
            self.add_error("deadline", _("The deadline cannot be before the start."))
        return cleaned


class KronerField(forms.CharField):
    """An amount in whole kroner, written the Danish way: 1.000.000, 1000000, "273.000 kr." or 273.000,00."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "class": "form-control"})
    default_error_messages = {"invalid": _("Write the amount in whole kroner, e.g. 1.000.000.")}
    _AMOUNT = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,0+)?")

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        text = re.sub(r"kr\.?$", "", re.sub(r"\s", "", value.lower()))
        match = self._AMOUNT.fullmatch(text)
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(match.group(1).replace(".", ""))

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["title", "funding_source", "position"]
        help_texts = {
            "title": _("For example: Operation of the cluster."),
            "funding_source": _("Where the money comes from, e.g. the department's savings."),
            "position": _("Lines are shown in order of their numbers."),
        }

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        others = BudgetLine.objects.filter(plan=self.instance.plan, title=title).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("The budget already has a line with this name."))
        return title


class BudgetAmountForm(forms.ModelForm):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    amount = KronerField(label=_("amount (kr.)"))

    class Meta:
        model = BudgetAmount
        fields = ["year", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["class"] = "form-control"


class BaseBudgetAmountFormSet(forms.BaseInlineFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            year = form.cleaned_data.get("year")
            if year is None:
                continue
            if year in seen:
                raise forms.ValidationError(
                    _("The year %(year)s is given more than once.") % {"year": year}, code="duplicate"
                )
            seen.add(year)


BudgetAmountFormSet = forms.inlineformset_factory(
    BudgetLine,
    BudgetAmount,
    form=BudgetAmountForm,
    formset=BaseBudgetAmountFormSet,
    extra=2,
    can_delete=True,
)


def budget_amount_formset(data, line, plan_years):
    """The amounts of `line`; a new line gets a row for each of the plan's budget years (or the next
    four), so that only the amounts are to be typed."""
    if line.pk:
        return BudgetAmountFormSet(data, instance=line, prefix="amounts")
    years = plan_years or range(timezone.localdate().year, timezone.localdate().year + 4)
    formset_class = forms.inlineformset_factory(
        BudgetLine,
        BudgetAmount,
        form=BudgetAmountForm,
        formset=BaseBudgetAmountFormSet,
        extra=len(years) + 1,
        can_delete=False,
    )
    return formset_class(data, instance=line, prefix="amounts", initial=[{"year": year} for year in years])


class ActionFilter(django_filters.FilterSet):
    """The plan page's filter (a GET form): by part, focus area, status, or only overdue actions."""

    part = ModelChoiceFilter(
        label=_("Part of the organisation"), queryset=PlanPart.objects.none(), empty_label=_("All")
    )
    focus_area = ModelChoiceFilter(
        label=_("Focus area"), queryset=FocusArea.objects.none(), empty_label=_("All")
    )
    status = ChoiceFilter(label=_("Status"), choices=Action.Status.choices, empty_label=_("All"))
    overdue = ChoiceFilter(
        label=_("Deadline"),
        choices=[("overdue", _("Only overdue actions"))],
        method="filter_overdue",
        empty_label=_("All"),
    )

    class Meta:
        model = Action
        fields = []

    def __init__(self, data, queryset, *, plan, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["part"].queryset = plan.parts.all()
        self.filters["focus_area"].queryset = plan.strategy.focus_areas.all()

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(deadline__lt=timezone.localdate()).exclude(status__in=Action.CLOSED)
