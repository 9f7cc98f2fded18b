"""The agreement's document (see the documents app): its PDF for signature, for everyone who may see the
agreement."""

from documents.registry import register
from volunteers.access import scoped

from . import pdf
from .models import Agreement


def _agreements(request):
    agreements = Agreement.objects.select_related("organisation", "unit", "volunteer_organisation")
    return scoped(request, agreements)


register("agreement_pdf", visible=_agreements, build=pdf.agreement_source)
