"""Forms for the revision process: the commission, its process variants and their milestones."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from meetings.models import Body
from volunteers.access import scoped

from ..models import Commission, Milestone, ProcessVariant


class CommissionForm(forms.ModelForm):
    """The commission as the document reads: background and purpose, organisation, implementation and
    evaluation. The bodies are the organisation's own."""

    class Meta:
        model = Commission
        fields = [
            "title",
            "background",
            "organisation_text",
            "bodies",
            "secretariat",
            "external_partners",
            "implementation",
            "evaluation",
        ]
        widgets = {
            "background": forms.Textarea(attrs={"rows": 8}),
            "organisation_text": forms.Textarea(attrs={"rows": 6}),
            "bodies": forms.CheckboxSelectMultiple,
            "external_partners": forms.Textarea(attrs={"rows": 3}),
            "implementation": forms.Textarea(attrs={"rows": 5}),
            "evaluation": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "organisation_text": _(
                "Who owns the revision, who does it and how the working group is composed."
            ),
            "secretariat": _("The unit that serves the working group, e.g. Tværsektorielt Samarbejde."),
            "external_partners": _(
                "One partner per line, e.g. Center for Frivilligt Socialt Arbejde or a leadership academy."
            ),
        }

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = scoped(request, Body.objects.all())


class VariantForm(forms.ModelForm):
    class Meta:
        model = ProcessVariant
        fields = ["name", "description", "ready_by"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "ready_by": DateInput}
        help_texts = {
            "name": _("E.g. Standard process or More inclusive process."),
            "ready_by": _("When the revised strategy is ready for implementation with this process."),
        }

    def validate_unique(self):
        # The commission is not a field of the form, so Django would skip the constraint; check it here.
        super().validate_unique()
        name = self.cleaned_data.get("name")
        if name:
            others = ProcessVariant.objects.filter(commission=self.instance.commission, name=name)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error("name", _("The commission already has a process with this name."))


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["kind", "title", "date", "end_date", "body", "forum", "completed_on"]
        widgets = {"date": DateInput, "end_date": DateInput, "completed_on": DateInput}
        help_texts = {
            "end_date": _("For periods, such as a consultation from October to November."),
            "body": _("The body involved, if it is one of the organisation's bodies."),
            "forum": _("Otherwise write the forum, e.g. Strategisk HR forum."),
            "completed_on": _("Leave empty until the milestone has been reached."),
        }

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = scoped(request, Body.objects.all())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("The end date cannot be before the date. Choose the same day or a later one.")
            )
        if cleaned.get("body") and cleaned.get("forum"):
            self.add_error("forum", _("Choose a body or write a forum, not both."))
        return cleaned
