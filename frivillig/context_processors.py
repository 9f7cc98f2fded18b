from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from accounts import second_factor
from volunteers.models import ORGANISATION_WIDE, Role


def navigation(request):
    """The main menu for the user's role; the current section is marked for screen readers too."""
    user = getattr(request, "user", None)
    # A public page names the organisation it is about as `page_organisation` (base.html's header and
    # footer); elsewhere the user's own is used.
    if user is None or not user.is_authenticated:
        return {"navigation": [], "page_organisation": None}
    items = [(_("Start"), reverse("home"))]
    if user.organisation_id:
        items.append((_("Volunteers"), reverse("volunteers:volunteer_list")))
        items.append((_("Collaboration agreements"), reverse("agreements:agreement_list")))
        items.append((_("Volunteer organisations"), reverse("volunteers:volunteer_organisation_list")))
        items.append((_("Units"), reverse("volunteers:unit_list")))
        items.append((_("Strategies"), reverse("strategies:strategy_list")))
        items.append((_("Status reports"), reverse("evaluation:report_list")))
        if user.role in ORGANISATION_WIDE:
            items.append((_("Bodies"), reverse("meetings:body_list")))
    if user.organisation_id and user.role == Role.ADMINISTRATOR:
        # The organisation's set-up in the app (issue 13); the Django admin is the platform operators'.
        items.append((_("Administration"), reverse("administration:index")))
    elif user.is_staff and user.is_superuser:
        items.append((_("Administration"), reverse("admin:index")))
    waiting = second_factor.waiting(request)
    if waiting:
        items = []  # until the second factor is given only its own pages are open
    path = request.path
    navigation = []
    for label, url in items:
        current = path == url if url == "/" else path.startswith(url)
        navigation.append({"label": label, "url": url, "current": current})
    unread = SimpleLazyObject(lambda: user.notifications.filter(read_at__isnull=True).count())
    return {
        "navigation": navigation,
        "unread_notifications": unread,
        "second_factor_waiting": waiting,
        "page_organisation": None,
    }
