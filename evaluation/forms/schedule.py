"""The secretariat's form of a strategy's follow-up rhythm (its reporting schedule)."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from meetings.models import Body
from volunteers.access import scoped
from volunteers.models import Unit

from ..models import ReportingSchedule

#: Bounds that keep a schedule sensible: a deadline within a year, reminders within three months, the
#: evaluation within ten years.
MAX_DEADLINE_DAYS, MAX_REMINDER_DAYS, MAX_EVALUATION_MONTHS = 365, 90, 120


class ScheduleForm(forms.ModelForm):
    """The strategy's rhythm: which units report, how often and from when, the deadline after each period,
    how early the coordinators are reminded, the body the status goes to, and when it is evaluated."""

    class Meta:
        model = ReportingSchedule
        fields = [
            "interval_months",
            "first_period_starts",
            "units",
            "deadline_days",
            "reminder_days",
            "steering_body",
            "evaluation_months",
        ]
        widgets = {
            "units": forms.CheckboxSelectMultiple,
            "interval_months": forms.RadioSelect,
            "first_period_starts": DateInput,
        }
        help_texts = {
            "units": _(
                "The units that owe a status report for every period, e.g. the hospitals and the social area."
            ),
            "interval_months": _(
                "Changing it keeps every period with a report handed in, and those before it, as they are; "
                "the periods after them are made again from the new rhythm."
            ),
            "deadline_days": _("Days after a period ends by which its reports are due."),
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
            "interval_months": {"required": _("Choose how often the units report.")},
            "first_period_starts": {"required": _("Give the day the first period starts.")},
            "steering_body": {"invalid_choice": _("Choose a body of your own organisation.")},
            "deadline_days": {
                "max_value": _("A deadline can be at most %(limit_value)s days after the period ends.")
            },
            "reminder_days": {"max_value": _("Remind at most %(limit_value)s days before the deadline.")},
            "evaluation_months": {
                "min_value": _(
                    "The evaluation comes at least %(limit_value)s months after the first period starts."
                ),
                "max_value": _(
                    "The evaluation comes at most %(limit_value)s months after the first period starts."
                ),
            },
        }

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        # Open units, and the closed ones the rhythm already has (saving does not drop them unasked).
        offered = Q(closed_on__isnull=True)
        if self.instance.pk is not None:
            offered |= Q(pk__in=self.instance.units.values("pk"))
        self.fields["units"].queryset = scoped(request, Unit.objects.filter(offered)).order_by("name")
        self.fields["units"].required = True
        self.fields["steering_body"].queryset = scoped(request, Body.objects.all()).order_by("name")
        self.fields["steering_body"].empty_label = _("No body (the status pack is not put on an agenda)")
        limits = (
            ("deadline_days", None, MAX_DEADLINE_DAYS),
            ("reminder_days", None, MAX_REMINDER_DAYS),
            # The questionnaire goes out two months before the evaluation, after the first period starts.
            ("evaluation_months", 3, MAX_EVALUATION_MONTHS),
        )
        for name, low, high in limits:
            if low is not None:
                self.fields[name].validators.append(MinValueValidator(low))
                self.fields[name].widget.attrs["min"] = low
            self.fields[name].validators.append(MaxValueValidator(high))
            self.fields[name].widget.attrs["max"] = high
