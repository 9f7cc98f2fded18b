"""Forms of the two-year evaluation: the secretariat's questionnaire, questions, answer links and invited
numbers, and the public answer form built from the questions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, FixedRowsFormSet
from volunteers.models import Unit

from ..models import AnswerLink, EvaluationMilestone, Question, Questionnaire

#: The labels of the scale, shown with each number on the answer page and in the results.
SCALE = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
]

# The standard questionnaire of seed 000's evaluation: how widespread the strategy is, how well its content
# is known, whether it is followed, and what more a strategy could contain. These are content that the
# secretariat edits and that is sent to Danish staff and volunteer representatives, stored once when the
# questionnaire is created; they are written in Danish like the rest of the organisation's own texts.
STANDARD_TITLE = "Evaluering af %(strategy)s"
STANDARD_INTRODUCTION = (
    "To år efter at frivillighedsstrategien blev godkendt, evaluerer vi, hvor udbredt den er, i hvor høj "
    "grad der er kendskab til indholdet, om den efterleves, og om der er andet eller mere, en strategi kan "
    "indeholde.\n\n"
    "Besvarelsen er anonym: vi gemmer hverken navn, e-mailadresse, IP-adresse eller tidspunkt, kun den "
    "enhed, linket hører til, og datoen. Det tager omkring fem minutter."
)
STANDARD_QUESTIONS = [
    (Question.Topic.SPREAD, Question.Kind.SCALE, "Frivillighedsstrategien er udbredt på min arbejdsplads."),
    (
        Question.Topic.SPREAD,
        Question.Kind.SCALE,
        "Vi arbejder med frivillige på min arbejdsplads på den måde, strategien beskriver.",
    ),
    (Question.Topic.AWARENESS, Question.Kind.SCALE, "Jeg kender indholdet af frivillighedsstrategien."),
    (
        Question.Topic.AWARENESS,
        Question.Kind.SCALE,
        "Jeg ved, hvor jeg finder frivillighedsstrategien og implementeringsplanen.",
    ),
    (
        Question.Topic.COMPLIANCE,
        Question.Kind.SCALE,
        "Strategiens principper følges i det daglige samarbejde med de frivillige, fx klare linjer mellem de "
        "frivilliges og fagpersonernes opgaver.",
    ),
    (
        Question.Topic.COMPLIANCE,
        Question.Kind.SCALE,
        "Der er en samarbejdsaftale, når frivillige indgår i opgaver på min arbejdsplads.",
    ),
    (
        Question.Topic.SUGGESTIONS,
        Question.Kind.TEXT,
        "Er der andet eller mere, en frivillighedsstrategi kan indeholde for at sikre, at "
        "frivillighedsområdet fortsat er et højt prioriteret indsatsområde?",
    ),
    (Question.Topic.SUGGESTIONS, Question.Kind.TEXT, "Har du andre kommentarer til frivillighedsstrategien?"),
]


def add_standard_questions(questionnaire):
    Question.objects.bulk_create(
        Question(questionnaire=questionnaire, position=number, topic=topic, kind=kind, text=text)
        for number, (topic, kind, text) in enumerate(STANDARD_QUESTIONS, start=1)
    )


def initial_dates(strategy):
    """The questionnaire's period from the strategy's evaluation milestones, where they exist."""
    due = dict(
        EvaluationMilestone.objects.filter(
            strategy=strategy,
            kind__in=[EvaluationMilestone.Kind.QUESTIONNAIRE, EvaluationMilestone.Kind.RESPONSES_CLOSE],
        ).values_list("kind", "due_on")
    )
    return {
        "opens_on": due.get(EvaluationMilestone.Kind.QUESTIONNAIRE),
        "closes_on": due.get(EvaluationMilestone.Kind.RESPONSES_CLOSE),
    }


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "introduction", "opens_on", "closes_on"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 6}),
            "opens_on": DateInput,
            "closes_on": DateInput,
        }
        help_texts = {
            "introduction": _("Shown at the top of the answer page."),
            "opens_on": _("Answers are accepted from this day."),
            "closes_on": _("Answers are accepted until the end of this day."),
        }

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The questionnaire must close on or after the day it opens."))
        return cleaned


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["position", "topic", "kind", "text"]
        widgets = {"position": forms.NumberInput(attrs={"min": 0, "class": "question-position"})}


QuestionFormSet = forms.inlineformset_factory(
    Questionnaire, Question, form=QuestionForm, extra=2, can_delete=True, min_num=1, validate_min=True
)


class LinkForm(forms.Form):
    """New answer links: one per chosen unit and audience; those that exist already are left alone."""

    units = forms.ModelMultipleChoiceField(
        label=_("Units"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"),
        choices=AnswerLink.Audience.choices,
        initial=AnswerLink.Audience.values,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # Links are for units still in use: a closed unit is not offered.
        self.fields["units"].queryset = Unit.objects.open().filter(organisation=organisation).order_by("name")


class InvitedForm(forms.ModelForm):
    def error_summary_label(self, field):
        # The error summary names a row by its link (unit and audience), as the table does.
        return str(self.instance)


InvitedFormSet = forms.modelformset_factory(
    AnswerLink,
    form=InvitedForm,
    formset=FixedRowsFormSet,
    fields=["invited"],
    extra=0,
    widgets={"invited": forms.NumberInput(attrs={"min": 0, "class": "invited-input"})},
)


class AnswerForm(forms.Form):
    """One field per question, ``question-<pk>``. A scale question must be answered (1–5); free text is
    optional."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            if question.kind == Question.Kind.SCALE:
                field = forms.TypedChoiceField(
                    label=question.text,
                    choices=[(value, f"{value} – {label}") for value, label in SCALE],
                    coerce=int,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                    error_messages={
                        "required": _("Choose an answer from 1 to 5."),
                        "invalid_choice": _("Choose an answer from 1 to 5."),
                    },
                )
            else:
                field = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
                )
            field.question = question
            self.fields[self.field_name(question)] = field

    @staticmethod
    def field_name(question):
        return f"question-{question.pk}"

    def error_summary_label(self, field):
        # The error summary names a question by its number: its label is the whole question.
        return _("Question %(number)s") % {"number": field.field.question.position}

    def sections(self):
        """[(topic label, [(question, bound field)])] in the questions' order; a new section whenever the
        topic changes."""
        result = []
        for question in self.questions:
            if not result or result[-1][0] != question.topic:
                result.append((question.topic, question.get_topic_display(), []))
            result[-1][2].append((question, self[self.field_name(question)]))
        return [(label, items) for _topic, label, items in result]

    def answers(self):
        """(question, score, text) of each answered question; empty free text is not stored."""
        result = []
        for question in self.questions:
            value = self.cleaned_data.get(self.field_name(question))
            if question.kind == Question.Kind.SCALE:
                result.append((question, value, ""))
            elif value and value.strip():
                result.append((question, None, value.strip()))
        return result
