"""Forms for the strategy, its versions, focus areas and effect targets."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import GuardedModelForm
from core.forms import DateField, DateInput, ModelChoiceField
from meetings.models import Body
from volunteers.access import scoped

from ..models import EffectTarget, FocusArea, Strategy


class StrategyForm(GuardedModelForm):
    """The strategy's text; the approving body is one of the organisation's own bodies."""

    class Meta:
        model = Strategy
        fields = ["title", "version", "approved_by", "vision", "purpose", "principles", "attention_points"]
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 5}),
            "principles": forms.Textarea(attrs={"rows": 6}),
            "attention_points": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"approved_by": _("Approving body")}
        help_texts = {
            "approved_by": _("The body that is to approve the strategy, e.g. the regional council.")
        }

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = scoped(request, Body.objects.all())
        if self.instance.organisation_id is None:
            self.instance.organisation = request.organisation

    def validate_unique(self):
        # The organisation is not a field of the form, so Django would skip the constraint; check it here.
        super().validate_unique()
        title, version = self.cleaned_data.get("title"), self.cleaned_data.get("version")
        if title and version:
            others = Strategy.objects.filter(
                organisation=self.instance.organisation, title=title, version=version
            ).exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("version", _("The organisation already has this version of the strategy."))


class StatusForm(forms.Form):
    """A change of status the workflow offers as a button (send to consultation, back to draft, ...)."""

    status = forms.ChoiceField(
        choices=[
            (status, label)
            for status, label in Strategy.Status.choices
            if status not in {Strategy.Status.APPROVED, Strategy.Status.REPLACED}
        ]
    )


class ApprovalForm(forms.Form):
    approved_on = DateField(label=_("Approved on"))
    approved_by = ModelChoiceField(
        label=_("Approved by"),
        queryset=Body.objects.none(),
        required=False,
        help_text=_("Leave empty if the approving body is not one of the bodies in frivillig."),
    )

    def __init__(self, *args, request, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = scoped(request, Body.objects.all())
        self.initial.setdefault("approved_on", timezone.localdate())
        self.initial.setdefault("approved_by", strategy.approved_by_id)


class RevisionForm(forms.Form):
    version = forms.CharField(
        label=_("Version of the revision"),
        max_length=40,
        help_text=_("For example the year it applies from: 2019."),
    )

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.strategy = strategy

    def clean_version(self):
        version = self.cleaned_data["version"].strip()
        if Strategy.objects.filter(
            organisation_id=self.strategy.organisation_id, title=self.strategy.title, version=version
        ).exists():
            raise forms.ValidationError(_("The organisation already has this version of the strategy."))
        return version


class CompareForm(forms.Form):
    """Which version to compare with: any other version of the organisation's strategies."""

    med = forms.ModelChoiceField(label=_("Compare with"), queryset=Strategy.objects.none())

    def __init__(self, *args, request, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["med"].queryset = scoped(request, Strategy.objects.exclude(pk=strategy.pk))


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["position", "title", "description", "goals"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"position": _("Focus areas are shown in order of their numbers.")}


class EffectTargetForm(forms.ModelForm):
    """A row of effect targets. Numbers are written the Danish way: 1.000,5."""

    class Meta:
        model = EffectTarget
        fields = ["indicator", "baseline", "target", "unit", "target_date", "aggregation", "weight_label"]
        widgets = {"target_date": DateInput}
        localized_fields = ["baseline", "target"]
        labels = {
            "aggregation": _("How the units' values combine"),
            "weight_label": _("Weight (if weighted)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name == "aggregation" else "form-control"
        for name in ("baseline", "target"):
            # A localised number is typed as text (1.000,5); a type="number" input would refuse the comma.
            self.fields[name].widget.attrs["inputmode"] = "decimal"


class BaseEffectTargetFormSet(forms.BaseInlineFormSet):
    def save(self, commit=True):
        """Save the rows that are filled in, numbered in the order they have on the form."""
        super().save(commit=False)
        kept = [
            form
            for form in self.forms
            if (form.instance.pk or form.has_changed()) and not self._should_delete_form(form)
        ]
        for obj in self.deleted_objects:
            obj.delete()
        for position, form in enumerate(kept):
            form.instance.focus_area = self.instance
            form.instance.position = position
            form.instance.save()
        return [form.instance for form in kept]


EffectTargetFormSet = forms.inlineformset_factory(
    FocusArea,
    EffectTarget,
    form=EffectTargetForm,
    formset=BaseEffectTargetFormSet,
    extra=2,
    can_delete=True,
)
