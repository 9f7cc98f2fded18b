"""Model fields every app's models use."""

from django.db import models

from . import forms
from .dates import validate_in_range


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
