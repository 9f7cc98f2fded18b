from django.core.management.base import BaseCommand

from frivillig.backup import backup


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database (pg_dump, custom format) and the uploaded files (a tar of "
        "MEDIA_ROOT) into a new folder, with a manifest of the migration state and the rows per model."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A new or empty folder for the backup")

    def handle(self, *args, directory, **options):
        manifest = backup(directory)
        media = manifest["media"]
        files = f"{media['files']} files, {media['bytes']} bytes" if media.get("file") else "in the bucket"
        self.stdout.write(
            f"Backed up {manifest['database']['name']} ({sum(manifest['counts'].values())} rows in "
            f"{len(manifest['counts'])} tables) and the uploads ({files}) to {directory}."
        )
