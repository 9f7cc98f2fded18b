"""Filters every app's lists use (django-filter)."""

import django_filters

from .forms import QuickSelect


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter by one of a (possibly long) list of objects: units, organisations, bodies."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)
