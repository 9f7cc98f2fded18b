"""A meeting's time and place, its agenda items, attachments, minutes and follow-up tasks."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import GuardedModelForm
from core.forms import DateField, DateInput, TimeInput

from ..attachments import MAX_ATTACHMENT_SIZE, check_upload
from ..models import AgendaItem, Attachment, AttachmentLink, Meeting


class HttpsURLField(forms.URLField):
    """An address typed without a scheme is taken to be https://."""

    def __init__(self, **kwargs):
        super().__init__(**{**kwargs, "assume_scheme": "https"})


class MeetingForm(GuardedModelForm):
    """The meeting's time and place; the model's clean() checks overlaps and the body's term."""

    class Meta:
        model = Meeting
        fields = ["date", "start_time", "end_time", "place", "video_link"]
        widgets = {"date": DateInput, "start_time": TimeInput, "end_time": TimeInput}
        field_classes = {"video_link": HttpsURLField}


class ItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "case_number",
            "summary",
            "recommendation_by",
            "recommendation",
            "decision_points",
            "case_presentation",
            # As municipal and regional secretariats write items (seed 004).
            "is_closed",
            "coordinated_with",
            "responsible_leader",
            "item_attendees",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "recommendation": forms.Textarea(attrs={"rows": 4}),
            "decision_points": forms.Textarea(attrs={"rows": 4}),
            "case_presentation": forms.Textarea(attrs={"rows": 10}),
        }
        labels = {
            "summary": _("Summary (Resume)"),
            "case_presentation": _("Case presentation (Sagsfremstilling)"),
            "coordinated_with": _("Coordinated with (other departments)"),
            "responsible_leader": _("Responsible leader or department"),
        }
        help_texts = {
            "recommendation": _(
                "One line per proposal, each starting with “at”, e.g. “at præsentationen tages til "
                "efterretning”."
            ),
            "decision_points": _(
                "What the body is to decide, one point per line; shown as a numbered list, e.g. “At "
                "udviklingen af frivilligområdet tager udgangspunkt i de 3 spor”."
            ),
        }

    def save(self, commit=True):
        item = super().save(commit=False)
        item.version += 1  # the item's texts changed: a decision written on an older version is told
        if commit:
            item.save()
        return item


class DecisionForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["decision"]
        widgets = {"decision": forms.Textarea(attrs={"rows": 8})}
        labels = {"decision": _("Decision (Beslutning)")}


class MinutesItemForm(forms.Form):
    """One item's decision on the minutes page, with the item's version that the page was loaded with
    (meetings.minutes.save_decision saves only over that version)."""

    decision = forms.CharField(
        label=_("Decision (Beslutning)"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, item, **kwargs):
        kwargs.setdefault("initial", {"decision": item.decision, "version": item.version})
        super().__init__(*args, prefix=f"item-{item.pk}", **kwargs)
        self.item = item


INTERNAL_HELP = _("Members and staff see it; the public page and PDF of a public body leave it out.")


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file", "is_internal"]
        labels = {"is_internal": _("Internal attachment: not shown in the public version")}
        help_texts = {
            "is_internal": INTERNAL_HELP,
            "file": _("PDF, Word, Excel, PowerPoint, PNG, JPEG, text or CSV; at most %(megabytes)s MB.")
            % {"megabytes": MAX_ATTACHMENT_SIZE // (1024 * 1024)},
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.instance.content_type = check_upload(upload)
        self.instance.filename = upload.name
        self.instance.size = upload.size
        return upload


class LinkForm(forms.ModelForm):
    class Meta:
        model = AttachmentLink
        fields = ["title", "url", "is_internal"]
        labels = {"is_internal": _("Internal link: not shown in the public version")}
        help_texts = {"is_internal": INTERNAL_HELP}
        field_classes = {"url": HttpsURLField}


class ApprovalForm(forms.Form):
    approved_by = forms.CharField(
        label=_("Approved by"),
        max_length=200,
        help_text=_("E.g. the body at its next meeting, or the chair."),
    )
    approved_on = DateField(label=_("Approved on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("approved_on", timezone.localdate())


class RevisionForm(forms.Form):
    """Why the approved minutes are corrected, and each item's decision as it is to read now."""

    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[self._name(item)] = forms.CharField(
                label=str(item),
                required=False,
                initial=item.current_decision,
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    @staticmethod
    def _name(item):
        return f"decision_{item.pk}"

    def clean(self):
        cleaned = super().clean()
        self.changed_decisions = {
            str(item.pk): cleaned[self._name(item)]
            for item in self.items
            if self._name(item) in cleaned
            and cleaned[self._name(item)].strip() != item.current_decision.strip()
        }
        if not self.errors and not self.changed_decisions:
            raise forms.ValidationError(_("No decision was changed: correct at least one."))
        return cleaned


class ConfirmForm(forms.Form):
    """A step of the workflow with nothing to fill in: the button confirms it."""
