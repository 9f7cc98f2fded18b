"""Bodies, their seat categories and members."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.forms import DateInput
from volunteers.models import User

from ..models import Body, Membership, SeatCategory
from ..models.bodies import period_display
from ..seats import full_span, seat_day


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = [
            "name",
            "kind",
            "mandate",
            "term_start",
            "term_end",
            "secretariat",
            "is_public",
            "standard_items",
        ]
        labels = {"is_public": _("Public: agendas and minutes on a page without login")}
        help_texts = {
            "is_public": _(
                "Published agendas and approved minutes are shown on a public page, as web page and PDF, "
                "without closed items and without attachments marked internal. Draft minutes and members' "
                "e-mail addresses are never shown."
            ),
            "standard_items": _(
                "One title per line, added to every new agenda: the first line opens it and the others "
                "close it, e.g. “Godkendelse af dagsorden” first and “Eventuelt” last. To open with more "
                "than one item, put a line “---” after the opening ones. Items added later go before the "
                "closing ones."
            ),
        }
        widgets = {
            "mandate": forms.Textarea(attrs={"rows": 4}),
            "standard_items": forms.Textarea(attrs={"rows": 4}),
            "term_start": DateInput,
            "term_end": DateInput,
        }

    def clean_name(self):
        # The organisation is not a field of the form, so the model's unique constraint is not checked here.
        name = self.cleaned_data["name"]
        others = Body.objects.filter(organisation=self.instance.organisation, name__iexact=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The organisation already has a body with this name."))
        return name

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term ends before it starts."))
        return cleaned


class SeatCategoryForm(forms.ModelForm):
    class Meta:
        model = SeatCategory
        fields = ["name", "required", "appointed_by", "includes_chair", "position"]
        help_texts = {"position": _("Categories are shown in this order.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:  # a new category comes last
            self.initial.setdefault("position", self.instance.body.seat_categories.count() + 1)

    def clean_name(self):
        name = self.cleaned_data["name"]
        others = SeatCategory.objects.filter(body=self.instance.body, name__iexact=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The body already has a seat category with this name."))
        return name

    def clean_required(self):
        required = self.cleaned_data["required"]
        if required < 1:
            raise forms.ValidationError(_("A seat category has at least one seat."))
        return required


class MembershipForm(forms.ModelForm):
    """A member of one body: the seat among the body's categories, the user within its organisation."""

    class Meta:
        model = Membership
        fields = [
            "name",
            "role",
            "represents",
            "appointed_by",
            "seat_category",
            "start",
            "end",
            "user",
            "email",
        ]
        widgets = {"start": DateInput, "end": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.instance.body
        seat = self.fields["seat_category"]
        seat.queryset = body.seat_categories.all()
        seat.error_messages["invalid_choice"] = _("Choose one of this body's seat categories.")
        if not body.seat_categories.exists():
            del self.fields["seat_category"]
        user = self.fields["user"]
        user.queryset = User.objects.filter(organisation=body.organisation, is_active=True).order_by(
            "first_name", "last_name", "username"
        )
        user.error_messages["invalid_choice"] = _("The user must belong to the body's organisation.")

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("seat_category")
        start, end = cleaned.get("start"), cleaned.get("end")
        # A member entered without a start date takes the seat from the day the seats are counted.
        start = start or seat_day(self.instance.body, timezone.localdate())
        if category and not (end and end < start):
            span = full_span(category, start, end, exclude=self.instance)
            if span:
                self.add_error(
                    "seat_category",
                    ngettext(
                        "“%(category)s” already has its %(count)d seat filled (%(span)s).",
                        "“%(category)s” already has all its %(count)d seats filled (%(span)s).",
                        category.required,
                    )
                    % {"category": category, "count": category.required, "span": period_display(*span)},
                )
        return cleaned
