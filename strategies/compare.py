"""Two versions of a strategy side by side: what was added, removed and changed.

Plain functions over the models' values, so they are tested directly. Texts are compared word by word
(difflib); the multi-line lists (principles, attention points, goals) line by line, and a changed line
word by word. Focus areas are matched by title, effect targets by indicator (ignoring case and spaces).
"""

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext_lazy as _

SAME, ADDED, REMOVED, CHANGED = "same", "added", "removed", "changed"
#: Below this share of the shorter text's words kept, a text counts as rewritten: shown removed and
#: added as a whole rather than as a patchwork of small changes.
REWRITTEN = 0.4

#: Words and the spaces between them, so the pieces join back into the original text.
_TOKENS = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class Segment:
    """A piece of text: the same in both versions, or only in the new (added) or the old (removed)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Line:
    """A line of a list: the same, added, removed, or changed (then with a word diff)."""

    kind: str
    old: str = ""
    new: str = ""
    segments: tuple = ()

    @property
    def old_segments(self):
        return [s for s in self.segments if s.kind != ADDED]

    @property
    def new_segments(self):
        return [s for s in self.segments if s.kind != REMOVED]


@dataclass(frozen=True)
class FieldChange:
    """One field of both versions: ``segments`` (text) or ``lines`` (lists), and whether it changed."""

    name: str
    label: str
    old: str
    new: str
    segments: tuple = ()
    lines: tuple = ()

    @property
    def changed(self):
        return self.old != self.new

    @property
    def old_segments(self):
        return [s for s in self.segments if s.kind != ADDED]

    @property
    def new_segments(self):
        return [s for s in self.segments if s.kind != REMOVED]

    @property
    def old_lines(self):
        return [line for line in self.lines if line.kind != ADDED]

    @property
    def new_lines(self):
        return [line for line in self.lines if line.kind != REMOVED]


@dataclass(frozen=True)
class ValueChange:
    name: str
    label: str
    old: object
    new: object

    @property
    def changed(self):
        return self.old != self.new


@dataclass(frozen=True)
class TargetChange:
    """An effect target matched by indicator; ``values`` lists the values that differ."""

    kind: str
    old: object = None
    new: object = None
    values: tuple = ()

    @property
    def indicator(self):
        return (self.new or self.old).indicator

    @cached_property
    def cells(self):
        """Every value after the indicator, old and new side by side (one side empty if added/removed)."""
        return [
            ValueChange(name, label, getattr(self.old, name, None), getattr(self.new, name, None))
            for name, label in _TARGET_VALUES[1:]
        ]


@dataclass(frozen=True)
class AreaChange:
    """A focus area matched by title, with its fields and effect targets compared."""

    kind: str
    old: object = None
    new: object = None
    fields: tuple = ()
    targets: tuple = ()

    @property
    def title(self):
        return (self.new or self.old).title

    @property
    def changed_fields(self):
        return [f for f in self.fields if f.changed]


@dataclass(frozen=True)
class Comparison:
    old: object
    new: object
    fields: tuple = ()
    areas: tuple = ()
    counts: dict = field(default_factory=dict)

    @property
    def changed_fields(self):
        return [f for f in self.fields if f.changed]

    @property
    def has_changes(self):
        return bool(self.changed_fields) or any(area.kind != SAME for area in self.areas)


def diff_words(old, new):
    """The word-level difference of two texts as segments; joining a side's segments gives its text.
    A text that was rewritten rather than edited is shown as removed and added as a whole."""
    old, new = old or "", new or ""
    old_words, new_words = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    if old.strip() and new.strip() and _kept_share(matcher, old_words, new_words) < REWRITTEN:
        return (Segment(REMOVED, old), Segment(ADDED, new))
    # Chunks of (old text, new text, equal?); a space alone between two changes belongs to the change.
    chunks = [
        ("".join(old_words[i1:i2]), "".join(new_words[j1:j2]), tag == "equal")
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    segments = []
    pending_old = pending_new = ""
    for index, (before, after, equal) in enumerate(chunks):
        between_changes = 0 < index < len(chunks) - 1 and not before.strip()
        if equal and not between_changes:
            _append(segments, REMOVED, pending_old)
            _append(segments, ADDED, pending_new)
            pending_old = pending_new = ""
            _append(segments, SAME, before)
        else:
            pending_old, pending_new = pending_old + before, pending_new + after
    _append(segments, REMOVED, pending_old)
    _append(segments, ADDED, pending_new)
    return tuple(segments)


def _kept_share(matcher, old_words, new_words):
    """The share of the shorter text's words that the other text kept."""
    kept = sum(
        1
        for block in matcher.get_matching_blocks()
        for word in old_words[block.a : block.a + block.size]
        if word.strip()
    )
    shorter = min(sum(1 for w in old_words if w.strip()), sum(1 for w in new_words if w.strip()))
    return kept / shorter


def _append(segments, kind, text):
    if not text:
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(kind, segments[-1].text + text)
    else:
        segments.append(Segment(kind, text))


def diff_lines(old_lines, new_lines):
    """The line-level difference of two lists. Replaced lines are paired as changed (with a word diff)
    where they resemble each other; otherwise they are removed and added."""
    old_lines, new_lines = list(old_lines), list(new_lines)
    lines = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += [
                Line(SAME, old=line, new=line, segments=(Segment(SAME, line),)) for line in old_lines[i1:i2]
            ]
            continue
        added, next_added = new_lines[j1:j2], 0
        for before in old_lines[i1:i2]:
            match = next(
                (k for k in range(next_added, len(added)) if _resemble(before, added[k])),
                None,
            )
            if match is None:
                lines.append(Line(REMOVED, old=before, segments=(Segment(REMOVED, before),)))
                continue
            lines += [
                Line(ADDED, new=line, segments=(Segment(ADDED, line),)) for line in added[next_added:match]
            ]
            after = added[match]
            lines.append(Line(CHANGED, old=before, new=after, segments=diff_words(before, after)))
            next_added = match + 1
        lines += [Line(ADDED, new=line, segments=(Segment(ADDED, line),)) for line in added[next_added:]]
    return tuple(lines)


def _resemble(old, new):
    """Whether a replaced line is the same line reworded: similar letters, or half its words kept."""
    old, new = old.casefold(), new.casefold()
    if difflib.SequenceMatcher(None, old, new).ratio() >= 0.6:
        return True
    old_words, new_words = set(old.split()), set(new.split())
    kept = len(old_words & new_words)
    return kept > 0 and kept * 2 >= min(len(old_words), len(new_words))


def _key(text):
    return " ".join(text.split()).casefold()


def _text_field(name, label, old, new):
    old, new = old or "", new or ""
    return FieldChange(name, label, old, new, segments=diff_words(old, new))


def _list_field(name, label, old_lines, new_lines):
    return FieldChange(
        name, label, "\n".join(old_lines), "\n".join(new_lines), lines=diff_lines(old_lines, new_lines)
    )


def compare_texts(old, new):
    """The strategy's own fields, in the order the strategy reads."""
    return (
        _text_field("title", _("Title"), old.title, new.title),
        _text_field("vision", _("Vision"), old.vision, new.vision),
        _text_field("purpose", _("Purpose"), old.purpose, new.purpose),
        _list_field(
            "principles", _("Principles and good advice"), old.principle_lines(), new.principle_lines()
        ),
        _list_field(
            "attention_points",
            _("Attention points"),
            old.attention_point_lines(),
            new.attention_point_lines(),
        ),
    )


def compare_targets(old_targets, new_targets):
    """Effect targets matched by indicator: added, removed, changed (baseline, target, unit, date or how
    the units' values combine) or the same."""
    old_by_key = {_key(target.indicator): target for target in old_targets}
    changes = []
    for target in new_targets:
        before = old_by_key.pop(_key(target.indicator), None)
        if before is None:
            changes.append(TargetChange(ADDED, new=target))
            continue
        values = tuple(
            ValueChange(name, label, getattr(before, name), getattr(target, name))
            for name, label in _TARGET_VALUES
            if getattr(before, name) != getattr(target, name)
        )
        changes.append(TargetChange(CHANGED if values else SAME, old=before, new=target, values=values))
    changes += [TargetChange(REMOVED, old=target) for target in old_by_key.values()]
    return tuple(changes)


_TARGET_VALUES = (
    ("indicator", _("Indicator")),
    ("baseline", _("Baseline")),
    ("target", _("Target")),
    ("unit", _("Unit of measure")),
    ("target_date", _("Target date")),
    ("aggregation_text", _("How the units' values combine")),
)


def compare_areas(old_areas, new_areas):
    """Focus areas matched by title, in the new version's order; removed ones last."""
    old_by_key = {_key(area.title): area for area in old_areas}
    changes = []
    for area in new_areas:
        before = old_by_key.pop(_key(area.title), None)
        if before is None:
            changes.append(
                AreaChange(ADDED, new=area, targets=compare_targets([], area.effect_targets.all()))
            )
            continue
        fields = (
            _text_field("description", _("Description"), before.description, area.description),
            _list_field("goals", _("Goals"), before.goal_lines(), area.goal_lines()),
        )
        targets = compare_targets(before.effect_targets.all(), area.effect_targets.all())
        changed = any(f.changed for f in fields) or any(t.kind != SAME for t in targets)
        changes.append(AreaChange(CHANGED if changed else SAME, before, area, fields, targets))
    changes += [
        AreaChange(REMOVED, old=area, targets=compare_targets(area.effect_targets.all(), []))
        for area in old_areas
        if _key(area.title) in old_by_key
    ]
    return tuple(changes)


def compare_strategies(old, new):
    """Compare two versions (focus areas prefetched with their effect targets)."""
    areas = compare_areas(list(old.focus_areas.all()), list(new.focus_areas.all()))
    counts = {kind: sum(1 for area in areas if area.kind == kind) for kind in (ADDED, REMOVED, CHANGED, SAME)}
    return Comparison(old=old, new=new, fields=compare_texts(old, new), areas=areas, counts=counts)
