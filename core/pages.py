"""The pages every app's small changes answer with: a form on a page of its own, the page that asks
before an irreversible step, and the page that says a change is not possible now.

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


#: The field the confirmation page's button sends; a POST without it only shows the page.
CONFIRMED = "confirmed"


def confirmed(request) -> bool:
    """Whether the request is the POST of a confirmation page (not a one-click POST from elsewhere)."""
    return request.method == "POST" and request.POST.get(CONFIRMED) == "1"


def confirm_page(
    request,
    template: str,
    form,
    heading: str,
    *,
    consequences: list,
    told: tuple | None = None,
    submit_label: str,
    cancel_url: str,
    **context,
) -> HttpResponse:
    """An irreversible step on a page of its own: what will happen (``consequences``: sentences; ``told``:
    (users, e-mail addresses) who are told, None if nobody is), the step's form and a button that
    confirms. Until that button is pressed nothing has changed."""
    users, addresses = told if told is not None else ([], [])
    return render(
        request,
        template,
        {
            "form": form,
            "heading": heading,
            "consequences": consequences,
            "tells": told is not None,
            "told_users": users,
            "told_addresses": addresses,
            "submit_label": submit_label,
            "cancel_url": cancel_url,
            "confirmed_field": CONFIRMED,
            **context,
        },
    )
