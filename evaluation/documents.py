"""The follow-up's documents (see the documents app), made in the background and reused until their
content changes."""

from documents.registry import Source, register
from volunteers.access import scoped
from volunteers.models import ORGANISATION_WIDE

from . import status_pack
from .models import ReportingPeriod


def _periods(request):
    """The status pack of a half year: for the organisation-wide roles (coordinators: none)."""
    periods = ReportingPeriod.objects.select_related("strategy__organisation")
    if request.user.role not in ORGANISATION_WIDE:
        return periods.none()
    return scoped(request, periods)


def _status_pack(period):
    return Source(
        template="evaluation/status_pack.html",
        context=status_pack.context(period),
        stylesheet=status_pack.STYLESHEET,
        filename=status_pack.filename(period),
        title=status_pack.title(period),
    )


register("status_pack", visible=_periods, build=_status_pack)
