"""Who may see and change what: the one place where data is scoped to a user.

Every model that a view shows declares, side by side:

- ``scope_organisation``: the lookup path to its organisation;
- ``scope_unit`` (when it belongs to units): the lookup path to its unit;
- ``changing_roles``: the roles that may change it (``UNIT_STAFF``, ``SECRETARIAT`` or ``NOBODY`` from
  volunteers.models);
- ``change_unit`` (when it is shared by units, as a volunteer organisation): the lookup path to the units
  through which a coordinator may change it. Everyone in the organisation reads it; a coordinator
  changes it only where one of their units collaborates.

Views get their querysets through ``scoped(request, queryset)`` and single objects through
``get_scoped_or_404(request, queryset, ...)`` or ``get_changeable_or_403(request, queryset, ...)``; a page
asks ``can_change(request, obj_or_model)`` and passes the answer to its template as ``can_change``. None
filters by organisation or checks a role on its own.

- Nobody sees another organisation's data: it does not exist for them (404).
- A coordinator sees the data of their own units and the units below them (others: 404).
- A role outside the model's ``changing_roles`` reads (the steering group always): changing answers 403;
  so does a coordinator for a shared object none of whose ``change_unit`` units is theirs.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject

from .models import Organisation, Unit, User, staff_unit_ids

M = TypeVar("M", bound=Model)
P = ParamSpec("P")


class OrganisationRequest(HttpRequest):
    """The request as OrganisationMiddleware leaves it (for type hints: views take it as ``request``)."""

    user: User | AnonymousUser
    organisation: Organisation | None
    _visible_unit_ids: set[int]


#: A view: the request, then the URL's arguments.
View = Callable[Concatenate[OrganisationRequest, P], HttpResponseBase]


class OrganisationMiddleware:
    """Resolve the user's organisation once per request, as ``request.organisation``."""

    def __init__(self, get_response: Callable[[OrganisationRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: OrganisationRequest) -> HttpResponseBase:
        # None itself when there is none (a lazy object is never `is None`); the organisation's row is read
        # only when a view uses it. Login has already loaded the user (LoginRequiredMiddleware).
        user = request.user
        if user.is_authenticated and user.organisation_id is not None:
            # Typed as what the lazy proxy stands for.
            request.organisation = SimpleLazyObject(lambda: user.organisation)  # type: ignore[assignment]
        else:
            request.organisation = None
        return self.get_response(request)


def visible_unit_ids(request: OrganisationRequest) -> set[int]:
    """Ids of the units whose data the user may see; cached on the request."""
    if not hasattr(request, "_visible_unit_ids"):
        user = request.user
        if not user.is_authenticated or request.organisation is None:
            ids = set()
        elif user.is_coordinator:
            ids = staff_unit_ids(user, request.organisation.pk)
        else:
            ids = set(
                Unit.objects.filter(organisation=request.organisation).order_by().values_list("pk", flat=True)
            )
        request._visible_unit_ids = ids
    return request._visible_unit_ids


def in_organisation(queryset: QuerySet[M], organisation_id: int) -> QuerySet[M]:
    """Narrow ``queryset`` to one organisation's rows, along the model's ``scope_organisation``."""
    # Each scoped model declares scope_organisation (and changing_roles): Model does not.
    return queryset.filter(**{queryset.model.scope_organisation: organisation_id})  # type: ignore[attr-defined]


def scoped(request: OrganisationRequest, queryset: QuerySet[M]) -> QuerySet[M]:
    """Narrow ``queryset`` to what the request's user may see."""
    user = request.user
    if not user.is_authenticated or request.organisation is None:
        return queryset.none()
    queryset = in_organisation(queryset, request.organisation.pk)
    unit_path = getattr(queryset.model, "scope_unit", None)
    if unit_path and user.is_coordinator:
        in_units: dict[str, Any] = {f"{unit_path}__any_of": visible_unit_ids(request)}
        if _leads_to_many(queryset.model, unit_path):
            # An id subquery: a join would repeat rows, and DISTINCT over every column costs.
            in_units = {"pk__in": queryset.model._base_manager.filter(**in_units).values("pk")}
        queryset = queryset.filter(**in_units)
    return queryset


def _leads_to_many(model: type[Model], path: str) -> bool:
    """Whether a lookup path crosses a relation to many rows, so that filtering on it repeats rows."""
    for name in path.split("__"):
        if name == "pk":
            return False
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model  # type: ignore[assignment]
    return False


def get_scoped_or_404(request: OrganisationRequest, queryset: QuerySet[M], **lookup: Any) -> M:
    return get_object_or_404(scoped(request, queryset), **lookup)


def can_change(request: OrganisationRequest, obj_or_model: Model | type[Model]) -> bool:
    """Whether the user's role may change objects of this kind (the model's ``changing_roles``).

    Which objects is scoping's business: pass an object the user can see (or the model, for a new one).
    """
    user = request.user
    model = obj_or_model._meta.model
    if not (
        user.is_authenticated and request.organisation is not None and user.role in model.changing_roles  # type: ignore[attr-defined]
    ):
        return False
    unit_path = getattr(model, "change_unit", None)
    if unit_path and user.is_coordinator and isinstance(obj_or_model, Model):
        in_units = {f"{unit_path}__any_of": visible_unit_ids(request)}
        return model._base_manager.filter(pk=obj_or_model.pk, **in_units).exists()
    return True


def get_changeable_or_403(request: OrganisationRequest, queryset: QuerySet[M], **lookup: Any) -> M:
    """The object if the user may change it; 404 if they may not even see it, 403 if they only read."""
    obj = get_scoped_or_404(request, queryset, **lookup)
    if not can_change(request, obj):
        raise PermissionDenied
    return obj


def change_required(model: type[Model]) -> Callable[[View[P]], View[P]]:
    """For views that create a ``model``: 403 unless the user's role may change such objects."""

    def decorator(view: View[P]) -> View[P]:
        @wraps(view)
        def wrapper(request: OrganisationRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            if not can_change(request, model):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def role_required(*roles: str) -> Callable[[View[P]], View[P]]:
    """Let only these roles in (a section only they read); everyone else logged in gets 403 (login
    itself is enforced by LoginRequiredMiddleware)."""

    def decorator(view: View[P]) -> View[P]:
        @wraps(view)
        def wrapper(request: OrganisationRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            # LoginRequiredMiddleware lets no anonymous user get here.
            if request.user.role not in roles or request.organisation is None:  # type: ignore[union-attr]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
