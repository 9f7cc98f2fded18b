"""Import of volunteers from the spreadsheets coordinators keep (.xlsx or .csv). No HTTP here.

The pipeline, one module each:

    check_upload(upload)                                 # read: in the request, what costs nothing
    table = read_table(file)                             # read: in the worker; ImportFileError if it is
                                                         # no usable table or passes a limit (archive)
    register = Register(organisation, visible_unit_ids)  # check: what checking needs, in a few queries
    rows = check(table, register, default_unit_id)       # check: each row new, update, unchanged, problem
    counts = apply(rows, organisation)                   # apply: inside transaction.atomic

uploads holds the way between the request and the worker: the upload stored and its reading queued,
read within limits, confirmed once. A Table is plain JSON data, kept on the Import row until the user
confirms; it is checked again at confirmation, against the register as it is then.
"""

from .apply import apply
from .check import DATE_FIELDS, Register, Status, check
from .errors import ImportFileError
from .read import (
    COLUMNS,
    TEMPLATE_COLUMNS,
    VOLUNTEERS,
    Column,
    Layout,
    Table,
    check_upload,
    read_table,
)

__all__ = [
    "COLUMNS",
    "VOLUNTEERS",
    "Column",
    "Layout",
    "DATE_FIELDS",
    "TEMPLATE_COLUMNS",
    "ImportFileError",
    "Register",
    "Status",
    "Table",
    "apply",
    "check",
    "check_upload",
    "read_table",
]
