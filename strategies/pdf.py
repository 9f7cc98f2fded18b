"""The strategy and its implementation plan as documents a region publishes: a cover, a table of
contents with page numbers, a running header, "Side x af y", Danish typography, tables of actions
per part and of the budget; tagged PDF/UA-1 (frivillig/pdf.py). A draft is marked "Udkast" on every
page.

The builders return the template, context, stylesheet and file name; the documents app renders them
in a Celery task and reuses the PDF until its content changes (strategies/documents.py).
"""

from collections import defaultdict
from pathlib import Path

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.pdf import render_pdf
from documents.registry import Source

from .budget import plan_budget
from .models import Action, ActionRow, EffectTarget, FocusArea, ImplementationPlan, Strategy

STYLESHEET = Path(__file__).resolve().parent / "pdf.css"
_DRAFT = {Strategy.Status.DRAFT, Strategy.Status.CONSULTATION}


def _filename(kind, strategy):
    return f"{slugify(f'{kind} {strategy.title} {strategy.version}')}.pdf"


def strategy_source(strategy):
    strategy = (
        Strategy.objects.select_related("organisation", "approved_by")
        .prefetch_related(
            Prefetch(
                "focus_areas",
                queryset=FocusArea.objects.prefetch_related(
                    Prefetch("effect_targets", queryset=EffectTarget.objects.all())
                ),
            )
        )
        .get(pk=strategy.pk)
    )
    context = {
        "strategy": strategy,
        "organisation": strategy.organisation,
        "draft": strategy.status in _DRAFT,
        "document_kind": gettext_lazy("Strategy"),
        "document_title": strategy.title,
        "pdf_title": f"{strategy.title} ({strategy.version})",
    }
    return Source(
        template="strategies/strategy_pdf.html",
        context=context,
        stylesheet=STYLESHEET,
        filename=_filename("strategi", strategy),
        title=_("%(strategy)s as PDF") % {"strategy": strategy},
    )


def _action_rows(plan: ImplementationPlan) -> dict[int, list[ActionRow]]:
    """The plan's actions as the PDF's rows, per part, in the plan's order."""
    rows = defaultdict(list)
    actions = Action.objects.filter(part__plan=plan).row_values()
    # Whether an action is overdue is not printed: the PDF stays the same from one day to the next.
    for row in ActionRow.of(actions, timezone.localdate()):
        rows[row.part_id].append(row)
    return rows


def plan_source(plan):
    plan = ImplementationPlan.objects.select_related("strategy__organisation", "strategy__approved_by").get(
        pk=plan.pk
    )
    parts = list(plan.parts.prefetch_related("units"))
    rows = _action_rows(plan)
    for part in parts:
        part.action_rows = rows[part.pk]
    strategy = plan.strategy
    context = {
        "plan": plan,
        "strategy": strategy,
        "organisation": strategy.organisation,
        "parts": parts,
        "action_count": sum(len(part.action_rows) for part in parts),
        "budget": plan_budget(plan),
        "draft": strategy.status in _DRAFT,
        "document_kind": strategy.title,
        "document_title": gettext_lazy("Implementation plan"),
        "pdf_title": format_lazy(
            "{}: {} ({})", gettext_lazy("Implementation plan"), strategy.title, strategy.version
        ),
    }
    return Source(
        template="strategies/plan_pdf.html",
        context=context,
        stylesheet=STYLESHEET,
        filename=_filename("implementeringsplan", strategy),
        title=_("Implementation plan for %(strategy)s as PDF") % {"strategy": strategy},
    )


def strategy_pdf(strategy):
    """The PDF's bytes at once (tests, benchmarks); users get it through the documents app."""
    source = strategy_source(strategy)
    return render_pdf(source.template, source.context, source.stylesheet)


def plan_pdf(plan):
    source = plan_source(plan)
    return render_pdf(source.template, source.context, source.stylesheet)
