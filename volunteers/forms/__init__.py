"""The register's forms, one module per concept; here the pieces they (and other apps' forms) share."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO 8601 whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def keep_hidden_choices(field, chosen, current):
    """The chosen objects plus those already linked that the user cannot see (and so cannot unlink)."""
    hidden = current.exclude(pk__in=field.queryset.values("pk"))
    return [*chosen, *hidden]
