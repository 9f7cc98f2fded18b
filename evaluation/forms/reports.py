"""Forms of the reporting schedule and the half-year status reports."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.filters import ChoiceFilter, FilterSet, ModelChoiceFilter
from strategies.models import EffectTarget, Strategy
from volunteers.access import scoped
from volunteers.models import Unit

from ..models import ActionReport, ReportingPeriod, StatusReport, TargetReport
from ..reporting import late_q


class ReportForm(forms.ModelForm):
    """The report's summary and its key figures (pre-filled from the register, editable)."""

    class Meta:
        model = StatusReport
        fields = ["active_volunteers", "active_agreements", "agreements_due_for_review", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}
        labels = {"summary": _("Summary of the period")}
        help_texts = {
            "summary": _("The most important things the steering group should know, in a few lines."),
            "active_volunteers": _("Volunteers whose unit is this unit or a unit below it."),
            "active_agreements": _("Active agreements, including those due for review."),
            "agreements_due_for_review": _("Active agreements whose review date has come or is near."),
        }


class ActionReportForm(forms.ModelForm):
    """One action's row in the report: status, what has happened, next steps."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActionReport.Status.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    class Meta:
        model = ActionReport
        fields = ["status", "narrative", "next_steps"]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 2}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, require_status=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_status = require_status

    def error_summary_label(self, field):
        # The error summary names a row by its action, as its legend does, not by a number.
        return f"{self.instance.action}, {str(field.label).lower()}"

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.require_status and not status:
            raise forms.ValidationError(_("Give the action a status before the report is submitted."))
        return status


class TargetReportForm(forms.ModelForm):
    """A unit's value of an effect target, and for a weighted average its weight (required with a value)."""

    class Meta:
        model = TargetReport
        fields = ["actual", "weight"]
        localized_fields = ["actual", "weight"]
        labels = {"actual": _("Your unit's value")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        target = self.instance.effect_target
        if target.aggregation != EffectTarget.Aggregation.WEIGHTED:
            del self.fields["weight"]
        else:
            self.fields["weight"].label = target.weight_label or gettext("Weight")

    def error_summary_label(self, field):
        # The error summary names a row by its effect target, as the table does, not by a number.
        return f"{self.instance.effect_target}, {str(field.label).lower()}"

    def clean(self):
        cleaned = super().clean()
        if "weight" in self.fields and cleaned.get("actual") is not None:
            weight = cleaned.get("weight")
            if weight is None:
                self.add_error(
                    "weight",
                    _("Give the weight of the value (%(weight)s): it counts in a weighted average.")
                    % {"weight": self.instance.effect_target.weight_label},
                )
            elif weight <= 0:
                self.add_error("weight", _("The weight must be more than 0."))
        return cleaned


class RowFormSet(forms.BaseFormSet):
    """A form per row the server decides (the report's actions or effect targets): the number of forms
    is the number of rows whatever the posted management form says."""

    def __init__(self, *args, instances, form_kwargs=None, **kwargs):
        self.instances = instances
        super().__init__(*args, form_kwargs=form_kwargs, **kwargs)

    def total_form_count(self):
        return len(self.instances)

    def initial_form_count(self):
        return len(self.instances)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "instance": self.instances[index]}

    def save(self, report):
        """Insert the new rows and update the changed ones: two queries whatever the number of rows."""
        new, changed = [], []
        for form in self.forms:
            instance = form.instance
            instance.report = report
            if instance.pk is None:
                if form.has_changed():
                    new.append(instance)
            elif form.has_changed():
                changed.append(instance)
        model = self.form._meta.model
        if new:
            model.objects.bulk_create(new)
        if changed:
            model.objects.bulk_update(changed, self.form._meta.fields)


ActionFormSet = forms.formset_factory(ActionReportForm, formset=RowFormSet, extra=0)
TargetFormSet = forms.formset_factory(TargetReportForm, formset=RowFormSet, extra=0)


class DecisionForm(forms.Form):
    """The secretariat's decision on a submitted report."""

    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ACCEPT, _("Accept the report")), (RETURN, _("Return the report to the unit"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the unit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the report is returned: say what the unit should change."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say why the report is returned."))
        return cleaned

    @property
    def accept(self):
        return self.cleaned_data["decision"] == self.ACCEPT


def _followed_strategies(request):
    return scoped(request, Strategy.objects.filter(reporting__isnull=False)).order_by("-version", "title")


def _units(request):
    # Open units only: a closed unit's reports are still listed under "All".
    # EXISTS, not a join made distinct: one index probe per unit instead of every report sorted.
    units = Unit.objects.open().filter(Exists(StatusReport.objects.filter(unit=OuterRef("pk"))))
    return scoped(request, units).order_by("name")


def _period_choices(request):
    """The periods by number, up to the organisation's last (a strategy's rhythm says how long they are)."""
    periods = scoped(request, ReportingPeriod.objects.order_by("-number"))
    last = periods.values_list("number", flat=True).first() or 0
    return [(n, gettext("Period %(number)s") % {"number": n}) for n in range(1, last + 1)]


class ReportFilter(FilterSet):
    """The organisation's reports, for the secretariat and the steering group; every choice is limited to
    what the user may see."""

    strategy = ModelChoiceFilter(
        label=_("Strategy"),
        field_name="period__strategy",
        queryset=_followed_strategies,
        empty_label=_("All"),
    )
    period = ChoiceFilter(
        label=_("Period"), field_name="period__number", request_choices=_period_choices, empty_label=_("All")
    )
    unit = ModelChoiceFilter(label=_("Unit"), queryset=_units, empty_label=_("All"))
    status = ChoiceFilter(label=_("Status"), choices=StatusReport.Status.choices, empty_label=_("All"))
    late = ChoiceFilter(
        label=_("Deadline"),
        choices=[("late", _("Late")), ("on_time", _("Not late"))],
        method="filter_late",
        empty_label=_("All"),
    )

    class Meta:
        model = StatusReport
        fields = []

    def filter_late(self, queryset, name, value):
        late = late_q(timezone.localdate())
        return queryset.filter(late) if value == "late" else queryset.exclude(late)
