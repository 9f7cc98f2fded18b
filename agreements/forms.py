from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.concurrency import GuardedModelForm
from core.dates import add_years
from core.forms import DateField, DateInput
from volunteers.access import scoped
from volunteers.models import Role, Unit, User, VolunteerOrganisation

from .models import Agreement

TASK_LIST_ROWS = 6
TASK_LISTS = ("volunteer_tasks", "professional_tasks")


class TaskListField(forms.CharField):
    """A required list of tasks, one per line: the model's clean() says what is missing, in its own
    words, so the field adds no generic "required" message of its own."""

    def validate(self, value):
        pass


class AgreementForm(GuardedModelForm):
    """The agreement's contents; every choice limited to the user's units and organisation."""

    class Meta:
        model = Agreement
        fields = [
            "title",
            "kind",
            "unit",
            "volunteer_organisation",
            "responsible",
            "purpose",
            "target_group",
            "volunteer_tasks",
            "professional_tasks",
            "volunteers_must_not",
            "unit_contact",
            "organisation_contact",
            "onboarding",
            "insurance_and_legal",
            "requires_child_check",
            "requires_criminal_check",
            "requires_confidentiality",
            "confidential_information",
            "meetings",
            "expected_volunteers",
            "start_date",
            "review_date",
            "end_date",
            "termination",
        ]
        field_classes = dict.fromkeys(TASK_LISTS, TaskListField)
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "target_group": forms.Textarea(attrs={"rows": 2}),
            "volunteer_tasks": forms.Textarea(attrs={"rows": TASK_LIST_ROWS}),
            "professional_tasks": forms.Textarea(attrs={"rows": TASK_LIST_ROWS}),
            "volunteers_must_not": forms.Textarea(attrs={"rows": 4}),
            "onboarding": forms.Textarea(attrs={"rows": 3}),
            "insurance_and_legal": forms.Textarea(attrs={"rows": 3}),
            "confidential_information": forms.Textarea(attrs={"rows": 3}),
            "meetings": forms.Textarea(attrs={"rows": 3}),
            "termination": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput,
            "review_date": DateInput,
            "end_date": DateInput,
        }
        help_texts = {
            "unit_contact": _("Name, title, phone and e-mail."),
            "organisation_contact": _("Name, title, phone and e-mail."),
            "review_date": _(
                "When the parties review the agreement together. The responsible coordinator is reminded "
                "beforehand."
            ),
            "end_date": _("Leave empty for an agreement that runs until either party ends it."),
        }

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = request.organisation
        if self.instance.pk is None and request.user.is_coordinator:
            self.initial["responsible"] = request.user.pk
        # Closed units are not offered; an agreement's own closed unit stays its choice when it is edited.
        self.fields["unit"].queryset = scoped(request, Unit.objects.all()).filter(
            Q(closed_on__isnull=True) | Q(pk=self.instance.unit_id)
        )
        self.fields["volunteer_organisation"].queryset = scoped(request, VolunteerOrganisation.objects.all())
        coordinators = scoped(request, User.objects.filter(role=Role.COORDINATOR, is_active=True))
        self.fields["responsible"].queryset = coordinators.order_by("first_name", "last_name", "username")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(
            Fieldset(_("Parties"), "title", "kind", "unit", "volunteer_organisation", "responsible"),
            Fieldset(_("Purpose and target group"), "purpose", "target_group"),
            Fieldset(
                _("Tasks"),
                Div(
                    Div("volunteer_tasks", css_class="col-lg-6"),
                    Div("professional_tasks", css_class="col-lg-6"),
                    css_class="row",
                ),
                "volunteers_must_not",
            ),
            Fieldset(_("Contact persons"), "unit_contact", "organisation_contact"),
            Fieldset(_("Onboarding and number of volunteers"), "onboarding", "expected_volunteers"),
            Fieldset(
                _("Checks and declarations required"),
                "requires_child_check",
                "requires_criminal_check",
                "requires_confidentiality",
            ),
            Fieldset(
                _("Confidentiality, insurance and legal matters"),
                "confidential_information",
                "insurance_and_legal",
            ),
            Fieldset(_("Meetings and knowledge sharing"), "meetings"),
            Fieldset(_("Dates"), "start_date", "review_date", "end_date"),
            Fieldset(_("Termination"), "termination"),
        )

    def _get_validation_exclusions(self):
        # The model's blank check would repeat clean()'s message about an empty task list.
        return {*super()._get_validation_exclusions(), *TASK_LISTS}


# --- workflow steps: each form's fields are the arguments of the agreement's method for the step ------


class StepForm(forms.Form):
    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.initial = {**self.initial_values(), **self.initial}

    def initial_values(self):
        return {}

    def perform(self):
        """Take the step; raises AgreementError when the agreement's state does not allow it."""
        raise NotImplementedError

    def consequences(self):
        """What an irreversible step does, said on its confirmation page (Step.confirm)."""
        return []


class TrDialogueForm(StepForm):
    held_on = DateField(label=_("TR dialogue held on"))
    held_with = forms.CharField(
        label=_("With whom"),
        max_length=200,
        help_text=_("The union representative (TR) and, if any, others who took part."),
    )
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))

    def initial_values(self):
        agreement = self.agreement
        return {
            "held_on": agreement.tr_dialogue_on or timezone.localdate(),
            "held_with": agreement.tr_dialogue_with,
            "outcome": agreement.tr_dialogue_outcome,
        }

    def perform(self):
        data = self.cleaned_data
        self.agreement.record_tr_dialogue(data["held_on"], data["held_with"], data["outcome"])


class ApprovalForm(StepForm):
    approved_by = forms.CharField(
        label=_("Approved by"), max_length=200, help_text=_("Name and title of the manager who approved it.")
    )
    approved_on = DateField(label=_("Approved on"))

    def initial_values(self):
        return {"approved_on": timezone.localdate()}

    def perform(self):
        self.agreement.approve(self.cleaned_data["approved_by"], self.cleaned_data["approved_on"])


class ActivationForm(StepForm):
    """Nothing to fill in: the agreement becomes active once the TR dialogue and approval are recorded."""

    def perform(self):
        self.agreement.activate()

    def consequences(self):
        agreement = self.agreement
        responsible = agreement.responsible
        start = agreement.start_date
        return [
            (
                _("The agreement runs from its start date, %(date)s; its contents stay locked as approved.")
                % {"date": date_format(start)}
                if start and start > timezone.localdate()
                else _("The agreement runs from now; its contents stay locked as approved.")
            ),
            _("Reminders about the review on %(date)s go to %(who)s.")
            % {
                "date": date_format(agreement.review_date),
                "who": responsible.get_full_name() or responsible.username
                if responsible
                else _("the unit's coordinators"),
            },
            _("Nobody is notified of the activation: tell the parties yourself."),
        ]


class ReviewForm(StepForm):
    next_review_date = DateField(label=_("Next review date"))

    def initial_values(self):
        return {"next_review_date": add_years(timezone.localdate(), 1)}

    def perform(self):
        self.agreement.complete_review(self.cleaned_data["next_review_date"])


class EndForm(StepForm):
    ended_on = DateField(label=_("Ended on"))

    def initial_values(self):
        return {"ended_on": timezone.localdate()}

    def perform(self):
        self.agreement.end(self.cleaned_data["ended_on"])

    def consequences(self):
        return [
            _("The agreement ends on the date below; it cannot be changed, reviewed or activated again."),
            _("No more reminders about its review are sent."),
            _("Nobody is notified of the ending: tell the parties yourself."),
        ]


@dataclass(frozen=True)
class Step:
    form_class: type
    # Lazy translations, translated when shown.
    title: str | Promise
    submit_label: str | Promise
    done: str | Promise
    #: The states in which the page offers the step; the agreement's method has the final word.
    offered_in: tuple
    #: Its form on the agreement's page; otherwise a link to the step's own page (for rarer steps).
    inline: bool = True
    #: Irreversible: taken only from its own page, which says first what will happen.
    confirm: bool = False


_S = Agreement.Status
#: The workflow steps by name; each has the URL "agreements:agreement_<name>".
STEPS = {
    "tr_dialogue": Step(
        TrDialogueForm,
        _("Record the TR dialogue"),
        _("Record the TR dialogue"),
        _("The TR dialogue was recorded."),
        (_S.DRAFT, _S.TR_DIALOGUE),
    ),
    "approve": Step(
        ApprovalForm,
        _("Record the management's approval"),
        _("Record the approval"),
        _("The approval was recorded. The agreement can now be activated."),
        (_S.TR_DIALOGUE,),
    ),
    "activate": Step(
        ActivationForm,
        _("Activate the agreement"),
        _("Activate"),
        _("The agreement is active."),
        (_S.APPROVED,),
        inline=False,
        confirm=True,
    ),
    "review": Step(
        ReviewForm,
        _("Record the review"),
        _("Record the review"),
        _("The review was recorded and the next review date set."),
        (_S.ACTIVE, _S.DUE_FOR_REVIEW),
    ),
    "end": Step(
        EndForm,
        _("End the agreement"),
        _("End the agreement"),
        _("The agreement was ended."),
        (_S.DRAFT, _S.TR_DIALOGUE, _S.APPROVED, _S.ACTIVE, _S.DUE_FOR_REVIEW),
        inline=False,
        confirm=True,
    ),
}
