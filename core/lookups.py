"""Integers that a column cannot hold match no row, in the two lookups Django leaves unguarded.

Django answers ``exact``, ``lt``, ``gte``, ... on an integer column with an out-of-range value by matching
nothing (``IntegerFieldOverflow``), but not ``in``, nor ``exact`` through a foreign key. There SQLite's
driver raises OverflowError for an integer beyond 64 bits, e.g. a tampered choice of a multiple-choice
field (``pk__in``) or an id in the URL compared with a foreign key (``organisation=<id>``): a 500 instead
of "not found" or "not one of the choices". Registered by CoreConfig.ready()."""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignKey, IntegerField
from django.db.models.fields.related_lookups import RelatedExact
from django.db.models.lookups import In


def _fits(value, field, connection) -> bool:
    if not isinstance(value, int) or not isinstance(field, IntegerField):
        return True
    low, high = connection.ops.integer_field_range(field.get_internal_type())
    return (low is None or low <= value) and (high is None or value <= high)


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            field = self.lhs.output_field
            self.rhs = [value for value in self.rhs if _fits(value, field, connection)]
        return super().process_rhs(compiler, connection)


@ForeignKey.register_lookup
class ForeignKeyExact(RelatedExact):
    def process_rhs(self, compiler, connection):
        field = self.lhs.output_field  # in a subquery, the column it is compared with
        if not _fits(self.rhs, getattr(field, "target_field", field), connection):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


@IntegerField.register_lookup
@ForeignKey.register_lookup
class AnyOf(In):
    """``field__any_of=ids``: the rows of ``field__in=ids``, for a long list of ids (a coordinator's units).
    On PostgreSQL the ids go as one array parameter (``= ANY(%s)``, which PostgreSQL makes of an IN list
    anyway): a statement of one placeholder rather than fifty is cheaper to compile, adapt and parse."""

    lookup_name = "any_of"

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return self.as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = [value for value in self.rhs if value is not None]
        if not ids:
            raise EmptyResultSet
        return f"{lhs} = ANY(%s)", (*lhs_params, ids)
