"""Form fields and widgets every app's forms use: dates in the app's range, the browser's own date and
time pickers, a choice of a few objects read without a server-side cursor, and a select that writes its
options without a template each."""

from html import escape

from django import forms
from django.core.exceptions import BadRequest
from django.forms.utils import flatatt
from django.utils.safestring import SafeString

from .dates import FIRST_DAY, LAST_DAY, validate_in_range


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO 8601 whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date from core.dates.FIRST_DAY to LAST_DAY, in the browser's date picker limited to them. Every
    form's dates are one (a model's through core.fields.DateField)."""

    widget = DateInput
    default_validators = [validate_in_range]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", "") == "date":
            attrs.update(min=FIRST_DAY.isoformat(), max=LAST_DAY.isoformat())
        return attrs


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """Django's, with the options read by a plain query: its ``iterator()`` opens a server-side cursor on
    PostgreSQL, whose round trips cost a short list of options more than its query does."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    """A choice of one of a few objects (a plan's parts, an organisation's bodies): see
    ListedChoiceIterator."""

    iterator = ListedChoiceIterator


class FixedRowsFormSet(forms.BaseModelFormSet):
    """A model formset that changes the objects the page showed and no others (``extra=0``). A row whose
    hidden id is not one of them, or a row more, cannot come from the page: it answers 400 rather than
    become a new object or a row without one."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.is_bound and form.instance.pk is None:
            raise BadRequest("A row of the formset that is not one of the objects it was given")
        return form


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
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        options = "".join(_options(choices, set(self.format_value(value))))
        # Safe: the name, values and labels are escaped here and in _options, the attributes by flatatt.
        return SafeString(f'<select name="{escape(name)}"{attributes}>\n{options}\n</select>')  # nosec B703


def _options(choices, selected):
    """QuickSelect's <option>s; as Django's, only the first option of a selected value is selected."""
    for option_value, label in choices:
        text = "" if option_value is None else str(option_value)
        if text in selected:
            selected.discard(text)
            yield f'<option value="{escape(text)}" selected>{escape(str(label))}</option>'
        else:
            yield f'<option value="{escape(text)}">{escape(str(label))}</option>'
