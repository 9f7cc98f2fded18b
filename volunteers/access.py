"""Who may see and change what: the one place where data is scoped to a user.

Every model that a view shows declares how it reaches its organisation (``scope_organisation``,
a lookup path) and, when it belongs to units, how it reaches them (``scope_unit``). Views get their
querysets through ``scoped()`` and single objects through ``get_scoped_or_404()`` or
``get_changeable_or_403()``; none filters by organisation on its own.

- Nobody sees another organisation's data: it does not exist for them (404).
- A coordinator sees the data of their own units and the units below them (others: 404).
- The steering group reads; changing anything answers 403.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject

from .models import Role, descendant_ids

#: Roles that may change their organisation's data (a coordinator only within their units).
CHANGING_ROLES = frozenset({Role.COORDINATOR, Role.SECRETARIAT, Role.ADMINISTRATOR})
#: Roles that work with the strategy, its bodies and meetings across the organisation.
ORGANISATION_WIDE_ROLES = frozenset({Role.SECRETARIAT, Role.STEERING_GROUP, Role.ADMINISTRATOR})
#: Roles that change the organisation-wide work (bodies, members, meetings); the steering group reads.
SECRETARIAT_ROLES = frozenset({Role.SECRETARIAT, Role.ADMINISTRATOR})


class OrganisationMiddleware:
    """Resolve the user's organisation once per request, as ``request.organisation``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organisation = SimpleLazyObject(lambda: _organisation_of(request.user))
        return self.get_response(request)


def _organisation_of(user):
    return user.organisation if user.is_authenticated else None


def visible_unit_ids(request):
    """Ids of the units whose data the user may see; cached on the request."""
    if not hasattr(request, "_visible_unit_ids"):
        from .models import Unit

        user = request.user
        if not user.is_authenticated or request.organisation is None:
            ids = set()
        elif user.is_coordinator:
            own = user.units.filter(organisation=request.organisation).values_list("pk", flat=True)
            ids = descendant_ids(list(own), request.organisation)
        else:
            ids = set(Unit.objects.filter(organisation=request.organisation).values_list("pk", flat=True))
        request._visible_unit_ids = ids
    return request._visible_unit_ids


def scoped(queryset, request):
    """Narrow ``queryset`` to what the request's user may see."""
    model = queryset.model
    user = request.user
    if not user.is_authenticated or request.organisation is None:
        return queryset.none()
    queryset = queryset.filter(**{model.scope_organisation: request.organisation.pk})
    unit_path = getattr(model, "scope_unit", None)
    if unit_path and user.is_coordinator:
        queryset = queryset.filter(**{f"{unit_path}__in": visible_unit_ids(request)}).distinct()
    return queryset


def get_scoped_or_404(request, queryset, **lookup):
    return get_object_or_404(scoped(queryset, request), **lookup)


def may_change(user):
    """Whether the user's role changes data at all (what they may change is still scoped)."""
    return user.is_authenticated and user.role in CHANGING_ROLES


def get_changeable_or_403(request, queryset, **lookup):
    """The object if the user may change it; 404 if they may not even see it, 403 if read-only."""
    obj = get_scoped_or_404(request, queryset, **lookup)
    if not may_change(request.user):
        raise PermissionDenied
    return obj


def role_required(*roles):
    """Let only these roles in; everyone else logged in gets 403 (login itself is enforced by
    LoginRequiredMiddleware)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles or request.organisation is None:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
