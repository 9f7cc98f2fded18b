"""The signed-in person's own page ("Min konto"): who they are in the app, and the ways to change how
they sign in. The header's user name leads here."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .. import second_factor


@never_cache
def account(request):
    user = request.user
    organisation = user.organisation
    context = {
        "units": user.units.order_by("name") if user.is_coordinator else None,
        "password_login": user.has_usable_password()
        and (organisation is None or organisation.password_login),
        "second_factor": second_factor.confirmed_device(user) is not None,
        "recovery_codes_left": second_factor.recovery_codes_left(user) if user.is_verified() else None,
    }
    return render(request, "accounts/account.html", context)
