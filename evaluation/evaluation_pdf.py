"""The evaluation report for the steering group (seed 000: "Koncernledelsesforum vil blive forelagt
evalueringsresultatet"): cover, contents, response rates, the results per topic and question with the same
SVG charts as the results page, and the free-text suggestions. WeasyPrint, tagged PDF/UA-1, Danish.

Made by a Celery task through the documents app ("evaluation_report"), and reused until its content
changes: 40 units x 10 questions x 10 answers make some 40 pages, which take WeasyPrint about 20 seconds.
"""

from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.pdf import render_pdf
from documents.registry import Source, register
from volunteers.access import scoped
from volunteers.models import ORGANISATION_WIDE

from .models import Questionnaire
from .results import MIN_GROUP, results

TEMPLATE = "evaluation/evaluation_report_pdf.html"
STYLESHEET = Path(__file__).resolve().parent / "evaluation_pdf.css"

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def filename(questionnaire):
    """``evalueringsrapport-<strategy>.pdf``, with æ, ø and å spelt out rather than dropped."""
    slug = slugify(str(questionnaire.strategy).translate(_DANISH_LETTERS))[:60].strip("-")
    return f"evalueringsrapport-{slug or questionnaire.pk}.pdf"


def report_context(questionnaire):
    return {
        "questionnaire": questionnaire,
        "strategy": questionnaire.strategy,
        "organisation": questionnaire.strategy.organisation,
        "results": results(questionnaire),
        "min_group": MIN_GROUP,
        "today": timezone.localdate(),
    }


def report_pdf(questionnaire):
    return render_pdf(TEMPLATE, report_context(questionnaire), STYLESHEET)


def report_source(questionnaire):
    return Source(
        template=TEMPLATE,
        context=report_context(questionnaire),
        stylesheet=STYLESHEET,
        filename=filename(questionnaire),
        title=_("Evaluation report: %(strategy)s") % {"strategy": questionnaire.strategy},
    )


def _visible(request):
    """The reports the user may read: the organisation-wide roles' own organisation's (coordinators: none)."""
    questionnaires = Questionnaire.objects.select_related("strategy__organisation")
    if not request.user.is_authenticated or request.user.role not in ORGANISATION_WIDE:
        return questionnaires.none()
    return scoped(request, questionnaires)


# Registered here, where the report is built; views/questionnaire.py imports this module with the URLs.
register("evaluation_report", visible=_visible, build=report_source)
