"""The error summary: when a form comes back with errors, the page opens at a box near the top of the main
content that says how many errors there are and lists each one, linked to its field (GOV.UK's error summary,
the Danish design system's "fejlopsummering"). The box takes focus as the page loads (``autofocus``, no
script), so a screen reader reads it and the page shows it even when the form is far down the page. Each
field's own message stays beside the field, which points to it with aria-describedby.

A form with a summary posts to ``{{ request.get_full_path }}``, not to the empty action: after a summary
link the page's address ends in ``#id_…``, and a page loaded at a fragment goes to it instead of the
autofocus, so a second failed try would open at the field, not the summary.

``{% error_summary form formset "a message" %}`` takes any number of forms, formsets and messages (a message
is an error that belongs to no form, e.g. a step refused); it renders nothing when there is no error.
"""

from typing import NamedTuple

from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


class Entry(NamedTuple):
    label: str  # what the error is about ("Fornavn", "Kontaktperson 2, e-mail"); "" for the form as a whole
    message: str
    href: str  # "#id" of the field to go to; "" if there is none


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*sources) -> dict:
    entries: list[Entry] = []
    for source in sources:
        if isinstance(source, BaseFormSet):
            entries += formset_entries(source)
        elif isinstance(source, BaseForm):
            entries += form_entries(source)
        elif source:
            entries.append(Entry("", str(source), ""))
    return {"entries": entries}


def form_entries(form: BaseForm, row: str = "") -> list[Entry]:
    """A form's errors in the order of its fields; an error of the whole form (or of a hidden field) links
    to its first visible field, where the user starts to put it right."""
    if not form.errors:
        return []
    first = field_href(form)
    entries = [Entry(row, str(message), first) for message in form.non_field_errors()]
    for field in form:
        if field.errors:
            href = first if field.is_hidden else f"#{_field_id(field)}"
            entries += [Entry(_label(form, field, row), str(message), href) for message in field.errors]
    return entries


def formset_entries(formset: BaseFormSet) -> list[Entry]:
    """A formset's errors, each row's named by its number ("Kontaktperson 2", "Række 2"); the formset's own
    errors link to the first row."""
    if not formset.total_error_count():
        return []
    rows = list(formset)
    first = field_href(rows[0]) if rows else ""
    entries = [Entry("", str(message), first) for message in formset.non_form_errors()]
    model = getattr(formset, "model", None)
    noun = capfirst(model._meta.verbose_name) if model is not None else _("Row")
    for number, row in enumerate(rows, start=1):
        entries += form_entries(row, row=f"{noun} {number}")
    return entries


def field_href(form: BaseForm) -> str:
    """The link to a form's first visible field."""
    field = next(iter(form.visible_fields()), None)
    return f"#{_field_id(field)}" if field is not None else ""


def _field_id(field) -> str:
    # A group of radio buttons or checkboxes has no id of its own: its first option's is where to go.
    return field.id_for_label or (field.subwidgets[0].id_for_label if field.subwidgets else field.auto_id)


def _label(form: BaseForm, field, row: str) -> str:
    # A form whose labels are long or say too little (a questionnaire's questions, the rows of a report)
    # names its fields itself, with error_summary_label(field).
    if hasattr(form, "error_summary_label"):
        return str(form.error_summary_label(field))
    if field.is_hidden:
        return row
    return f"{row}, {_lower_first(str(field.label))}" if row else str(field.label or "")


def _lower_first(label: str) -> str:
    # "E-mail" reads "e-mail" after "Kontaktperson 2,"; an abbreviation ("CVR-nummer") keeps its capitals.
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]
