"""Form widgets every app's forms use: the browser's own date and time pickers, and a select that
writes its options without a template each."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO 8601 whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """The browser's time picker."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class QuickSelect(forms.Select):
    """A single select whose options are written in Python rather than through a template each: a list's
    filter of hundreds of units or organisations otherwise costs more than the rest of the page. The
    same markup as Django's Select; option groups fall back to it."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(iter(self.choices))  # iter(): a model choice iterator's len() would count in SQL
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        options = []
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            mark = " selected" if text in selected else ""
            selected.discard(text)  # as Django's: only the first option of a value is selected
            options.append(f'<option value="{escape(text)}"{mark}>{escape(str(label))}</option>')
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        # Safe: the name, values and labels are escaped here, the attributes by flatatt.
        return SafeString(  # nosec B703
            f'<select name="{escape(name)}"{attributes}>\n{"".join(options)}\n</select>'
        )
