"""The audit log as one chronological list: logins (audit.LoginEvent) and the history records of users,
volunteers, contact persons, units and the organisation itself (django-simple-history, app audit).

The sources are different tables, so the list is a UNION ALL of one ``values()`` query per source, each
narrowed to the organisation (and to the filters) before the union, every column an annotation with the
same name in the same order. The database sorts and pages the union: a page is two queries (its count
and its rows) however old it is, and pages never overlap or skip (ordered by time, then source and id).
What a page shows beyond the columns (who, links to objects that still exist) is looked up for that
page's rows only, in a query per source present (see ``describe``).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import BigIntegerField, Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Trim
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audit.models import LoginEvent
from volunteers.models import ContactPerson, Organisation, Unit, User, Volunteer, VolunteerOrganisation

LOGIN, FAILED, CREATED, CHANGED, DELETED = "login", "failed", "+", "~", "-"
KINDS = [
    (LOGIN, _("Login")),
    (FAILED, _("Failed login")),
    (CREATED, _("Created")),
    (CHANGED, _("Changed")),
    (DELETED, _("Deleted")),
]
KIND_LABELS = dict(KINDS)

#: Source name -> the model whose history it is (None: logins).
SUBJECTS: dict[str, Any] = {
    "login": None,
    "user": User,
    "volunteer": Volunteer,
    "contact": ContactPerson,
    "unit": Unit,
    "organisation": Organisation,
}
SUBJECT_LABELS = {
    "user": _("User"),
    "volunteer": _("Volunteer"),
    "contact": _("Contact person"),
    "unit": _("Unit"),
    "organisation": _("Organisation"),
}

COLUMNS = ["e_at", "e_source", "e_pk", "e_actor", "e_kind", "e_object", "e_parent", "e_label", "e_fields"]


@dataclass(frozen=True)
class Filters:
    person: int | None = None  # who logged in or made the change, or the user changed
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None


#: An empty id column, typed (PostgreSQL types an untyped NULL in a UNION as text).
_NO_ID = Cast(Value(None), BigIntegerField())


def _text(expression) -> Any:
    return Coalesce(expression, Value(""), output_field=CharField())


def _logins(organisation_id: int, filters: Filters) -> QuerySet:
    rows = LoginEvent.objects.filter(organisation_id=organisation_id)
    if filters.person:
        rows = rows.filter(user_id=filters.person)
    if filters.kind in (LOGIN, FAILED):
        rows = rows.filter(succeeded=filters.kind == LOGIN)
    elif filters.kind:
        rows = rows.none()
    if filters.date_from:
        rows = rows.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(at__date__lte=filters.date_to)
    return (
        rows.annotate(
            e_at=F("at"),
            e_source=Value("login", output_field=CharField()),
            e_pk=F("pk"),
            e_actor=F("user_id"),
            e_kind=Case(
                When(succeeded=True, then=Value(LOGIN)), default=Value(FAILED), output_field=CharField()
            ),
            e_object=F("user_id"),
            e_parent=_NO_ID,
            e_label=_text(F("username")),
            e_fields=Value("", output_field=CharField()),
        )
        .values(*COLUMNS)
        .order_by()
    )


def _history(source: str, rows: QuerySet, filters: Filters, label, parent=None) -> QuerySet:
    if filters.person:
        by_person = Q(history_user_id=filters.person)
        if source == "user":
            by_person |= Q(id=filters.person)
        rows = rows.filter(by_person)
    if filters.kind in (CREATED, CHANGED, DELETED):
        rows = rows.filter(history_type=filters.kind)
    elif filters.kind:
        rows = rows.none()
    if filters.date_from:
        rows = rows.filter(history_date__date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(history_date__date__lte=filters.date_to)
    return (
        rows.annotate(
            e_at=F("history_date"),
            e_source=Value(source, output_field=CharField()),
            e_pk=F("history_id"),
            e_actor=F("history_user_id"),
            e_kind=F("history_type"),
            e_object=F("id"),
            e_parent=parent if parent is not None else _NO_ID,
            e_label=_text(label),
            e_fields=_text(F("changed_fields")),
        )
        .values(*COLUMNS)
        .order_by()
    )


def _history_of(model) -> QuerySet:
    """The model's history records (django-simple-history adds ``history``, unseen by the type checker)."""
    return model.history.all()


def _full_name():
    return NullIf(
        Trim(Concat(F("first_name"), Value(" "), F("last_name"), output_field=CharField())), Value("")
    )


def entries(organisation_id: int, filters: Filters = Filters()) -> QuerySet:
    """The organisation's audit log, newest first, as rows of ``COLUMNS`` (one query; paginate it)."""
    volunteer_organisations = VolunteerOrganisation.objects.filter(organisation_id=organisation_id).values(
        "pk"
    )
    sources = [
        _logins(organisation_id, filters),
        _history(
            "user",
            _history_of(User).filter(organisation_id=organisation_id),
            filters,
            Coalesce(_full_name(), F("username"), output_field=CharField()),
        ),
        _history(
            "volunteer", _history_of(Volunteer).filter(organisation_id=organisation_id), filters, _full_name()
        ),
        _history(
            "contact",
            _history_of(ContactPerson).filter(volunteer_organisation_id__in=volunteer_organisations),
            filters,
            F("name"),
            parent=F("volunteer_organisation_id"),
        ),
        _history("unit", _history_of(Unit).filter(organisation_id=organisation_id), filters, F("name")),
        _history("organisation", _history_of(Organisation).filter(id=organisation_id), filters, F("name")),
    ]
    first, *others = sources
    return first.union(*others, all=True).order_by("-e_at", "e_source", "-e_pk")


@dataclass
class Entry:
    at: Any
    kind: str
    kind_label: Any
    actor: User | None
    subject: Any
    label: str
    url: str
    changed_fields: list[str]


def _changed_fields(model, names: str) -> list[str]:
    labels = []
    for name in filter(None, (part.strip() for part in names.split(","))):
        try:
            labels.append(str(model._meta.get_field(name).verbose_name))
        except Exception:  # a field removed since the change was recorded
            labels.append(name)
    return labels


def describe(rows: list[dict], organisation_id: int) -> list[Entry]:
    """A page's rows as entries: the people who acted, and links to the objects that still exist."""
    actors = User.objects.filter(organisation_id=organisation_id).in_bulk(
        {row["e_actor"] for row in rows if row["e_actor"]}
    )
    wanted: dict[str, set[int]] = {}
    for row in rows:
        if row["e_source"] in ("user", "volunteer", "unit") and row["e_object"]:
            wanted.setdefault(row["e_source"], set()).add(row["e_object"])
        elif row["e_source"] == "contact" and row["e_parent"]:
            wanted.setdefault("contact", set()).add(row["e_parent"])
    existing = {
        "user": lambda ids: User.objects.filter(organisation_id=organisation_id, pk__in=ids),
        "volunteer": lambda ids: Volunteer.objects.filter(organisation_id=organisation_id, pk__in=ids),
        "unit": lambda ids: Unit.objects.filter(organisation_id=organisation_id, pk__in=ids),
        "contact": lambda ids: VolunteerOrganisation.objects.filter(
            organisation_id=organisation_id, pk__in=ids
        ),
    }
    found = {
        source: set(existing[source](ids).values_list("pk", flat=True)) for source, ids in wanted.items()
    }
    entries = []
    for row in rows:
        source = row["e_source"]
        url = ""
        if source == "user" and row["e_object"] in found.get("user", ()):
            url = reverse("administration:user_detail", args=[row["e_object"]])
        elif source == "volunteer" and row["e_object"] in found.get("volunteer", ()):
            url = reverse("volunteers:volunteer_detail", args=[row["e_object"]])
        elif source == "unit" and row["e_object"] in found.get("unit", ()):
            url = reverse("volunteers:unit_detail", args=[row["e_object"]])
        elif source == "contact" and row["e_parent"] in found.get("contact", ()):
            url = reverse("volunteers:volunteer_organisation_detail", args=[row["e_parent"]])
        elif source == "organisation":
            url = reverse("administration:organisation")
        model = SUBJECTS[source]
        entries.append(
            Entry(
                at=row["e_at"],
                kind=row["e_kind"],
                kind_label=KIND_LABELS.get(row["e_kind"], row["e_kind"]),
                actor=actors.get(row["e_actor"]),
                subject=SUBJECT_LABELS.get(source, ""),
                label=row["e_label"],
                url=url,
                changed_fields=_changed_fields(model, row["e_fields"]) if model else [],
            )
        )
    return entries
