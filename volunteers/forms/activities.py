from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Activity


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["name", "involves_children", "involves_homes"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = request.organisation

    def clean_name(self):
        name = self.cleaned_data["name"]
        others = Activity.objects.filter(organisation=self.instance.organisation)
        if others.exclude(pk=self.instance.pk).filter(name__iexact=name).exists():
            raise ValidationError(_("An activity with this name is already on the list."))
        return name
