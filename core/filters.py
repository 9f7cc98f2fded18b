"""Filters every app's lists use (django-filter)."""

import django_filters
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from .forms import QuickSelect


class PairChoiceIterator(ModelChoiceIterator):
    """The options of a model whose ``__str__`` is one of its fields (the model says which in
    ``str_field``) as (pk, label) pairs read in one query of two columns: building hundreds of objects
    only to name them costs more than the rest of a list's filter form. Other models' options are
    built from objects, as Django's."""

    def __iter__(self):
        str_field = getattr(self.queryset.model, "str_field", None)
        if str_field is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.queryset.values_list("pk", str_field)


class PairChoiceField(ModelChoiceField):
    iterator = PairChoiceIterator


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter by one of a (possibly long) list of objects: units, organisations, bodies."""

    field_class = PairChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)


class ChoiceFilter(django_filters.ChoiceFilter):
    """A filter by one of a few fixed choices (status, kind)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)
