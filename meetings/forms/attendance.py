"""The attendance page's forms: one radio group per invited member, and a guest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..attendance import apologised_in_time, display_name
from ..models import Attendance

Status = Attendance.Status


class AttendanceForm(forms.Form):
    """Before the meeting: expected or apologies. From its start: present or absent; apologies stay a
    choice only for those who sent them before the meeting began."""

    def __init__(self, *args, attendances, started, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendances = {}
        for attendance in attendances:
            if started:
                choices = [(Status.PRESENT, _("Present")), (Status.ABSENT, _("Absent"))]
                if apologised_in_time(attendance):
                    choices.append((Status.APOLOGISED, _("Apologies sent")))
            else:
                choices = [(Status.INVITED, _("Expected")), (Status.APOLOGISED, _("Apologies sent"))]
            name = f"attendance-{attendance.pk}"
            self.fields[name] = forms.ChoiceField(
                label=display_name(attendance),
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                initial=attendance.status,
                error_messages={
                    "invalid_choice": _(
                        "Apologies are sent before the meeting begins; mark %(name)s as absent."
                    )
                    % {"name": attendance.name}
                },
            )
            self.fields[name].attendance = attendance
            self.attendances[name] = attendance

    def rows(self):
        """(attendance, bound field) per invited member, for the table."""
        return [(attendance, self[name]) for name, attendance in self.attendances.items()]

    def statuses(self):
        """attendance -> the status chosen (those left unmarked are left out)."""
        return {
            attendance: self.cleaned_data[name]
            for name, attendance in self.attendances.items()
            if self.cleaned_data.get(name)
        }


class GuestForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["name", "represents"]
        labels = {"name": _("Guest's name"), "represents": _("Represents or role")}
        help_texts = {"represents": _("E.g. “Kontorchef, Sundhedsplanlægning”; shown after the name.")}
