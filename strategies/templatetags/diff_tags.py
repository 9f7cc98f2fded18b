"""The marks of a comparison of two versions (strategies.compare), written in Python: a strategy's
comparison has thousands of segments, and a template included per segment, line and value cost the page
more than everything else on it. The markup is the templates' was: an addition or removal is said in
words to screen readers, not only underlined or struck through."""

from django import template
from django.template.defaultfilters import floatformat, linebreaksbr
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()

NOTHING = mark_safe('<span class="text-body-secondary">–</span>')  # nosec B308 B703: constant markup
MARKED = (
    '<{tag}><span class="visually-hidden">[{said}: </span>{text}'
    '<span class="visually-hidden">]</span></{tag}>'
)


@register.simple_tag
def diff_segments(segments):
    """A text's segments: added ones underlined, removed ones struck through, each said in words."""
    if not segments:
        return NOTHING
    added, removed = _("Added"), _("Removed")
    html = []
    for segment in segments:
        text = linebreaksbr(segment.text, autoescape=True)
        if segment.kind == "added":
            html.append(format_html(MARKED, tag="ins", said=added, text=text))
        elif segment.kind == "removed":
            html.append(format_html(MARKED, tag="del", said=removed, text=text))
        else:
            html.append(text)
    # Safe: each part is escaped by linebreaksbr or format_html.
    return mark_safe("".join(html))  # nosec B308 B703


@register.simple_tag
def diff_lines(lines, side):
    """A field of lines (goals, say) as a list, a changed line with the segments of its `side`."""
    if not lines:
        return NOTHING
    items = []
    for line in lines:
        if line.kind == "changed":
            segments = line.old_segments if side == "old" else line.new_segments
        else:
            segments = line.segments
        items.append(format_html("<li>{}</li>", diff_segments(segments)))
    # Safe: each item is format_html's.
    return mark_safe(f'<ul class="diff-lines">{"".join(items)}</ul>')  # nosec B308 B703


@register.simple_tag
def diff_value(value, name):
    """An effect target's value: a date in words, a figure with up to two decimals, "–" for none."""
    if value is None or value == "":
        return "–"
    if name == "target_date":
        return date_format(value, "DATE_FORMAT")
    if name in ("baseline", "target"):
        return floatformat(value, "-2g")
    return conditional_escape(localize(value))


def _target_cells(target, added, removed, value):
    """An effect target's value cells: an added or removed target's values as they are, a changed
    value as the old one struck through, an arrow and the new one underlined; ``value`` formats a value."""
    cells = []
    for cell in target.cells:
        if target.kind == "removed":
            shown = value(cell.old, cell.name)
        elif target.kind != "added" and cell.changed:
            shown = format_html(
                '{} <span aria-hidden="true">→</span> {}',
                format_html(MARKED, tag="del", said=removed, text=value(cell.old, cell.name)),
                format_html(MARKED, tag="ins", said=added, text=value(cell.new, cell.name)),
            )
        else:
            shown = value(cell.new, cell.name)
        cells.append(format_html("<td>{}</td>", shown))
    # Safe: each cell is format_html's.
    return mark_safe("".join(cells))  # nosec B308 B703


@register.simple_tag
def diff_targets_table(area, number):
    """The table of a compared focus area's effect targets (the ``number``th area): a row per target,
    its indicator, whether it was added, removed, changed or is unchanged, and its values."""
    added, removed = _("Added"), _("Removed")
    kinds = {"added": added, "removed": removed, "changed": _("Changed"), "same": _("Unchanged")}
    marks = {"added": "ins", "removed": "del"}
    caption_id = f"targets-{number}-caption"

    # A value formatted once however many targets share it (dates, units, methods repeat down a table).
    formatted = {}

    def value(shown, name):
        if (name, shown) not in formatted:
            formatted[name, shown] = diff_value(shown, name)
        return formatted[name, shown]

    def indicator(target):
        if target.kind in marks:
            return format_html("<{}>{}</{}>", marks[target.kind], target.indicator, marks[target.kind])
        return target.indicator

    return format_html(
        '<div class="table-responsive" role="region" tabindex="0" aria-labelledby="{}">\n'
        '<table class="table table-sm diff-targets">\n<caption id="{}">{}</caption>\n<thead><tr>'
        '<th scope="col">{}</th><th scope="col">{}</th>{}</tr></thead>\n'
        "<tbody>\n{}\n</tbody>\n</table>\n</div>",
        caption_id,
        caption_id,
        _("Effect targets for %(title)s") % {"title": area.title},
        _("Indicator"),
        pgettext("column header", "Change"),
        format_html_join("", '<th scope="col">{}</th>', ((cell.label,) for cell in area.targets[0].cells)),
        format_html_join(
            "\n",
            '<tr><th scope="row">{}</th><td class="diff-kind">{}</td>{}</tr>',
            (
                (indicator(target), kinds[target.kind], _target_cells(target, added, removed, value))
                for target in area.targets
            ),
        ),
    )


@register.simple_tag
def diff_field_rows(fields):
    """A table row per compared field: its label and whether it changed, then both versions."""
    rows = []
    for field in fields:
        if field.lines:
            old, new = diff_lines(field.old_lines, "old"), diff_lines(field.new_lines, "new")
        else:
            old, new = diff_segments(field.old_segments), diff_segments(field.new_segments)
        rows.append(
            format_html(
                '<tr{}><th scope="row">{}<br><span class="diff-kind">{}</span></th>'
                "<td>{}</td><td>{}</td></tr>",
                mark_safe(' class="diff-changed"') if field.changed else "",  # nosec B308 B703: constant
                field.label,
                _("Changed") if field.changed else _("Unchanged"),
                old,
                new,
            )
        )
    # Safe: each row is format_html's.
    return mark_safe("".join(rows))  # nosec B308 B703
