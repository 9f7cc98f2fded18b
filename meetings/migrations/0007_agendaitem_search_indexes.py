"""Indexes for the search of agenda items (frivillig/search.py): on PostgreSQL only. The item's vector is
the expression search._Document writes for its fields (the title and case number weighted A, the summary,
recommendation and decision C, Danish), and a case number typed as such is ``UPPER(case_number::text)
LIKE UPPER('%...%')``, which a trigram index answers (pg_trgm: volunteers 0007). With both, the planner
reads the few matching items instead of computing the vector of every item. The two must stay the same.
"""

from django.db import migrations

DOCUMENT = (
    "(setweight(to_tsvector('danish'::regconfig, COALESCE(title, '')), 'A')"
    " || setweight(to_tsvector('danish'::regconfig, COALESCE(case_number, '')), 'A')"
    " || setweight(to_tsvector('danish'::regconfig, COALESCE(summary, '')), 'C')"
    " || setweight(to_tsvector('danish'::regconfig, COALESCE(recommendation, '')), 'C')"
    " || setweight(to_tsvector('danish'::regconfig, COALESCE(decision, '')), 'C'))"
)
INDEXES = {
    "agendaitem_search_document": DOCUMENT,
    "agendaitem_case_number_trgm": "UPPER(case_number::text) gin_trgm_ops",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON meetings_agendaitem USING gin ({expression})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_attendance_items_and_public_bodies"),
        ("volunteers", "0007_volunteer_search_trigram_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
