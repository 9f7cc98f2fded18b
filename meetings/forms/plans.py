"""Meeting plans: a body's meetings for a period, and the plan's approval."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, TimeInput

from ..models import Meeting, MeetingPlan


class MeetingPlanForm(forms.ModelForm):
    class Meta:
        model = MeetingPlan
        fields = ["title"]


class PlannedMeetingForm(forms.ModelForm):
    """One row of a meeting plan; Meeting.clean() checks the body's term and clashing meetings."""

    class Meta:
        model = Meeting
        fields = ["date", "start_time", "end_time", "place"]
        widgets = {"date": DateInput, "start_time": TimeInput, "end_time": TimeInput}


class BasePlannedMeetingFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, body, **kwargs):
        self.body = body
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.extra = 6  # a year's plan, as seed 003's

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.body = self.body  # before validation: Meeting.clean() needs the body
        return form

    def clean(self):
        super().clean()
        # Meeting.clean() sees the saved meetings; rows of this form that clash are checked here.
        seen = []
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form) or not form.is_valid():
                continue
            row = form.cleaned_data
            if any(
                row["date"] == other["date"]
                and row["start_time"] < other["end_time"]
                and other["start_time"] < row["end_time"]
                for other in seen
            ):
                form.add_error("start_time", _("Another meeting in this plan is at the same time."))
            seen.append(row)
        for form in self.deleted_forms:
            meeting = form.instance
            if meeting.pk and (meeting.status != Meeting.Status.DRAFT or meeting.items.exists()):
                raise forms.ValidationError(
                    _("The meeting on %(date)s has an agenda and cannot be removed from the plan.")
                    % {"date": date_format(meeting.date)}
                )


PlannedMeetingFormSet = forms.inlineformset_factory(
    MeetingPlan,
    Meeting,
    form=PlannedMeetingForm,
    formset=BasePlannedMeetingFormSet,
    extra=2,
    can_delete=True,
)


class PlanApprovalForm(forms.ModelForm):
    class Meta:
        model = MeetingPlan
        fields = ["approved_by", "approved_on"]
        widgets = {"approved_on": DateInput}
        help_texts = {"approved_by": _("E.g. the body itself, at its meeting.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True
