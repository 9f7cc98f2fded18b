"""The register's forms, one module per concept; here what they share."""

from django.db.models import Q

from ..access import scoped
from ..models import Unit


def unit_choices(request, current_id=None):
    """The units a form offers: the open units the user may see, and the object's current unit even if it
    is closed (editing a volunteer of a closed unit does not force a move; no other object can choose it)."""
    units = scoped(request, Unit.objects.all())
    if current_id is None:
        return units.filter(closed_on__isnull=True)
    return units.filter(Q(closed_on__isnull=True) | Q(pk=current_id))


def keep_hidden_choices(field, chosen, current):
    """The chosen objects plus those already linked that the user cannot see (and so cannot unlink)."""
    hidden = current.exclude(pk__in=field.queryset.values("pk"))
    return [*chosen, *hidden]
