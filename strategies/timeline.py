"""The time and process plan as the commission page shows it: a timeline drawn on the server (inline
SVG, no JavaScript), the comparison of the process variants, and the summary on the strategy page.

The geometry is plain functions of dates and numbers so that it can be tested without a browser:
``Scale.x`` maps dates to positions (monotonically), ``label_span`` places a label beside its marker,
``assign_rows`` puts labels in rows so that they do not overlap, and ``layout`` puts it together.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.formats import date_format

from core.dates import add_months

from .models import Milestone

#: The drawing's coordinate system (the SVG scales to the page's width through its viewBox).
WIDTH = 960
MARGIN = 16
AXIS_Y = 56
ROW_HEIGHT = 22
FIRST_ROW_OFFSET = 30
BOTTOM = 30
FONT_SIZE = 12
#: Estimated average width of a character at FONT_SIZE (sans-serif), slightly generous (Chromium: 6.3–6.7).
CHAR_WIDTH = 0.57 * FONT_SIZE
LABEL_GAP = 10
TITLE_LENGTH = 42


# --- dates to positions --------------------------------------------------------------------------------


def first_of_month(day):
    return day.replace(day=1)


def next_month(day):
    return add_months(first_of_month(day), 1)


def month_range(first, last):
    """Whole months around the dates: from the first of ``first``'s month to the first of the month
    after ``last``."""
    return first_of_month(first), next_month(last)


def months_between(start, end):
    """The first day of every month from ``start`` up to (not including) ``end``."""
    months, month = [], first_of_month(start)
    while month < end:
        months.append(month)
        month = next_month(month)
    return months


def tick_step(month_count):
    """Label every month on short plans, every second, third, sixth or twelfth on longer ones."""
    for limit, step in ((15, 1), (30, 2), (45, 3), (90, 6)):
        if month_count <= limit:
            return step
    return 12


@dataclass(frozen=True)
class Scale:
    """Dates from ``start`` to ``end`` onto positions from ``left`` to ``right``."""

    start: date
    end: date
    left: float = MARGIN
    right: float = WIDTH - MARGIN

    def x(self, day):
        days = max((self.end - self.start).days, 1)
        return round(self.left + (day - self.start).days / days * (self.right - self.left), 1)

    def contains(self, day):
        return self.start <= day <= self.end


# --- labels --------------------------------------------------------------------------------------------


def text_width(text, char_width=CHAR_WIDTH):
    return len(text) * char_width


def label_span(x, width, left=MARGIN, right=WIDTH - MARGIN, gap=4):
    """Where a label of ``width`` goes for a marker at ``x``: to its right, or, if it would run past
    the right edge, ending at it. Returns (start, end, text-anchor)."""
    if x + gap + width <= right or x - gap - width < left:
        return x + gap, x + gap + width, "start"
    return x - gap - width, x - gap, "end"


def assign_rows(spans, gap=LABEL_GAP):
    """A row for each (start, end) span so that spans in the same row are at least ``gap`` apart;
    the lowest free row first. Returns the rows in the order of ``spans``."""
    row_ends = []  # the end of the last span in each row
    rows = [0] * len(spans)
    for index in sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1])):
        start, end = spans[index]
        for row, row_end in enumerate(row_ends):
            if start >= row_end + gap:
                row_ends[row] = end
                rows[index] = row
                break
        else:
            row_ends.append(end)
            rows[index] = len(row_ends) - 1
    return rows


def shorten(text, length=TITLE_LENGTH):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def short_date(day):
    return date_format(day, "SHORT_MONTH_DAY_FORMAT")


def milestone_label(milestone, overdue):
    when = short_date(milestone.date)
    if milestone.end_date and milestone.end_date != milestone.date:
        when = f"{when}–{short_date(milestone.end_date)}"
    symbol = "⚠ " if overdue else "✓ " if milestone.completed_on else ""
    return f"{symbol}{when} {shorten(milestone.title)}"


# --- the drawing ---------------------------------------------------------------------------------------


@dataclass
class Tick:
    x: float
    month: str
    year: str = ""


@dataclass
class Item:
    milestone: Milestone
    x: float
    x_end: float | None
    row: int
    label: str
    label_x: float
    label_y: float
    anchor: str
    overdue: bool

    @property
    def is_period(self):
        return self.x_end is not None

    @property
    def bar_width(self):
        return max(round(self.x_end - self.x, 1), 2) if self.is_period else 0

    @property
    def leader_end(self):
        """Where the line from the axis to the label ends: just above the label's text."""
        return self.label_y - FONT_SIZE

    @property
    def diamond(self):
        """The points of the marker of an overdue milestone (a diamond rather than a circle)."""
        x, y, r = self.x, AXIS_Y, 7
        return f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}"


@dataclass
class Timeline:
    start: date
    end: date
    items: list
    ticks: list
    rows: int
    today: date
    today_x: float | None = None
    width: int = WIDTH
    axis_y: int = AXIS_Y
    grid: list = field(default_factory=list)

    @property
    def height(self):
        return self.axis_y + FIRST_ROW_OFFSET + max(self.rows - 1, 0) * ROW_HEIGHT + BOTTOM

    @property
    def bottom(self):
        return self.height - 8

    @property
    def last_day(self):
        return self.end - timedelta(days=1)

    @property
    def overdue_count(self):
        return sum(item.overdue for item in self.items)

    @property
    def left(self):
        return MARGIN

    @property
    def right(self):
        return self.width - MARGIN


def layout(milestones, today):
    """The timeline of ``milestones`` (a list, ordered or not), or None when there are none."""
    milestones = sorted(milestones, key=lambda m: (m.date, m.pk or 0))
    if not milestones:
        return None
    start, end = month_range(milestones[0].date, max(m.end_date or m.date for m in milestones))
    scale = Scale(start, end)
    spans, drafts = [], []
    for milestone in milestones:
        overdue = milestone.is_overdue(today)
        label = milestone_label(milestone, overdue)
        x = scale.x(milestone.date)
        x_end = scale.x(milestone.end_date) if milestone.end_date else None
        label_start, label_end, anchor = label_span(x, text_width(label))
        spans.append((label_start, label_end))
        drafts.append(
            (milestone, x, x_end, label, label_start if anchor == "start" else label_end, anchor, overdue)
        )
    rows = assign_rows(spans)
    items = [
        Item(
            milestone=milestone,
            x=x,
            x_end=x_end,
            row=row,
            label=label,
            label_x=round(label_x, 1),
            label_y=AXIS_Y + FIRST_ROW_OFFSET + row * ROW_HEIGHT,
            anchor=anchor,
            overdue=overdue,
        )
        for (milestone, x, x_end, label, label_x, anchor, overdue), row in zip(drafts, rows, strict=True)
    ]
    months = months_between(start, end)
    step = tick_step(len(months))
    ticks = [
        Tick(
            x=scale.x(month),
            month=date_format(month, "SHORT_MONTH_FORMAT"),
            year=str(month.year) if index == 0 or month.month == 1 else "",
        )
        for index, month in enumerate(months)
        if (month.month - 1) % step == 0 or index == 0
    ]
    return Timeline(
        start=start,
        end=end,
        items=items,
        ticks=ticks,
        rows=max(rows) + 1,
        today=today,
        today_x=scale.x(today) if scale.contains(today) else None,
        grid=[scale.x(month) for month in months[1:]],
    )


# --- comparison of the variants and the summary of the plan --------------------------------------------


@dataclass
class Comparison:
    variants: list
    #: (kind label, [count per variant]) for every kind that occurs in at least one variant
    rows: list
    totals: list


def compare(variants):
    """How many milestones of each kind each variant has. ``variants`` have their milestones
    prefetched; no queries are made."""
    counts = []
    for variant in variants:
        per_kind = {}
        for milestone in variant.milestones.all():
            per_kind[milestone.kind] = per_kind.get(milestone.kind, 0) + 1
        counts.append(per_kind)
    rows = [
        (label, [per_kind.get(kind, 0) for per_kind in counts])
        for kind, label in Milestone.Kind.choices
        if any(kind in per_kind for per_kind in counts)
    ]
    return Comparison(variants=variants, rows=rows, totals=[sum(c.values()) for c in counts])


def plan_summary(milestones, today, upcoming=3):
    """The overdue milestones and the next ``upcoming`` ones of a plan."""
    milestones = sorted(milestones, key=lambda m: (m.date, m.pk or 0))
    overdue = [m for m in milestones if m.is_overdue(today)]
    next_ones = [m for m in milestones if m.completed_on is None and not m.is_overdue(today)]
    return {"overdue": overdue, "next": next_ones[:upcoming]}
