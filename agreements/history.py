"""An agreement's history as people read it: who, when, and which fields changed from what to what."""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import Agreement

#: The newest changes shown on the agreement's page.
HISTORY_LIMIT = 100
EMPTY = "–"


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    who: object  # a user, or None for changes made by the system (the reminder sweep)
    created: bool
    changes: list


def history_entries(agreement, limit=HISTORY_LIMIT):
    """The newest `limit` entries, newest first, from a fixed number of queries."""
    records = list(
        agreement.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    # Each record is compared with the one before it; one more is fetched so the oldest shown has one.
    pairs = list(zip(records, [*records[1:], None], strict=True))[:limit]
    deltas = [(newer, newer.diff_against(older) if older else None) for newer, older in pairs]
    names = _related_names(change for _newer, delta in deltas if delta for change in delta.changes)
    order = {field.name: index for index, field in enumerate(Agreement._meta.fields)}
    entries = []
    for record, delta in deltas:
        changes = sorted(delta.changes, key=lambda change: order.get(change.field, 0)) if delta else []
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                created=record.history_type == "+",
                changes=[_field_change(change, names) for change in changes],
            )
        )
    return entries


def _related_names(changes):
    """{(model, pk): name} for every object a foreign-key change refers to, one query per model."""
    wanted = {}
    for change in changes:
        field = Agreement._meta.get_field(change.field)
        if field.is_relation:
            wanted.setdefault(field.related_model, set()).update(
                pk for pk in (change.old, change.new) if pk is not None
            )
    return {
        (model, obj.pk): str(obj) for model, pks in wanted.items() for obj in model.objects.filter(pk__in=pks)
    }


def _field_change(change, names):
    field = Agreement._meta.get_field(change.field)
    return FieldChange(
        label=str(field.verbose_name),
        old=_display(field, change.old, names),
        new=_display(field, change.new, names),
    )


def _display(field, value, names):
    if value is None or value == "":
        return EMPTY
    if field.is_relation:
        return names.get((field.related_model, value), _("(deleted)"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, date):
        return date_format(value)
    return str(value)
