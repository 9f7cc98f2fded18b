"""Response rates and results of the two-year evaluation questionnaire, from SQL aggregates, and their
charts as SVG rendered on the server (the same markup on the results page and in the report PDF).

The number of queries does not grow with the units, questions or submissions: one for the links with
their submission counts, one for the distribution of the scale answers per question and unit, one for the
free-text answers.

Small numbers are suppressed, so that no unit of one or two respondents can be read off:

- A unit with 1 or 2 submissions (fewer than ``MIN_GROUP``) shows no distribution or mean, only that it
  has too few answers.
- Because the overall figures include every unit, one suppressed unit could be computed back as overall
  minus the units shown. So the suppressed units must be at least two and hold at least ``MIN_GROUP``
  submissions together; otherwise the smallest shown units are suppressed as well until they do.
- If the whole questionnaire has fewer than ``MIN_GROUP`` submissions, nothing but the counts is shown.
- Free-text answers are always listed, with their unit only when the unit's figures are shown; otherwise
  under "other units". They are sorted alphabetically, never in the order they came in.
- Response rates (submissions against invited) are counts of people who answered, not of what they
  answered, and are shown for every link.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .charts import join_markup, svg_image
from .forms.questionnaire import SCALE
from .models import Answer, AnswerLink, Question

#: The smallest group whose figures are shown.
MIN_GROUP = 3
SCORES = [value for value, _label in SCALE]


def number(value, decimals=0):
    """A figure in the active locale, rounded half up: 2.857 -> "2,9" in Danish (Django's own formatting
    would cut a float off at "2,8")."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def percent(part, whole):
    """Whole per cent, rounded half up (12.5 -> 13); None when there is nothing to divide by."""
    if not whole:
        return None
    return int((Decimal(100) * part / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- response rates -------------------------------------------------------------------------------------


@dataclass
class Rate:
    submissions: int = 0
    invited: int = 0

    @property
    def percent(self):
        return percent(self.submissions, self.invited)

    def __add__(self, other):
        return Rate(self.submissions + other.submissions, self.invited + other.invited)

    def __str__(self):
        if not self.invited:
            return _("%(count)s (number invited not given)") % {"count": number(self.submissions)}
        return _("%(count)s of %(invited)s (%(percent)s %%)") % {
            "count": number(self.submissions),
            "invited": number(self.invited),
            "percent": number(self.percent),
        }


@dataclass
class UnitRates:
    unit_id: int
    name: str
    links: list = field(default_factory=list)  # AnswerLink with .rate
    rate: Rate = field(default_factory=Rate)

    @property
    def audience_rates(self):
        """The rate of each audience's link, in the order of the audiences; None where there is no link."""
        rates = {link.audience: link.rate for link in self.links}
        return [rates.get(audience) for audience in AnswerLink.Audience.values]


def response_rates(questionnaire):
    """(units, total): each unit with its links (``link.rate``) and its rate over both audiences, in the
    order of the units' names; and the rate of the whole questionnaire. One query."""
    links = (
        AnswerLink.objects.filter(questionnaire=questionnaire)
        .select_related("unit")
        .annotate(submission_count=Count("submissions"))
        .order_by("unit__name", "unit_id", "audience")
    )
    units, total = {}, Rate()
    for link in links:
        link.rate = Rate(link.submission_count, link.invited)
        unit = units.setdefault(link.unit_id, UnitRates(link.unit_id, link.unit.name))
        unit.links.append(link)
        unit.rate += link.rate
        total += link.rate
    return list(units.values()), total


def suppressed_units(counts):
    """The ids of the units whose figures are not shown, from their numbers of submissions."""
    hidden = {unit for unit, count in counts.items() if 0 < count < MIN_GROUP}
    if not hidden:
        return hidden
    shown = sorted((count, unit) for unit, count in counts.items() if count >= MIN_GROUP)
    while (len(hidden) < 2 or sum(counts[unit] for unit in hidden) < MIN_GROUP) and shown:
        hidden.add(shown.pop(0)[1])
    return hidden


# --- results per question and unit ----------------------------------------------------------------------


@dataclass
class Distribution:
    """The answers 1–5 of one group; ``shown`` is False when the group is too small to show."""

    counts: dict = field(default_factory=lambda: dict.fromkeys(SCORES, 0))
    shown: bool = True

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def mean(self):
        total = self.total
        return sum(score * count for score, count in self.counts.items()) / total if total else None

    @property
    def mean_text(self):
        return number(self.mean, 1) if self.mean is not None else "–"

    @property
    def rows(self):
        """(score, label, count, per cent) for each step of the scale."""
        labels = dict(SCALE)
        return [
            (score, labels[score], self.counts[score], percent(self.counts[score], self.total))
            for score in SCORES
        ]

    def add(self, score, count):
        self.counts[score] += count


@dataclass
class UnitResult:
    name: str
    submissions: int
    distribution: Distribution


@dataclass
class TextAnswer:
    unit: str | None
    text: str


@dataclass
class QuestionResult:
    question: Question
    overall: Distribution | None = None
    units: list = field(default_factory=list)  # UnitResult, for scale questions
    texts: list = field(default_factory=list)  # TextAnswer, for free-text questions
    chart: "Chart | None" = None

    @property
    def is_scale(self):
        return self.question.kind == Question.Kind.SCALE


@dataclass
class Topic:
    code: str
    label: str
    questions: list


@dataclass
class Results:
    questionnaire: object
    questions: list
    units: list  # UnitRates
    total: Rate
    hidden_units: set
    overall_shown: bool
    means_chart: "Chart | None" = None

    @property
    def topics(self):
        """The questions grouped by topic, in the order of the topics."""
        grouped = defaultdict(list)
        for result in self.questions:
            grouped[result.question.topic].append(result)
        return [
            Topic(code, label, grouped[code]) for code, label in Question.Topic.choices if grouped.get(code)
        ]

    @property
    def hidden_names(self):
        return [unit.name for unit in self.units if unit.unit_id in self.hidden_units]


def results(questionnaire):
    """Every question's results overall and per unit, with small numbers suppressed (see the module)."""
    units, total = response_rates(questionnaire)
    counts = {unit.unit_id: unit.rate.submissions for unit in units}
    hidden = suppressed_units(counts)
    overall_shown = total.submissions >= MIN_GROUP
    questions = list(questionnaire.questions.all())
    scores = (
        Answer.objects.filter(question__questionnaire=questionnaire, score__isnull=False)
        .values_list("question_id", "submission__link__unit_id", "score")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_question = defaultdict(lambda: defaultdict(Distribution))
    for question_id, unit_id, score, count in scores:
        by_question[question_id][unit_id].add(score, count)
    texts = (
        Answer.objects.filter(question__questionnaire=questionnaire, question__kind=Question.Kind.TEXT)
        .exclude(text="")
        .values_list("question_id", "submission__link__unit_id", "text")
        .order_by("text")
    )
    texts_by_question = defaultdict(list)
    names = {unit.unit_id: unit.name for unit in units}
    for question_id, unit_id, text in texts:
        shown = overall_shown and unit_id not in hidden
        texts_by_question[question_id].append(TextAnswer(names[unit_id] if shown else None, text))
    question_results = []
    for question in questions:
        result = QuestionResult(question)
        if result.is_scale:
            per_unit = by_question[question.pk]
            result.overall = Distribution(shown=overall_shown)
            for unit in units:
                distribution = per_unit.get(unit.unit_id, Distribution())
                for score, count in distribution.counts.items():
                    result.overall.add(score, count)
                distribution.shown = overall_shown and unit.unit_id not in hidden
                result.units.append(UnitResult(unit.name, unit.rate.submissions, distribution))
            result.chart = distribution_chart(result, f"chart-question-{question.position}")
        else:
            # Named units first (alphabetically), then the answers from units too small to name.
            result.texts = sorted(
                texts_by_question[question.pk], key=lambda answer: (answer.unit is None, answer.unit or "")
            )
        question_results.append(result)
    outcome = Results(questionnaire, question_results, units, total, hidden, overall_shown)
    outcome.means_chart = means_chart(
        [result for result in question_results if result.is_scale], overall_shown
    )
    return outcome


# --- charts ---------------------------------------------------------------------------------------------

BAR = "#0b4f7a"


@dataclass
class Chart:
    id: str
    title: str
    description: str
    svg: str


def _shorten(text, length):
    return text if len(text) <= length else text[: length - 1] + "…"


def distribution_chart(result, chart_id, width=600):
    """The overall answers 1–5 of a scale question as horizontal bars, each with its count and share."""
    question, distribution = result.question, result.overall
    title = _("Question %(number)s: the answers overall") % {"number": question.position}
    if not distribution.shown:
        description = _("Fewer than %(minimum)s answers: the distribution is not shown.") % {
            "minimum": MIN_GROUP
        }
        body = format_html('<text x="0" y="16">{}</text>', description)
        return Chart(chart_id, title, description, svg_image(chart_id, width, 24, title, description, body))
    label_width, row, bar_height, value_width = 210, 26, 18, 90
    plot = width - label_width - value_width
    highest = max(distribution.counts.values()) or 1
    parts = []
    for index, (score, label, count, share) in enumerate(distribution.rows):
        y = index * row
        bar = round(plot * count / highest, 2)
        parts.append(
            format_html(
                '<text x="0" y="{ty}">{score} {label}</text>'
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"/>'
                '<text x="{vx}" y="{ty}">{count} ({share} %)</text>',
                ty=y + 13,
                score=score,
                label=label,
                x=label_width,
                y=y,
                w=bar,
                h=bar_height,
                fill=BAR,
                vx=round(label_width + bar + 6, 2),
                count=count,
                share=share if share is not None else 0,
            )
        )
    parts.append(
        format_html(
            '<line x1="{x}" y1="0" x2="{x}" y2="{y}" stroke="#333333"/>',
            x=label_width,
            y=len(SCORES) * row - 6,
        )
    )
    description = ngettext(
        "%(total)s answer to “%(question)s”, mean %(mean)s: %(counts)s.",
        "%(total)s answers to “%(question)s”, mean %(mean)s: %(counts)s.",
        distribution.total,
    ) % {
        "total": distribution.total,
        "question": question.text,
        "mean": distribution.mean_text,
        "counts": "; ".join(f"{score} {label}: {count}" for score, label, count, _share in distribution.rows),
    }
    svg = svg_image(chart_id, width, len(SCORES) * row, title, description, join_markup(parts))
    return Chart(chart_id, title, description, svg)


def means_chart(results, shown, chart_id="means", width=600):
    """The mean of each scale question on the scale from 1 to 5, as horizontal bars."""
    title = _("Mean per question on the scale from 1 to 5")
    if not results:
        return None
    if not shown:
        description = _("Fewer than %(minimum)s answers: the means are not shown.") % {"minimum": MIN_GROUP}
        body = format_html('<text x="0" y="16">{}</text>', description)
        return Chart(chart_id, title, description, svg_image(chart_id, width, 24, title, description, body))
    left, right, row, top = 8, 40, 44, 4
    plot = width - left - right
    axis_top = len(results) * row + top

    def x_of(value):
        return round(left + plot * (value - 1) / 4, 2)

    parts = []
    for index, result in enumerate(results):
        y = top + index * row
        parts.append(
            format_html(
                '<text x="0" y="{ty}" font-size="11">{number}. {text}</text>',
                ty=y + 11,
                number=result.question.position,
                text=_shorten(result.question.text, 90),
            )
        )
        # The grid behind the bar only, not through the question's text.
        for score in SCORES:
            parts.append(
                format_html(
                    '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="#bbbbbb" stroke-width="0.5"/>',
                    x=x_of(score),
                    top=y + 14,
                    bottom=y + 34,
                )
            )
        mean = result.overall.mean
        if mean is not None:
            parts.append(
                format_html(
                    '<rect x="{x}" y="{y}" width="{w}" height="16" fill="{fill}"/>'
                    '<text x="{vx}" y="{ty}" font-weight="bold">{mean}</text>',
                    x=x_of(1),
                    y=y + 16,
                    w=max(round(x_of(mean) - x_of(1), 2), 2),
                    fill=BAR,
                    vx=round(max(x_of(mean), x_of(1) + 2) + 4, 2),
                    ty=y + 29,
                    mean=result.overall.mean_text,
                )
            )
    for score in SCORES:
        parts.append(
            format_html(
                '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="#333333" stroke-width="0.5"/>'
                '<text x="{x}" y="{ty}" text-anchor="middle" font-size="11">{score}</text>',
                x=x_of(score),
                top=axis_top - 4,
                bottom=axis_top,
                ty=axis_top + 12,
                score=score,
            )
        )
    parts.append(
        format_html(
            '<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="#333333"/>'
            '<text x="{x1}" y="{ly}" font-size="10">{low}</text>'
            '<text x="{x2}" y="{ly}" font-size="10" text-anchor="end">{high}</text>',
            x1=x_of(1),
            x2=x_of(5),
            y=axis_top,
            ly=axis_top + 26,
            low=f"1 {SCALE[0][1]}",
            high=f"5 {SCALE[-1][1]}",
        )
    )
    description = _("Means on the scale from 1 (strongly disagree) to 5 (strongly agree): %(means)s.") % {
        "means": "; ".join(
            f"{result.question.position}. {result.question.text}: {result.overall.mean_text}"
            for result in results
        )
    }
    svg = svg_image(chart_id, width, axis_top + 32, title, description, join_markup(parts))
    return Chart(chart_id, title, description, svg)
