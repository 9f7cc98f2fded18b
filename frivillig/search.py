"""Search across the app (issue 15): the header's search box finds every kind of thing the user may see.

Each kind (volunteers, volunteer organisations, agreements, strategies, bodies, meetings, agenda items,
follow-ups) says which fields are searched and how a hit is shown. What the user may see comes from
``volunteers.access.scoped`` as on every page: a coordinator finds only their units' volunteers and
agreements; the kinds of the organisation-wide sections (bodies, meetings, items, follow-ups) are searched
only for the roles that read those sections.

How words match:

- PostgreSQL: full-text search with the Danish configuration, so inflected forms meet ("frivillige" finds
  "frivillig", "strategien" finds "strategi"), each word also as the start of a word ("strat" finds
  "strategi"); every word must match; the best matches (in a title rather than a text) come first.
- SQLite (development and most tests), and people's names and e-mail addresses on both: every word must
  occur in one of the fields (icontains).
- On both, identifiers match as typed (an e-mail address, a CVR number, a case number such as
  "1-00-6-20"), and phone numbers by their digits alone, however either is grouped: "2758", "27 58 17"
  and "27581" all find "27 58 17 90".

Each kind costs one query (its first hits and their count), none when the user's role does not read it;
the page of one kind two (the count, then the page).
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import and_, or_
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import (
    BooleanField,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from agreements.models import Agreement
from core.lists import digits_only
from meetings.models import AgendaItem, Body, FollowUp, Meeting
from strategies.models import Strategy
from volunteers.access import OrganisationRequest, scoped
from volunteers.models import ORGANISATION_WIDE, Unit, Volunteer, VolunteerOrganisation

#: Hits shown per kind on the results page; the kind's own results page shows the rest, page by page.
HITS_PER_KIND = 5
#: A search box, not a document: longer queries are cut.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
#: Fewer digits than this would find half the register.
MIN_PHONE_DIGITS = 3


@dataclass(frozen=True)
class Query:
    """What was typed, taken apart once."""

    text: str

    @classmethod
    def parse(cls, text: str) -> "Query":
        return cls(" ".join(text.split())[:MAX_QUERY_LENGTH])

    @property
    def words(self) -> list[str]:
        # Letters (æ, ø and å included) and digits only: nothing else reaches the search syntax.
        return re.findall(r"\w+", self.text)[:MAX_WORDS]

    @property
    def text_words(self) -> list[str]:
        return [word for word in self.words if not word.isdigit()]

    @property
    def phone_digits(self) -> str:
        """The digits of the query's numbers, joined ("27 58 17" -> "275817"), if there are enough."""
        digits = "".join(word for word in self.words if word.isdigit())
        return digits if len(digits) >= MIN_PHONE_DIGITS else ""

    def __bool__(self) -> bool:
        return bool(self.words)


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    details: list[Any]  # texts and dates, shown after the title


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any  # the heading of its group (lazy)
    count_label: Any  # "%(count)s volunteer" / "%(count)s volunteers" (ngettext_lazy)
    #: Only the fields its hits show (only()): fewer columns to compile, carry and count over.
    rows: Callable[[], QuerySet[Any]]
    #: Searched as words: field -> weight ("A" a title, "B" a name, "C" a text), for the ranking.
    fields: dict[str, str]
    details: Callable[[Any], list[Any]]
    order: tuple[str, ...]
    #: Compared with the whole query as typed.
    exact_fields: tuple[str, ...] = ()
    #: False for people's names and e-mail addresses: they are not inflected, and a stem would make "Jensen"
    #: find every "Jens"; their words match as typed, also on PostgreSQL.
    stemmed: bool = True
    phone_field: str = ""
    #: The kind's own list, which takes the query as its search (q) and adds its filters (and export).
    list_url_name: str = ""
    #: The roles that read this kind's section; None: everyone with an organisation.
    roles: frozenset[str] | None = None
    url: Callable[[Any], str] = field(default=lambda obj: obj.get_absolute_url())
    title: Callable[[Any], str] = str

    @cached_property
    def model(self) -> type[Any]:
        return self.rows().model

    def visible_to(self, request: OrganisationRequest) -> bool:
        return self.roles is None or getattr(request.user, "role", None) in self.roles

    def hit(self, obj: Any) -> Hit:
        return Hit(self.title(obj), self.url(obj), [detail for detail in self.details(obj) if detail])


def _postgres() -> bool:
    return connection.vendor == "postgresql"


#: A raw tsquery in the Danish configuration: its text is written by _tsquery_text.
_TO_TSQUERY = "to_tsquery('danish'::regconfig, %s)"


def _tsquery_text(words: Iterable[str]) -> str:
    """Every word, each also as the start of a word. Only \\w+ words reach this raw query (Query.words),
    joined by the one operator it needs."""
    return " & ".join(f"{word}:*" for word in words)


class _Document(Func):
    """The fields' words as one weighted vector, for matching and ranking: the SQL of
    ``SearchVector(name, weight=weight, config="danish") + ...`` (which an index may answer: agreements
    0004), written as one expression rather than a tree of a dozen (a search builds some twenty)."""

    output_field = SearchVectorField()

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(*(F(name) for name in fields))
        self.weights = list(fields.values())

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **kwargs: Any) -> tuple[str, list[Any]]:
        parts, params = [], []
        for expression, weight in zip(self.get_source_expressions(), self.weights, strict=True):
            sql, expression_params = compiler.compile(expression)
            # The searched fields are all text (no cast); the weights are the kinds' own letters, A to D.
            parts.append(f"setweight(to_tsvector('danish'::regconfig, COALESCE({sql}, '')), '{weight}')")
            params += expression_params
        return f"({' || '.join(parts)})", params


class _WordsInDocument(Func):
    """A document and a raw query of words, in one expression rather than SearchQuery's and SearchRank's
    trees (a search builds one per kind, word and related field): the same SQL."""

    sql_template: str

    def __init__(self, document: _Document, words: Iterable[str]) -> None:
        super().__init__(document)
        self.tsquery = _tsquery_text(words)

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **kwargs: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return self.sql_template.format(document=sql, query=_TO_TSQUERY), [*params, self.tsquery]


class _Matches(_WordsInDocument):
    """Whether the document holds every word (filtering a SearchVector by a raw SearchQuery)."""

    sql_template = "{document} @@ ({query})"
    output_field = BooleanField()


class _Rank(_WordsInDocument):
    """How well the document matches (SearchRank)."""

    sql_template = "ts_rank({document}, {query})"
    output_field = FloatField()


class _CountAll(Func):
    """``COUNT(*) OVER ()``: how many rows match, beside each of the first (``Window(Count("*"))``'s SQL)."""

    template = "COUNT(*) OVER ()"
    output_field = IntegerField()
    contains_over_clause = True


def _full_text(kind: Kind) -> bool:
    return kind.stemmed and _postgres()


def _words_match(kind: Kind, words: list[str]) -> Q:
    if _full_text(kind):
        return reduce(and_, (_word_in_document(kind, word) for word in words))
    return reduce(and_, (_anywhere(kind.fields, word) for word in words))


def _own_fields(kind: Kind) -> dict[str, str]:
    return {name: weight for name, weight in kind.fields.items() if "__" not in name}


class _EqualsAny(Func):
    """``column = ANY(array)``: Django writes a lookup's right-hand side in parentheses, where ANY may not
    stand."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def _word_in_document(kind: Kind, word: str) -> Q:
    """A word anywhere in the kind's document: in its own fields' vector (which an index may answer:
    agreements 0004), or in a related row's field (the agreement's volunteer organisation's name). The
    same matches as the whole document's vector, without computing that for every row."""
    own_fields = _own_fields(kind)
    found = Q(_Matches(_Document(own_fields), [word])) if own_fields else Q(pk__in=[])
    model = kind.model
    for name, weight in kind.fields.items():
        if "__" in name:
            relation, field_name = name.split("__")
            foreign_key = model._meta.get_field(relation)
            related = foreign_key.related_model._default_manager.filter(
                _Matches(_Document({field_name: weight}), [word])
            )
            # "= ANY(ARRAY(subquery))": the related rows found once, before the rows, and then looked up
            # by the foreign key's index; "IN (subquery)" beside the other fields would read every row.
            found |= Q(_EqualsAny(F(foreign_key.attname), ArraySubquery(related.values("pk").order_by())))
    return found


def _anywhere(fields: Iterable[str], word: str) -> Q:
    # SQLite's LIKE folds the case of ASCII letters only: there "ærø" finds "Ærø" as its capitalised form.
    forms = {word} if _postgres() else {word, word.lower(), word.capitalize()}
    return reduce(or_, (Q(**{f"{name}__icontains": form}) for name in fields for form in forms))


def matching(request: OrganisationRequest, kind: Kind, query: Query) -> QuerySet[Any]:
    """The rows of `kind` that the user may see and that match `query`, best first."""
    aliases = {}
    condition = _words_match(kind, query.words)
    for name in kind.exact_fields:
        condition |= Q(**{f"{name}__icontains": query.text})
    if kind.phone_field and query.phone_digits:
        aliases["phone_digits"] = digits_only(kind.phone_field)
        # "Karen 2758": the other words must match too.
        phone = Q(phone_digits__contains=query.phone_digits)
        if query.text_words:
            phone &= _words_match(kind, query.text_words)
        condition |= phone
    rows = scoped(request, kind.rows()).alias(**aliases).filter(condition)
    if _full_text(kind):
        return rows.annotate(search_rank=_Rank(_Document(kind.fields), query.words)).order_by(
            "-search_rank", *kind.order
        )
    return rows.order_by(*_words_order(kind.order))


def _words_order(order: tuple[str, ...]) -> list[Any]:
    """The order of a kind searched as words (people's names). On PostgreSQL by the names in upper case:
    no index gives that order, so the planner finds the matches through the trigram indexes and sorts
    those few, rather than walking the whole name index for the first hits (it cannot tell that the
    count of every match, in the same query, reads them all anyway)."""
    if not _postgres():
        return list(order)
    return [name if name == "pk" else Upper(name) for name in order]


@dataclass(frozen=True)
class Group:
    kind: Kind
    hits: list[Hit]
    count: int

    @property
    def count_text(self) -> str:
        return str(self.kind.count_label % {"count": self.count})


def search(request: OrganisationRequest, query: Query) -> list[Group]:
    """The first HITS_PER_KIND hits of each kind the user may see, with how many there are in all; kinds
    without a hit left out."""
    groups = []
    for kind in visible_kinds(request):
        # Counted in the same query: the database has found every match anyway to choose the best.
        counted = matching(request, kind, query).annotate(search_count=_CountAll())
        objects = list(counted[:HITS_PER_KIND])
        if objects:
            groups.append(Group(kind, [kind.hit(obj) for obj in objects], objects[0].search_count))
    return groups


def visible_kinds(request: OrganisationRequest) -> list[Kind]:
    return [kind for kind in KINDS if kind.visible_to(request)]


def _item_url(item: AgendaItem) -> str:
    return f"{reverse('meetings:meeting_detail', args=[item.meeting_id])}#item-{item.pk}"


def _case_number(item: AgendaItem) -> str:
    return str(_("Case number %(number)s") % {"number": item.case_number}) if item.case_number else ""


KINDS = [
    Kind(
        key="volunteers",
        label=_("Volunteers"),
        count_label=ngettext_lazy("%(count)s volunteer", "%(count)s volunteers", "count"),
        rows=lambda: (
            Volunteer.objects.filter(anonymised_on__isnull=True)
            .only("first_name", "last_name", "anonymised_on", "start_date", "end_date", "phone")
            # The unit's name from a subquery, not a join: PostgreSQL then reads it for the hits shown
            # only, after sorting, rather than joining every match to its unit (-0.6 ms for 800 matches).
            .annotate(unit_name=Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("name")))
        ),
        fields={"first_name": "A", "last_name": "A", "email": "B"},
        stemmed=False,
        phone_field="phone",
        order=("last_name", "first_name", "pk"),
        list_url_name="volunteers:volunteer_list",
        details=lambda volunteer: [volunteer.unit_name, volunteer.status().label, volunteer.phone],
    ),
    Kind(
        key="volunteer_organisations",
        label=_("Volunteer organisations"),
        count_label=ngettext_lazy(
            "%(count)s volunteer organisation", "%(count)s volunteer organisations", "count"
        ),
        rows=lambda: VolunteerOrganisation.objects.only("name", "kind"),
        fields={"name": "A", "email": "B"},
        exact_fields=("email", "cvr"),
        phone_field="phone",
        order=("name", "pk"),
        list_url_name="volunteers:volunteer_organisation_list",
        details=lambda organisation: [organisation.get_kind_display()],
    ),
    Kind(
        key="agreements",
        label=_("Collaboration agreements"),
        count_label=ngettext_lazy("%(count)s agreement", "%(count)s agreements", "count"),
        rows=lambda: Agreement.objects.select_related("unit", "volunteer_organisation").only(
            "title", "status", "unit__name", "volunteer_organisation__name"
        ),
        fields={"title": "A", "volunteer_organisation__name": "B", "purpose": "C"},
        order=("title", "pk"),
        list_url_name="agreements:agreement_list",
        details=lambda agreement: [
            agreement.volunteer_organisation.name,
            agreement.unit.name,
            agreement.get_status_display(),
        ],
    ),
    Kind(
        key="strategies",
        label=_("Strategies"),
        count_label=ngettext_lazy("%(count)s strategy", "%(count)s strategies", "count"),
        rows=lambda: Strategy.objects.only("title", "version", "status"),
        fields={"title": "A", "version": "A", "vision": "C", "purpose": "C"},
        order=("title", "-version", "pk"),
        details=lambda strategy: [strategy.get_status_display()],
    ),
    Kind(
        key="bodies",
        label=_("Bodies"),
        count_label=ngettext_lazy("%(count)s body", "%(count)s bodies", "count"),
        rows=lambda: Body.objects.only("name", "kind"),
        fields={"name": "A", "mandate": "C"},
        order=("name", "pk"),
        roles=ORGANISATION_WIDE,
        details=lambda body: [body.get_kind_display()],
    ),
    Kind(
        key="meetings",
        label=_("Meetings"),
        count_label=ngettext_lazy("%(count)s meeting", "%(count)s meetings", "count"),
        rows=lambda: Meeting.objects.select_related("body").only("date", "status", "body__name"),
        fields={"body__name": "A", "place": "B"},
        order=("-date", "-start_time", "pk"),
        roles=ORGANISATION_WIDE,
        title=lambda meeting: meeting.body.name,
        details=lambda meeting: [meeting.date, meeting.get_status_display()],
    ),
    Kind(
        key="items",
        label=_("Agenda items"),
        count_label=ngettext_lazy("%(count)s agenda item", "%(count)s agenda items", "count"),
        rows=lambda: AgendaItem.objects.select_related("meeting__body").only(
            "title", "case_number", "meeting__date", "meeting__body__name"
        ),
        fields={
            "title": "A",
            "case_number": "A",
            "summary": "C",
            "recommendation": "C",
            "decision": "C",
        },
        exact_fields=("case_number",),
        order=("-meeting__date", "position", "pk"),
        roles=ORGANISATION_WIDE,
        url=_item_url,
        title=lambda item: item.title,
        details=lambda item: [item.meeting.body.name, item.meeting.date, _case_number(item)],
    ),
    Kind(
        key="follow_ups",
        label=_("Decisions and follow-ups"),
        count_label=ngettext_lazy("%(count)s follow-up", "%(count)s follow-ups", "count"),
        rows=lambda: FollowUp.objects.select_related("body").only(
            "title", "kind", "status", "deadline", "body__name"
        ),
        fields={"title": "A", "owner": "B", "source": "C"},
        order=("deadline", "pk"),
        list_url_name="meetings:follow_up_list",
        roles=ORGANISATION_WIDE,
        title=lambda follow_up: follow_up.title,
        details=lambda follow_up: [
            follow_up.get_kind_display(),
            follow_up.body.name,
            follow_up.get_status_display(),
            follow_up.deadline,
        ],
    ),
]

KINDS_BY_KEY = {kind.key: kind for kind in KINDS}
