from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from frivillig.backup import restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the configured database and MEDIA_ROOT, which must be "
        "empty unless --force is given; then compare the rows per model with the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="The folder that `backup` wrote")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything in the database and MEDIA_ROOT (their contents are deleted first)",
        )

    def handle(self, *args, directory, force, **options):
        manifest, counts = restore(directory, force=force)
        differing = {
            label: (manifest["counts"].get(label), counts.get(label))
            for label in sorted(set(manifest["counts"]) | set(counts))
            if manifest["counts"].get(label) != counts.get(label)
        }
        if differing:
            lines = "\n".join(
                f"  {label}: backup {was}, restored {now}" for label, (was, now) in differing.items()
            )
            raise CommandError(f"The restored rows differ from the backup's manifest:\n{lines}")
        self.stdout.write(
            f"Restored {sum(counts.values())} rows in {len(counts)} tables (as in the manifest of "
            f"{manifest['created_at']})."
        )
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("The backup is from an older version of the code: run `manage.py migrate`.")
