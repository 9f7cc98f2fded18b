"""What an .xlsx may hold, checked before openpyxl opens it.

An .xlsx is a zip of XML parts. openpyxl, even read-only, builds a sheet's row whole before it hands
it on, and when a sheet has no <dimension> at its top it keeps every row while it looks for one: a row
of five million cells, a few hundred kilobytes zipped, takes gigabytes. So the archive is checked
first: its directory (the sizes its parts declare unpacked, which zipfile never reads beyond, and how
tightly they are packed), then each XML part in one streaming pass with expat that keeps nothing and
stops at the first limit passed. A part with a document type declaration is refused: a spreadsheet
never has one, and it is what entity expansion ("billion laughs") needs.

The limits leave room for a list of volunteers many times the largest a coordinator keeps (5,000
rows, read.MAX_ROWS): such a list, 16 columns, is about 3 MB of sheet XML, 80,000 cells and 200,000
elements, packed 10 to 20 times.
"""

import zipfile
import zlib
from typing import IO, Any
from xml.parsers import expat

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .errors import ImportFileError, not_a_table

MB = 1024 * 1024
#: Unpacked, all parts together and any one part (the sheet's XML, the shared strings, the styles).
MAX_UNPACKED_BYTES = 50 * MB
MAX_PART_BYTES = 20 * MB
#: Spreadsheet XML packs 10-20 times; a zip bomb a thousand. Only parts of some size are judged.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1 * MB
MAX_PARTS = 1000
#: Counted over every XML part of the workbook, empty and formatted rows and cells included.
MAX_ELEMENTS = 1_500_000
MAX_SHEET_ROWS = 100_000
MAX_CELLS = 250_000
#: Per row: its cells, and the highest column a cell names (by its reference, else its place in the row).
MAX_COLUMNS = 200

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROW = f"{SHEET_NS} row"  # expat's name for it with namespace_separator=" "
CHUNK_BYTES = 64 * 1024


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def check_archive(file: IO[bytes]) -> None:
    """ImportFileError if the .xlsx in `file` passes a limit; the file is left at its start."""
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
            _check_directory(parts)
            scan = _Scan()
            for part in parts:
                with archive.open(part) as stream:
                    scan.part(stream)
    # A broken zip, packed in a way zipfile does not know, or encrypted (RuntimeError).
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        raise not_a_table() from None
    finally:
        file.seek(0)


def _check_directory(parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_PARTS:
        raise ImportFileError(
            _("The file has more than %(max)s parts. Save it again from Excel.") % {"max": _number(MAX_PARTS)}
        )
    for part in parts:
        if part.file_size > MAX_PART_BYTES:
            raise ImportFileError(
                _(
                    "A part of the file (%(part)s) takes up more than %(max)s MB unpacked. Split it into "
                    "smaller files."
                )
                % {"part": part.filename, "max": MAX_PART_BYTES // MB}
            )
        if part.file_size > RATIO_FROM_BYTES and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise ImportFileError(
                _(
                    "A part of the file (%(part)s) is packed more than %(max)s times, which a spreadsheet "
                    "never is. Save it again from Excel."
                )
                % {"part": part.filename, "max": MAX_RATIO}
            )
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _("The file takes up more than %(max)s MB unpacked. Split it into smaller files.")
            % {"max": MAX_UNPACKED_BYTES // MB}
        )


class _Scan:
    """One pass over each XML part with expat's callbacks, counting over the whole workbook."""

    def __init__(self) -> None:
        self.elements = self.rows = self.cells = 0
        self.depth = 0
        self.row_depth: int | None = None  # the depth of the <row> being read, if any
        self.in_row = self.column = 0  # the row's cells so far, and the column of the last

    def part(self, stream: IO[bytes]) -> None:
        first = stream.read(CHUNK_BYTES)
        if not _looks_like_xml(first):
            return  # an image, a printer setting: openpyxl parses no such part as XML
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = self.doctype
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        self.depth, self.row_depth = 0, None
        try:
            chunk = first
            while chunk:
                parser.Parse(chunk, False)
                chunk = stream.read(CHUNK_BYTES)
            parser.Parse(b"", True)
        except expat.ExpatError:
            # Not well-formed (Excel's VML drawings never are): openpyxl's parser, expat too, would
            # stop at the same place, after no more than was counted.
            return

    def doctype(self, *args: Any) -> None:
        raise ImportFileError(
            _(
                "The file contains a document type declaration (DTD), which a spreadsheet never has. "
                "It is refused for safety."
            )
        )

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise ImportFileError(
                _("The file holds more than %(max)s XML elements. Split it into smaller files.")
                % {"max": _number(MAX_ELEMENTS)}
            )
        self.depth += 1
        if name == ROW:
            self.rows += 1
            if self.rows > MAX_SHEET_ROWS:
                raise ImportFileError(
                    _(
                        "The file has more than %(max)s rows, counting empty and formatted ones. Delete "
                        "the empty rows, or split the file."
                    )
                    % {"max": _number(MAX_SHEET_ROWS)}
                )
            self.row_depth, self.in_row, self.column = self.depth, 0, 0
        elif self.row_depth is not None and self.depth == self.row_depth + 1:
            # A cell, or anything else openpyxl keeps in the row until the row ends.
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise too_many_cells()
            self.in_row += 1
            self.column = _column(attributes.get("r", "")) or self.column + 1
            if max(self.in_row, self.column) > MAX_COLUMNS:
                raise too_many_columns()

    def end(self, name: str) -> None:
        if self.depth == self.row_depth:
            self.row_depth = None
        self.depth -= 1


def too_many_cells() -> ImportFileError:
    return ImportFileError(
        _(
            "The file has more than %(max)s cells, counting empty and formatted ones. Delete what is "
            "not needed, or split the file."
        )
        % {"max": _number(MAX_CELLS)}
    )


def too_many_columns() -> ImportFileError:
    return ImportFileError(
        _("The file has a row with more than %(max)s columns. Delete the columns that are not needed.")
        % {"max": _number(MAX_COLUMNS)}
    )


def _looks_like_xml(start: bytes) -> bool:
    """XML starts with "<" (after a byte order mark and spaces), or a UTF-16 byte order mark."""
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return start.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def _column(reference: str) -> int:
    """The column of a cell reference ("AB12": 28), as openpyxl reads it; 0 if it names none."""
    column = 0
    for letter in reference.upper():
        if not "A" <= letter <= "Z" or column > MAX_COLUMNS:
            break
        column = column * 26 + ord(letter) - ord("A") + 1
    return column
