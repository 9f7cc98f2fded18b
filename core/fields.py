"""Model fields every app uses."""

from django.db import models

#: The most characters a text field's form accepts: some twenty pages, more than any agreement, minutes
#: or consultation response needs, and far less than a paste that would take minutes to render as PDF.
TEXT_LENGTH = 20_000


class LongTextField(models.TextField):
    """A text whose forms accept at most TEXT_LENGTH characters, with Django's message naming the count
    (the textarea gets `maxlength`, and static/js/text-count.js shows the count as one types).

    The limit is the forms' alone: the column stays a text column, so migrations see a TextField."""

    def __init__(self, *args, max_length=TEXT_LENGTH, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, "django.db.models.TextField", args, kwargs
