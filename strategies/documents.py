"""The strategy's documents (see the documents app): the strategy and its plan are read by every
logged-in role of the organisation, the consultation memo by those who follow the strategy work."""

from documents.registry import register
from volunteers.access import scoped
from volunteers.models import ORGANISATION_WIDE

from . import memo, pdf
from .models import Consultation, ImplementationPlan, Strategy

register(
    "strategy_pdf",
    visible=lambda request: scoped(request, Strategy.objects.all()),
    build=pdf.strategy_source,
)
register(
    "plan_pdf",
    visible=lambda request: scoped(request, ImplementationPlan.objects.select_related("strategy")),
    build=pdf.plan_source,
)


def _memos(request):
    if request.user.role not in ORGANISATION_WIDE:
        return Consultation.objects.none()
    return scoped(request, Consultation.objects.select_related("strategy__organisation"))


register("consultation_memo", visible=_memos, build=memo.memo_source)
