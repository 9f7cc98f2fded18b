"""Register lists: search, filters, sorting and pagination, done the same way on every list.

In a view::

    listing = Listing(
        request,
        scoped(request, Volunteer.objects.select_related("unit")),
        search_fields=["first_name", "last_name", "email"],
        filterset_class=VolunteerFilter,  # optional; a django-filter FilterSet, given request=request
        sort_fields={"name": ("last_name", "first_name"), "start": ("start_date",)},
        default_sort="name",
    )
    listing.queryset  # every matching row: searched, filtered and sorted (what an export writes)
    listing.page      # the requested page of it, PER_PAGE rows
    return render(request, "...", {"listing": listing})

GET parameters: ``q`` (search words; each must occur in one of ``search_fields``, or a number in the
digits of one of ``phone_fields``, however they are grouped), the filterset's
fields, ``sort`` (a key of ``sort_fields``, ``-key`` for descending; anything else gives
``default_sort``) and ``page``.

In the template, with ``listing`` in the context::

    {% include "includes/list_filters.html" %}      search box, filter form, "clear" link
    {% sort_header listing.headers.name label %}    a sortable column heading ({% load lists %})
    {% include "includes/pagination.html" %}

For tables whose columns are data (a list and its export showing the same), describe them as
``Column``s and use ``listing.header_cells(columns)`` and ``table_rows(columns, listing.page)``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils.functional import cached_property

PER_PAGE = 25
#: A search finding at most this many rows reads their keys once and counts them (see Listing.page).
SEARCH_KEYS_AT_ONCE = 1000
#: What people put between the digits of a phone number.
PHONE_SEPARATORS = " -+()./"


def digits_only(field_name: str) -> Any:
    """A phone number field without its separators, as a database expression: "2758" then finds
    "27 58 17 90" (and no stored copy has to be kept in step)."""
    expression: Any = F(field_name)
    for separator in PHONE_SEPARATORS:
        expression = Replace(expression, Value(separator), Value(""))
    return expression


@dataclass(frozen=True)
class SortHeader:
    """A sortable column's link (the other GET parameters kept) and its state for aria-sort."""

    url: str
    aria_sort: str  # "ascending", "descending" or "" when the list is not sorted by this column


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the gap ("…") between page numbers
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Column:
    """One column of a table: its heading, how to get a row's value, and its sort key if any.

    ``kind`` "date" makes templates and exports format the value as a date; "phone" keeps a number on
    one line and "email" lets an address wrap only after its "@" in a narrow column.
    """

    label: Any
    value: Callable[[Any], Any]
    sort: str = ""
    kind: str = "text"


def table_rows(columns, objects):
    """(object, [(value, column), ...]) for each object: what a list shows, and what its export writes."""
    return [(obj, [(column.value(obj), column) for column in columns]) for obj in objects]


class _SearchedRows:
    """A search's matches as Paginator pages them. Their first keys are read once, in order. If that is
    all of them, it also gives their count, so the matches are not found twice: the text search is most
    of a count's or a page's cost. A page among those keys is then read by its keys alone, not as the
    first rows in the sorted order. For that order PostgreSQL might walk a whole sorted index to find a
    few matches, when the trigram indexes find them all at once."""

    def __init__(self, queryset, rows):
        self.queryset = queryset
        #: The view's queryset: what a row selects and prefetches, without the search, filters or order.
        self.rows = rows
        self.keys = list(queryset.values_list("pk", flat=True)[: SEARCH_KEYS_AT_ONCE + 1])
        self.count = len(self.keys) if len(self.keys) <= SEARCH_KEYS_AT_ONCE else queryset.count()

    def __len__(self):
        return self.count

    def __getitem__(self, window):
        if window.stop > len(self.keys):
            return list(self.queryset[window])
        position = {key: index for index, key in enumerate(self.keys[window])}
        rows = self.rows.filter(pk__in=position).order_by() if position else []
        return sorted(rows, key=lambda row: position[row.pk])


class _CountedRows:
    """Rows whose number the view has counted already (its groups' counts), as Paginator pages them: the
    list does not count them again."""

    def __init__(self, queryset, count):
        self.queryset = queryset
        self.count = count

    def __len__(self):
        return self.count

    def __getitem__(self, window):
        return self.queryset[window]


class Listing:
    def __init__(
        self,
        request,
        queryset,
        *,
        search_fields=(),
        phone_fields=(),
        filterset_class=None,
        sort_fields=None,
        default_sort="",
        per_page=PER_PAGE,
        count=None,
    ):
        if count is not None and (search_fields or filterset_class):
            raise TypeError("A count the view made cannot know the list's own search and filters.")
        self.request = request
        self.params = request.GET
        self.search_fields = search_fields
        self.phone_fields = phone_fields
        self.query = self.params.get("q", "").strip() if search_fields else ""
        self.filterset = (
            filterset_class(self.params or None, queryset=queryset, request=request)
            if filterset_class
            else None
        )
        self.sort_fields = sort_fields or {}
        sort = self.params.get("sort", "")
        self.sort = sort if sort.lstrip("-") in self.sort_fields else default_sort
        self.per_page = per_page
        self._queryset = queryset
        #: How many rows the queryset has, if the view has counted them already.
        self._count = count

    @cached_property
    def queryset(self):
        queryset = self.filterset.qs if self.filterset else self._queryset
        for field in self.phone_fields:
            queryset = queryset.alias(**{f"{field}_digits": digits_only(field)})
        for word in self.query.split():
            matches = Q()
            has_digits = any(character.isdigit() for character in word)
            for field in self.search_fields:
                # A phone number holds no letters: a word without digits is not looked for in it, so
                # that the other fields' (trigram) indexes alone can answer the search.
                if field in self.phone_fields and not has_digits:
                    continue
                matches |= Q(**{f"{field}__icontains": word})
            if word.isdigit():
                for field in self.phone_fields:
                    matches |= Q(**{f"{field}_digits__contains": word})
            queryset = queryset.filter(matches)
        if self.sort:
            descending = self.sort.startswith("-")
            # Empty values last either way; the primary key last, so that pages never overlap.
            ordering = [
                F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
                for field in self.sort_fields[self.sort.lstrip("-")]
            ]
            queryset = queryset.order_by(*ordering, "-pk" if descending else "pk")
        return queryset

    @cached_property
    def page(self):
        if self.query:
            rows = _SearchedRows(self.queryset, self._queryset)
        elif self._count is not None:
            rows = _CountedRows(self.queryset, self._count)
        else:
            rows = self.queryset
        return Paginator(rows, self.per_page).get_page(self.params.get("page"))

    def first_page_urls(self, counts):
        """For a list shown in groups (the rows of each group together, the groups in the order of
        ``counts``: {group: number of rows}), the URL of the page each group starts on: a group whose
        rows are all on other pages links there."""
        urls, before = {}, 0
        for group, count in counts.items():
            urls[group] = self.url(page=str(before // self.per_page + 1))
            before += count
        return urls

    @property
    def is_filtered(self):
        return bool(self.query) or any(
            self.params.get(name) for name in (self.filterset.form.fields if self.filterset else ())
        )

    def url(self, **changes):
        """The current list's URL with some GET parameters changed (None removes one)."""
        params = self.params.copy()
        for name, value in changes.items():
            params.pop(name, None)
            if value is not None:
                params[name] = value
        return f"?{params.urlencode()}" if params else self.request.path

    @property
    def querystring(self):
        """The search, filters and sorting without the page, e.g. for an export link."""
        params = self.params.copy()
        params.pop("page", None)
        return params.urlencode()

    @cached_property
    def headers(self):
        """Sort key -> SortHeader. Clicking the sorted column reverses it; a new sort starts on page 1."""
        headers = {}
        for key in self.sort_fields:
            if self.sort == key:
                headers[key] = SortHeader(self.url(sort=f"-{key}", page=None), "ascending")
            elif self.sort == f"-{key}":
                headers[key] = SortHeader(self.url(sort=key, page=None), "descending")
            else:
                headers[key] = SortHeader(self.url(sort=key, page=None), "")
        return headers

    def header_cells(self, columns):
        """(label, SortHeader or None) per column, for templates that loop over Columns."""
        return [(column.label, self.headers.get(column.sort)) for column in columns]

    @property
    def page_links(self):
        page = self.page
        links = []
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
            if number == page.paginator.ELLIPSIS:
                links.append(PageLink(None))
            else:
                links.append(PageLink(number, self.url(page=str(number)), number == page.number))
        return links

    @property
    def previous_url(self):
        return self.url(page=str(self.page.previous_page_number())) if self.page.has_previous() else ""

    @property
    def next_url(self):
        return self.url(page=str(self.page.next_page_number())) if self.page.has_next() else ""
