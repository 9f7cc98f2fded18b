from django import forms

from ..models import Unit


class UnitContactForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["address", "email", "phone"]
