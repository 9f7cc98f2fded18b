"""The strategy's documents (see the documents app): read by every logged-in role of the organisation."""

from documents.registry import register
from volunteers.access import scoped

from . import pdf
from .models import ImplementationPlan, Strategy

register(
    "strategy_pdf",
    visible=lambda request: scoped(Strategy.objects.all(), request),
    build=pdf.strategy_source,
)
register(
    "plan_pdf",
    visible=lambda request: scoped(ImplementationPlan.objects.select_related("strategy"), request),
    build=pdf.plan_source,
)
