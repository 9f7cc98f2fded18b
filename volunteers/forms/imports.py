from django import forms
from django.utils.translation import gettext_lazy

from .. import importing
from ..access import scoped
from ..models import Unit


class ImportForm(forms.Form):
    """The file to import (checked only as far as costs nothing: the worker reads it) and the volunteers'
    default unit."""

    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("An Excel workbook (.xlsx) or a CSV file (.csv), at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        queryset=Unit.objects.none(),
        help_text=gettext_lazy("The volunteers' unit, unless a column Enhed names another of your units."),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped(request, Unit.objects.open())

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            importing.check_upload(upload)
        except importing.ImportFileError as error:
            raise forms.ValidationError(error.message) from None
        return upload
