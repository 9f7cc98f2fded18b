"""An uploaded file's way through the worker: received in the request (stored, and its reading queued
after the commit), read by a task within limits, and confirmed once.

The request never reads the file: a file built to blow up (a few hundred kilobytes that unpack to
millions of cells) costs a worker's task, which has a memory ceiling and a time limit, never a web
worker. Each import has its own task (volunteers.tasks.read_volunteer_import,
accounts.tasks.read_user_import) that calls read() with its Layout, under the time limits here.
"""

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from datetime import timedelta
from functools import partial
from typing import Any

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.limits import memory_ceiling

from ..models import Import, Organisation, Unit, User
from .errors import ImportFileError
from .read import Layout, Table, read_table

logger = logging.getLogger(__name__)

#: Seconds a task may read a file: past the soft limit the user is told the file took too long; the
#: hard limit ends a task stuck where the soft one cannot reach (in C code). The largest file the
#: limits let through (volunteers.importing.archive) is read in a few seconds.
SOFT_TIME_LIMIT = 60
TIME_LIMIT = SOFT_TIME_LIMIT + 30
MB = 1024 * 1024
#: Memory (address space) a read may add to the worker's: the largest file the limits let through
#: needs well under a third of it, the file that took a web worker past 550 MB much more.
MEMORY_ALLOWANCE = 300 * MB
#: A task that was lost (the broker was down) or whose worker died leaves its import pending: the
#: waiting page queues it again this long after, and a file that a worker began reading this many
#: times is given up.
REQUEUE_AFTER = timedelta(minutes=2)
MAX_ATTEMPTS = 2
#: Imports are deleted this long after their upload (nightly): their tables hold people's data.
KEEP_FOR = timedelta(days=1)
COULD_NOT_READ = gettext_lazy(
    "The file could not be read. Try again; if it happens again, split it into smaller files."
)


def receive(
    file: UploadedFile,
    *,
    kind: Import.Kind,
    organisation: Organisation,
    user: User,
    language: str,
    task: Task[Any, Any],
    unit: Unit | None = None,
) -> Import:
    """Store the upload and queue its reading after the commit; call it inside transaction.atomic (the
    storage may fail: OSError, and nothing is recorded)."""
    upload = Import.objects.create(
        organisation=organisation,
        kind=kind,
        uploaded_by=user,
        unit=unit,
        file=file,
        file_name=(file.name or "")[:255],
        language=language,
        queued_at=timezone.now(),
    )
    transaction.on_commit(partial(task.delay, upload.pk))
    return upload


def requeue_if_lost(upload: Import, task: Task[Any, Any]) -> None:
    """Queue the reading again if the import has been pending for REQUEUE_AFTER (once per period,
    however many pages ask at the same moment)."""
    now = timezone.now()
    if upload.status != Import.Status.PENDING or upload.queued_at > now - REQUEUE_AFTER:
        return
    pending = Import.objects.filter(pk=upload.pk, status=Import.Status.PENDING, queued_at=upload.queued_at)
    if pending.update(queued_at=now):
        transaction.on_commit(partial(task.delay, upload.pk))


def read(import_id: int, layout: Layout) -> None:
    """The task: read the file within the limits, then mark the import ready with its table or failed
    with the reason, in the uploader's language; the file is deleted either way. An import that is no
    longer pending (a task queued twice) is left alone."""
    with transaction.atomic():
        upload = Import.objects.select_for_update().filter(pk=import_id, status=Import.Status.PENDING).first()
        if upload is None:
            return
        upload.attempts += 1
        upload.save(update_fields=["attempts"])
    with translation.override(upload.language):
        if upload.attempts > MAX_ATTEMPTS:
            outcome = _failed(str(COULD_NOT_READ))
        else:
            outcome = _read(upload, layout)
    Import.objects.filter(pk=import_id, status=Import.Status.PENDING).update(
        **outcome, file="", finished_at=timezone.now()
    )
    if upload.file:
        upload.file.delete(save=False)


def _read(upload: Import, layout: Layout) -> dict[str, Any]:
    try:
        with memory_ceiling(MEMORY_ALLOWANCE), upload.file.open("rb") as file:
            table = read_table(file, layout)
    except ImportFileError as error:
        return _failed(error.message)
    except MemoryError:
        logger.warning("Import %s: reading the file passed the memory ceiling", upload.pk)
        return _failed(
            _("Reading the file needed more than %(max)s MB of memory. Split it into smaller files.")
            % {"max": MEMORY_ALLOWANCE // MB}
        )
    except SoftTimeLimitExceeded:
        logger.warning("Import %s: reading the file passed the time limit", upload.pk)
        return _failed(
            _("Reading the file took more than %(max)s seconds. Split it into smaller files.")
            % {"max": SOFT_TIME_LIMIT}
        )
    except OSError:  # the storage lost the file, or cannot be read
        logger.exception("Import %s: the file could not be opened", upload.pk)
        return _failed(str(COULD_NOT_READ))
    return {"status": Import.Status.READY, "table": asdict(table)}


def _failed(message: str) -> dict[str, Any]:
    return {"status": Import.Status.FAILED, "error": message}


def confirm(upload: Import, apply: Callable[[Table], Counter[str]]) -> Counter[str] | None:
    """Apply the import's table once, inside a transaction: apply() checks it against the register as
    it is now and writes; the counts it returns, or None if the import is not ready (imported already:
    a second click or a second tab; still being read; refused).

    The import's row is locked first, so that two confirmations of the same import wait for each other
    and the second finds it imported. Then the organisation (FOR NO KEY UPDATE, which lets others insert
    rows that refer to it), so that two imports of the same file take turns and the second is checked
    against what the first wrote."""
    with transaction.atomic():
        locked = Import.objects.select_for_update().get(pk=upload.pk)
        if locked.status != Import.Status.READY:
            return None
        Organisation.objects.select_for_update(no_key=True).only("pk").get(pk=locked.organisation_id)
        counts = apply(table_of(locked))
        locked.status, locked.table = Import.Status.IMPORTED, None
        locked.save(update_fields=["status", "table"])
    return counts


def table_of(upload: Import) -> Table:
    """The table of an import that is ready."""
    if upload.table is None:
        raise ValueError(f"Import {upload.pk} has no table: it is {upload.status}.")
    return Table.from_session(upload.table)


def forget_old() -> int:
    """Delete the imports uploaded more than KEEP_FOR ago (and any file still stored); how many."""
    old = Import.objects.filter(created_at__lt=timezone.now() - KEEP_FOR)
    for upload in old.exclude(file=""):
        upload.file.delete(save=False)
    deleted, _by_model = old.delete()
    return deleted
