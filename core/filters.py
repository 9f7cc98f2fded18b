"""Filters every app's lists use (django-filter)."""

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import ModelChoiceField, ModelChoiceIterator
from django_filters.filters import QuerySetRequestMixin

from .forms import QuickSelect


class FilterSet(django_filters.FilterSet):
    """django-filter's, with its form class made once per filterset rather than on every request: a new
    class with new fields each time costs a list page more than its filtering. A filter's objects or
    choices to choose from may depend on the request (``queryset=`` or ``request_choices=`` a function of
    it), so each form is given its own."""

    @classmethod
    def _form_class(cls):
        # In the class's own __dict__: a subclass has filters of its own. Each field is made as a filter's
        # ``field`` makes it (its label and keyword arguments), with no objects yet.
        if "_cached_form_class" not in cls.__dict__:
            fields = {}
            for name, filter_ in cls.base_filters.items():
                kwargs = filter_.extra.copy()
                if isinstance(filter_, QuerySetRequestMixin):
                    kwargs["queryset"] = None
                fields[name] = filter_.field_class(label=filter_.label, **kwargs)
            cls._cached_form_class = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
        return cls._cached_form_class

    def get_form_class(self):
        return self._form_class()

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name, filter_ in self.filters.items():
                if isinstance(filter_, QuerySetRequestMixin):
                    form.fields[name].queryset = filter_.get_queryset(self.request)
                elif isinstance(filter_, ChoiceFilter) and filter_.request_choices is not None:
                    form.fields[name].choices = filter_.request_choices(self.request)
        return self._form


class PairChoiceIterator(ModelChoiceIterator):
    """The options of a model whose ``__str__`` is one of its fields (the model says which in
    ``str_field``) as (pk, label) pairs read in one query of two columns: building hundreds of objects
    only to name them costs more than the rest of a list's filter form. Other models' options are
    built from objects, as Django's."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        if self.field.str_field is not None:
            yield from self.field.pairs().values()
            return
        # By a plain query, not Django's iterator(): that opens a server-side cursor on PostgreSQL, whose
        # round trips cost a short list more than its query (core.forms.ListedChoiceIterator).
        for obj in self.queryset:
            yield self.choice(obj)


class PairChoiceField(ModelChoiceField):
    """A choice of one of the options PairChoiceIterator lists, checked against the same pairs (read once
    per form) rather than looked up in a query of its own; the chosen object is made of its pair (its
    key and ``str_field``), all a filter uses of it."""

    iterator = PairChoiceIterator

    @property
    def str_field(self):
        return getattr(self.queryset.model, "str_field", None) if self.queryset is not None else None

    def _set_queryset(self, queryset):
        self._pairs = None
        super()._set_queryset(queryset)

    queryset = property(ModelChoiceField._get_queryset, _set_queryset)

    def pairs(self):
        """{the key as the form sends it: (key, label)} of the options."""
        if self._pairs is None:
            self._pairs = {
                str(pk): (pk, label) for pk, label in self.queryset.values_list("pk", self.str_field)
            }
        return self._pairs

    def to_python(self, value):
        if (
            self.str_field is None
            or value in self.empty_values
            or (self.null_label is not None and value == self.null_value)
        ):
            return super().to_python(value)
        self.validate_no_null_characters(value)
        try:
            pk, label = self.pairs()[str(value)]
        except KeyError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None
        return self.queryset.model(pk=pk, **{self.str_field: label})


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter by one of a (possibly long) list of objects: units, organisations, bodies."""

    field_class = PairChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)


class ChoiceFilter(django_filters.ChoiceFilter):
    """A filter by one of a few fixed choices (status, kind), or by choices that depend on the request
    (``request_choices``: request -> choices, e.g. the user's organisation's period numbers)."""

    def __init__(self, *args, request_choices=None, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        if request_choices is not None:
            kwargs.setdefault("choices", [])  # each form is given its own (FilterSet.form)
        self.request_choices = request_choices
        super().__init__(*args, **kwargs)
