"""Changes that cannot undo each other.

Two mechanisms, one for each kind of change:

- A state change (approve, anonymise, …) first locks its row and reads it again (`lock`), so that it
  checks the state as it now is and saves over the newest values, never over a copy read earlier.
- An edit form (`GuardedModelForm`) carries a fingerprint of the row as the user saw it. Saving locks the
  row and compares: when somebody else changed it meanwhile (or moved it on in its workflow) nothing is
  saved and the form says so, with the user's input kept; otherwise only the fields that differ from the
  row are written (`save_guarded` in the view).
"""

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

#: The hidden field of a guarded form.
FINGERPRINT_FIELD = "loaded_as"

M = TypeVar("M", bound=models.Model)


def lock(instance: M) -> M:
    """Lock the instance's row until the transaction ends and refresh the instance from it."""
    instance.refresh_from_db(from_queryset=type(instance)._base_manager.select_for_update())
    return instance


def fingerprint(instance: models.Model) -> str:
    """A digest of the row's stored values: it differs as soon as any column does."""
    values = [(field.attname, getattr(instance, field.attname)) for field in instance._meta.concrete_fields]
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]


class ChangedMeanwhile(Exception):
    """The row changed after the form was opened; nothing was saved."""

    def __init__(self, current: models.Model):
        super().__init__(current.pk)
        self.current = current


class GuardedModelForm(forms.ModelForm):
    """A model form that refuses to save over a change it did not see. A layout that lists its fields
    renders the hidden fingerprint with `helper.render_hidden_fields = True`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # As read for this request: what a POST without the hidden field is compared with.
            self.loaded = fingerprint(self.instance)
            self.fields[FINGERPRINT_FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=self.loaded
            )

    def save(self, commit=True):
        if not commit or self.instance._state.adding:
            return super().save(commit)
        model = type(self.instance)
        current = model._base_manager.select_for_update().get(pk=self.instance.pk)
        if fingerprint(current) != (self.cleaned_data.get(FINGERPRINT_FIELD) or self.loaded):
            raise ChangedMeanwhile(current)
        fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        instance = self.instance
        changed = {f.attname for f in fields if getattr(instance, f.attname) != getattr(current, f.attname)}
        if changed:
            changed |= {f.attname for f in fields if getattr(f, "auto_now", False)}
            instance.save(update_fields=changed)
        self._save_m2m()
        return instance


CHANGED_MEANWHILE = _(
    "Somebody else changed this while you had the form open, so nothing was saved. Your input is kept "
    "below: compare it with the page as it is now (open it in a new tab), then save again to replace "
    "the other change."
)


def save_guarded(form: GuardedModelForm, then: Callable[[Any], object] | None = None) -> bool:
    """Save the form in a transaction (and `then` with the saved object, in the same one); False, with the
    form telling why, when the row changed since the form was opened. Saving the same form again then
    replaces the other change on purpose."""
    try:
        with transaction.atomic():
            saved = form.save()
            if then is not None:
                then(saved)
    except ChangedMeanwhile as error:
        form.add_error(None, CHANGED_MEANWHILE)
        data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
        data[form.add_prefix(FINGERPRINT_FIELD)] = fingerprint(error.current)
        form.data = data
        return False
    return True
