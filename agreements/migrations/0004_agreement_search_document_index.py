"""A full-text index for the search of agreements (frivillig/search.py): on PostgreSQL only, over the
expression Django writes for the agreement's own fields' vector (``own_document``: the title weighted A,
the purpose C, Danish), so that a search does not compute the vector of every agreement. The volunteer
organisation's name, also searched, is matched in its own table. The two must stay the same.
"""

from django.db import migrations

DOCUMENT = (
    "(setweight(to_tsvector('danish'::regconfig, COALESCE(title, '')), 'A')"
    " || setweight(to_tsvector('danish'::regconfig, COALESCE(purpose, '')), 'C'))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS agreement_search_document ON agreements_agreement USING gin ({DOCUMENT})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS agreement_search_document")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0003_agreement_review_order_index")]

    operations = [migrations.RunPython(create, drop)]
