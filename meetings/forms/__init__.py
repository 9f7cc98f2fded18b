"""The meetings app's forms, one module per concept; here the pieces they share."""

from django import forms


class TimeInput(forms.TimeInput):
    """The browser's time picker."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")
