"""Model fields every app's models use."""

from django.db import models

from . import forms
from .dates import validate_in_range

#: The most characters a text field's form accepts: some twenty pages, more than any agreement, minutes
#: or consultation response needs, and far less than a paste that would take minutes to render as PDF.
TEXT_LENGTH = 20_000


class DateField(models.DateField):
    """A date in the app's range (core.dates): its form field refuses any other, with the browser's date
    picker limited to it, and so does the model's own validation (``full_clean``).

    The column is Django's DateField: migrations see that, so declaring a date with this field changes
    nothing in the database."""

    default_validators = [validate_in_range]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.DateField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateField", args, kwargs


class LongTextField(models.TextField):
    """A text whose forms accept at most TEXT_LENGTH characters, with Django's message naming the count
    (the textarea gets `maxlength`, and static/js/text-count.js shows the count as one types).

    The limit is the forms' alone: the column stays a text column, so migrations see a TextField."""

    def __init__(self, *args, max_length=TEXT_LENGTH, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, "django.db.models.TextField", args, kwargs
