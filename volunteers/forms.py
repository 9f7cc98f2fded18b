from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import Unit


class UnitContactForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["address", "email", "phone"]


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No autofocus: the skip link and the page's heading come first for keyboard and screen-reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
