"""Import of volunteers from the spreadsheets coordinators keep (.xlsx or .csv). No HTTP here.

The pipeline, one module each:

    table = read_table(upload)                           # read: ImportFileError if it is no usable table
    register = Register(organisation, visible_unit_ids)  # check: what checking needs, in a few queries
    rows = check(table, register, default_unit_id)       # check: each row new, update, unchanged, problem
    counts = apply(rows, organisation)                   # apply: inside transaction.atomic

A Table is plain JSON data, so that the preview can keep it in the session until the user confirms;
it is checked again at confirmation, against the register as it is then.
"""

from .apply import apply
from .check import DATE_FIELDS, Register, Status, check
from .read import COLUMNS, TEMPLATE_COLUMNS, VOLUNTEERS, Column, ImportFileError, Layout, Table, read_table

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
    "read_table",
]
