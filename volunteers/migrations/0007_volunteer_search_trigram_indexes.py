"""Trigram indexes for the search of volunteers by any part of a name, an e-mail address or a phone
number's digits (frivillig/search.py, the volunteer list's search): on PostgreSQL only, where
``icontains`` is ``UPPER(field::text) LIKE UPPER('%word%')``, which a trigram GIN index on the same
expression answers without reading every volunteer. SQLite (development) has no such index and needs none.

The phone expression is core.lists.digits_only("phone") as Django writes it; the two must stay the same.
"""

from django.db import migrations

PHONE_DIGITS = "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(phone, ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''), '.', ''), '/', '')::text"

INDEXES = {
    "volunteer_first_name_trgm": "UPPER(first_name::text)",
    "volunteer_last_name_trgm": "UPPER(last_name::text)",
    "volunteer_email_trgm": "UPPER(email::text)",
    "volunteer_phone_digits_trgm": f"({PHONE_DIGITS})",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension: the owner of the database may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON volunteers_volunteer USING gin ({expression} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0006_organisation_logo")]

    operations = [migrations.RunPython(create, drop)]
