"""Where uploaded files are kept: Django's file system storage, but a save that fails part-way leaves
nothing behind.

When the disk fills up (ENOSPC), a quota is reached or the folder is not writable, Django's
FileSystemStorage raises OSError and leaves whatever it had written so far: half a file that no row
refers to. This storage removes it before the error goes on to the view, which tells the user and
stores no row either. An S3-compatible bucket (MEDIA_STORAGE=s3, see settings) uploads whole objects
and needs no such care.
"""

import os

from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage
from django.utils.translation import gettext_lazy


class FileSystemStorage(DjangoFileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        existed = os.path.lexists(full_path)
        try:
            return super()._save(name, content)
        except OSError:
            if not existed:
                try:
                    os.remove(full_path)
                except OSError:  # never written, or its folder could not be made
                    pass
            raise


#: What a user is told when an upload could not be stored (the views catch the OSError).
STORAGE_FAILED = gettext_lazy(
    "The file could not be stored: the storage for uploaded files is full or cannot be written to. "
    "Nothing was saved. Please try again later, and tell the administrator if it happens again."
)
