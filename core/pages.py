"""The two pages every app's small changes answer with: a form on a page of its own, and the page that
says a change is not possible now.

An app's template extends ``form_page.html`` or ``locked_page.html`` (templates/) and fills the blocks
``crumbs`` and ``context`` (the line that says what the form is about); the view passes what those
blocks need as keyword arguments.
"""

from django.http import HttpResponse
from django.shortcuts import render


def form_page(request, template: str, form, heading: str, *, cancel_url: str = "", **context) -> HttpResponse:
    """A form under its heading, with Save and Cancel; the form keeps what the user typed on errors."""
    return render(request, template, {"form": form, "heading": heading, "cancel_url": cancel_url, **context})


def locked_page(request, template: str, message: str, *, back_url: str, **context) -> HttpResponse:
    """409 Conflict: the object's state does not allow the change now; a POST has changed nothing."""
    return render(request, template, {"message": message, "back_url": back_url, **context}, status=409)
