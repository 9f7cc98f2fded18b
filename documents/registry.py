"""The kinds of documents: each app registers its own in its `documents` module.

A kind says which objects it is made from, which of them a request's user may see, and how the
document is built from one of them: a template, its context, the document's stylesheet and the name
of the file (core/pdf.py renders it on the shared stylesheet).
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404

from volunteers.access import OrganisationRequest


@dataclass(frozen=True)
class Source:
    template: str
    context: dict[str, Any]
    stylesheet: Path
    filename: str
    title: str


@dataclass(frozen=True)
class Kind:
    name: str
    #: request -> the objects the user may see (an empty queryset for roles that may not).
    visible: Callable[[OrganisationRequest], QuerySet[Model]]
    #: object (one of those) -> Source
    build: Callable[[Any], Source]


KINDS: dict[str, Kind] = {}


def register(
    name: str,
    *,
    visible: Callable[[OrganisationRequest], QuerySet[Model]],
    build: Callable[[Any], Source],
) -> Kind:
    if name in KINDS:
        raise ValueError(f"The document kind {name!r} is registered twice.")
    KINDS[name] = Kind(name, visible, build)
    return KINDS[name]


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise Http404 from None


def visible_object(request: OrganisationRequest, kind: Kind, object_id: int) -> Model:
    """The document's object if the user may see it, else 404."""
    obj = kind.visible(request).filter(pk=object_id).first()
    if obj is None:
        raise Http404
    return obj
