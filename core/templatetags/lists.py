"""A list's filter fields and table rows, written in Python: they repeat on every list page, and through
templates (crispy's Bootstrap 5 field is a dozen nested templates; a cell an if/elif over its column's
kind) they cost a list more than its queries."""

from html import escape

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.dates import day_text

register = template.Library()


@register.simple_tag
def filter_field(field):
    """A filter's label, select, help text and errors in the markup crispy's Bootstrap 5 field gives
    a select (the same ids, classes and aria attributes)."""
    attrs = {"class": "form-select"}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        attrs.update({"class": "form-select is-invalid", "aria-invalid": "true"})
        described_by.append(f"{field.auto_id}_error")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    help_text = (
        format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text)
        if field.help_text
        else ""
    )
    errors = (
        format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, field.auto_id, error) for number, error in enumerate(field.errors, start=1)),
            ),
        )
        if field.errors
        else ""
    )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}{}{}</div>',
        field.auto_id,
        field.id_for_label,
        field.label,
        field.as_widget(attrs=attrs),
        errors,
        help_text,
    )


@register.simple_tag
def row_cells(obj, cells):
    """A row of ``core.lists.table_rows``: the first cell a row header linking to the object, the others
    by their column's kind (a date in the short format, a phone number on one line, an e-mail address
    that may wrap after its "@"), "–" for an empty value."""
    first, *others = cells
    # f-strings rather than format_html: a list's hundreds of cells add up.
    html = [
        f'<th scope="row"><a href="{escape(obj.get_absolute_url())}">{conditional_escape(first[0])}</a></th>'
    ]
    for value, column in others:
        if not value and value != 0:
            text = "–"
        elif column.kind == "date":
            text = escape(day_text(value, "SHORT_DATE_FORMAT"))
        elif column.kind == "email":
            local, at, domain = str(value).rpartition("@")
            text = f"{escape(local)}@<wbr>{escape(domain)}" if at else conditional_escape(value)
        else:
            text = conditional_escape(localize(value))
        html.append(
            f'<td class="text-nowrap">{text}</td>' if column.kind in ("date", "phone") else f"<td>{text}</td>"
        )
    # Safe: every value above is escaped by escape or conditional_escape.
    return mark_safe("".join(html))  # nosec B308 B703


@register.simple_tag
def sort_header(header, label):
    """A sortable column's heading (``Listing.headers[key]``): a link that sorts by it, its state said to
    screen readers (aria-sort and words) and shown by an arrow."""
    if header.aria_sort == "ascending":
        said, arrow = _("sorted ascending, click to sort descending"), ' <span aria-hidden="true">▲</span>'
    elif header.aria_sort == "descending":
        said, arrow = _("sorted descending, click to sort ascending"), ' <span aria-hidden="true">▼</span>'
    else:
        said, arrow = _("click to sort"), ""
    return format_html(
        '<th scope="col"{}><a href="{}" class="sort-link">{}'
        '<span class="visually-hidden">, {}</span>{}</a></th>',
        format_html(' aria-sort="{}"', header.aria_sort) if header.aria_sort else "",
        header.url,
        label,
        said,
        mark_safe(arrow),  # nosec B308 B703: constant markup
    )
