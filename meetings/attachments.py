"""What an uploaded attachment (bilag) may be: judged by its content, and its name must agree.

A file's name and the browser's content type are whatever the sender says; the first bytes are what
the file is. A PNG renamed "notat.pdf" is refused, as is anything we do not know how to recognise.
"""

import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

#: The largest attachment accepted: 10 MB.
MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024

#: kind -> (content type, the file name endings that go with it, its name on screen)
KINDS = {
    "pdf": ("application/pdf", {".pdf"}, _("PDF document")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {".docx"},
        _("Word document"),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        {".xlsx"},
        _("Excel workbook"),
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        {".pptx"},
        _("PowerPoint presentation"),
    ),
    "png": ("image/png", {".png"}, _("PNG image")),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}, _("JPEG image")),
    "text": ("text/plain; charset=utf-8", {".txt", ".csv"}, _("text file")),
}

#: The part that an Office Open XML package of each kind must contain.
_OFFICE_MAIN_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}


def detect_kind(upload):
    """The kind of file the upload is by its content, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    return _text_kind(upload)


def _office_kind(upload):
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for kind, part in _OFFICE_MAIN_PARTS.items() if part in names), None)


def _text_kind(upload):
    data = upload.read()
    upload.seek(0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text" if "\x00" not in text else None


def check_upload(upload):
    """The content type to store for an acceptable upload; ValidationError (with a message for the user)
    otherwise."""
    if upload.size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            _("The file is %(size)s; an attachment may be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_ATTACHMENT_SIZE)},
        )
    kind = detect_kind(upload)
    if kind is None:
        raise ValidationError(
            _(
                "This type of file cannot be attached. Allowed are PDF, Word, Excel and PowerPoint documents "
                "(.docx, .xlsx, .pptx), PNG and JPEG images and plain text or CSV files."
            ),
            code="forbidden_type",
        )
    content_type, endings, label = KINDS[kind]
    if Path(upload.name).suffix.lower() not in endings:
        raise ValidationError(
            _(
                "The file “%(name)s” is a %(kind)s by its content, but its name says otherwise. Rename it or "
                "choose the right file."
            ),
            code="name_mismatch",
            params={"name": upload.name, "kind": label},
        )
    return content_type
