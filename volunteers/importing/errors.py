"""The error that refuses a file as a whole, and the message for what is no table at all."""

from django.utils.translation import gettext as _


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message tells the user why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def not_a_table() -> ImportFileError:
    return ImportFileError(
        _("The file is neither an Excel workbook (.xlsx) nor a CSV file with the template's column headings.")
    )
