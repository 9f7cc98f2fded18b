"""The secretariat's form of a strategy's reporting schedule."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from volunteers.access import scoped
from volunteers.models import Unit

from ..models import ReportingSchedule

#: Bounds that keep a schedule sensible: a deadline within a year, reminders within three months.
MAX_DEADLINE_DAYS, MAX_REMINDER_DAYS = 365, 90


class ScheduleForm(forms.ModelForm):
    """Which units report on the strategy, and when: the deadline after each half year, and how early
    the coordinators are reminded."""

    class Meta:
        model = ReportingSchedule
        fields = ["units", "deadline_days", "reminder_days"]
        widgets = {"units": forms.CheckboxSelectMultiple}
        help_texts = {
            "units": _(
                "The units that owe a status report every half year, e.g. the hospitals and the social area."
            ),
            "deadline_days": _(
                "Changing it moves the deadlines of the periods that have not ended yet; periods that "
                "have ended keep theirs."
            ),
            "reminder_days": _(
                "The coordinators of a unit are reminded this many days before its deadline and on "
                "the day; the secretariat is told the day after if the report has not been submitted."
            ),
        }
        error_messages = {
            "units": {
                "required": _("Choose at least one unit that reports."),
                "invalid_choice": _("Choose units of your own organisation."),
            },
            "deadline_days": {
                "max_value": _("A deadline can be at most %(limit_value)s days after the period ends.")
            },
            "reminder_days": {"max_value": _("Remind at most %(limit_value)s days before the deadline.")},
        }

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = scoped(request, Unit.objects.all()).order_by("name")
        self.fields["units"].required = True
        for name, limit in (("deadline_days", MAX_DEADLINE_DAYS), ("reminder_days", MAX_REMINDER_DAYS)):
            self.fields[name].validators.append(MaxValueValidator(limit))
            self.fields[name].widget.attrs["max"] = limit
