"""Forms of the consultation (høring): the secretariat's, and the public response form with its spam
protection (a honeypot field and a signed time stamp of when the form was shown)."""

import time
import zipfile

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from meetings.attachments import MAX_ATTACHMENT_SIZE, detect_kind

from ..models import Consultation, ConsultationResponse, ConsultedParty

# --- the secretariat's forms ---------------------------------------------------------------------------


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["title", "introduction", "opens_on", "closes_on"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 6}),
            "opens_on": DateInput,
            "closes_on": DateInput,
        }
        help_texts = {
            "introduction": _(
                "Shown at the top of the public page: what is consulted on, and what kind of response is "
                "wanted."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The deadline cannot be before the day the consultation opens."))
        return cleaned

    def validate_constraints(self, exclude=None):
        # clean() has already said what is wrong with the dates, in words.
        pass


class PartyForm(forms.ModelForm):
    class Meta:
        model = ConsultedParty
        fields = ["name", "email", "position"]
        help_texts = {"position": _("The parties are listed in this order, also in the consultation memo.")}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = ConsultedParty.objects.filter(consultation=self.instance.consultation, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("This consultation already has a party with that name."))
        return name


class ModerationForm(forms.ModelForm):
    class Meta:
        model = ConsultationResponse
        fields = ["status", "party", "comment"]
        widgets = {"status": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "party": _("The party the response is from, if the sender answers on behalf of one."),
            "comment": _("The secretariat's comment is printed with the response in the consultation memo."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = self.instance.consultation.parties.all()
        self.fields["party"].empty_label = _("None (another response)")


# --- the public response form --------------------------------------------------------------------------

#: The kinds of attachment a response may have: kind -> (content type, file name endings).
ATTACHMENT_KINDS = {
    "pdf": ("application/pdf", {".pdf"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "odt": ("application/vnd.oasis.opendocument.text", {".odt"}),
    "text": ("text/plain; charset=utf-8", {".txt"}),
}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def attachment_kind(upload):
    """The kind of the upload by its content (meetings.attachments recognises all but ODT), or None."""
    kind = detect_kind(upload)
    if kind is None and upload.read(4) == b"PK\x03\x04":
        kind = "odt" if _is_odt(upload) else None
    upload.seek(0)
    return kind if kind in ATTACHMENT_KINDS else None


def _is_odt(upload):
    # An OpenDocument package names its type in a first, uncompressed member called "mimetype".
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            return package.read("mimetype").strip() == _ODT_MIMETYPE
    except (zipfile.BadZipFile, KeyError):
        return False


def content_type_for(filename):
    """The content type of a stored attachment by its name's ending (the content was checked to agree)."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    for content_type, endings in ATTACHMENT_KINDS.values():
        if suffix in endings:
            return content_type
    return "application/octet-stream"


#: A person needs a few seconds to fill in the form; a form shown more than a day ago is stale.
MIN_SECONDS_TO_FILL_IN = 3
MAX_FORM_AGE_SECONDS = 24 * 60 * 60
_STARTED_SALT = "strategies.consultation.response-form"


def form_started_token(consultation, now=None):
    """A signed note of when the form was shown, for which consultation."""
    return signing.dumps(
        {"c": consultation.pk, "t": now if now is not None else time.time()}, salt=_STARTED_SALT
    )


#: The longest response text; a longer one is sent as an attachment.
MAX_TEXT_LENGTH = 20_000


class ResponseForm(forms.ModelForm):
    """A response from anyone (the openness principle). ``homepage`` is a honeypot: people leave it empty
    (it is hidden from view and labelled so), robots fill it in."""

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = ConsultationResponse
        fields = ["name", "organisation_name", "party", "email", "text", "attachment"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}
        labels = {
            "name": _("Your name"),
            "party": _("Answering on behalf of"),
            "email": _("Your e-mail address"),
            "text": _("Your response"),
        }
        help_texts = {
            "organisation_name": _("If you answer for an association, a council or a company."),
            "party": _("Choose a consulted party if your response is its official response."),
            "email": _(
                "If you give your address, you are sent a receipt saying that your response was received."
            ),
        }

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["party"].queryset = consultation.parties.all()
        self.fields["party"].empty_label = _("Nobody: I answer for myself or another organisation")
        self.fields["text"].validators.append(MaxLengthValidator(MAX_TEXT_LENGTH))
        self.fields["attachment"].help_text = _(
            "Optional: a PDF, Word (.docx), OpenDocument (.odt) or text file of at most %(size)s."
        ) % {"size": filesizeformat(MAX_ATTACHMENT_SIZE)}
        self.fields["attachment"].widget.attrs["accept"] = ".pdf,.docx,.odt,.txt"
        if not self.is_bound:
            self.initial["started"] = form_started_token(consultation)
        if not consultation.parties.exists():
            del self.fields["party"]

    @property
    def visible_fields_but_honeypot(self):
        return [field for field in self.visible_fields() if field.name != "homepage"]

    @property
    def is_spam(self):
        """Whether the honeypot was filled in or the form came back too fast (set by clean)."""
        return getattr(self, "_spam", False)

    def clean_homepage(self):
        if self.cleaned_data["homepage"]:
            self._spam = True
            raise ValidationError(_("This field must be left empty. Delete what is written in it."))
        return ""

    def clean(self):
        cleaned = super().clean()
        message = self._timing_problem(cleaned.get("started"))
        if message:
            self.add_error(None, message)
            # A new time stamp, so that the form can be sent again with the input kept.
            self.data = self.data.copy()
            self.data["started"] = form_started_token(self.consultation)
        if self.errors and self.files.get("attachment") and not self.has_error("attachment"):
            # A browser never fills in a file field again: said with the other errors, not lost unseen.
            self.add_error(
                "attachment", _("Choose the file again (a file is not kept when the form comes back).")
            )
        return cleaned

    def _timing_problem(self, token):
        try:
            started = signing.loads(token or "", salt=_STARTED_SALT)
        except signing.BadSignature:
            started = None
        if not isinstance(started, dict) or started.get("c") != self.consultation.pk:
            self._spam = True
            return _("The form could not be checked. Please send it again.")
        age = time.time() - started["t"]
        if age < MIN_SECONDS_TO_FILL_IN:
            self._spam = True
            return _("The form was sent too quickly. Wait a few seconds and send it again.")
        if age > MAX_FORM_AGE_SECONDS:
            return _("The form was opened more than a day ago. Check your response and send it again.")
        return None

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return upload
        if upload.size > MAX_ATTACHMENT_SIZE:
            raise ValidationError(
                _("The file is %(size)s; an attachment may be at most %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_ATTACHMENT_SIZE)},
            )
        kind = attachment_kind(upload)
        if kind is None:
            raise ValidationError(
                _(
                    "This type of file cannot be attached. Attach a PDF, Word (.docx), OpenDocument (.odt) "
                    "or text file."
                )
            )
        if "." + upload.name.rsplit(".", 1)[-1].lower() not in ATTACHMENT_KINDS[kind][1]:
            raise ValidationError(
                _("The file “%(name)s” is not what its name says. Rename it or choose the right file."),
                params={"name": upload.name},
            )
        return upload

    def save(self, commit=True):
        response = super().save(commit=False)
        response.consultation = self.consultation
        upload = self.cleaned_data.get("attachment")
        if upload:
            response.attachment_name = upload.name[-255:]
        if commit:
            response.save()
            response.tell_secretariat()
        return response
