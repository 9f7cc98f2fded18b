from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from meetings.models import Body
from volunteers.access import scoped
from volunteers.models import Role, Unit, VolunteerOrganisation, unit_tree


def home(request):
    """Each role's start page."""
    user = request.user
    if request.organisation is None:
        return render(request, "home/without_organisation.html")
    units = scoped(Unit.objects.all(), request)
    context = {}
    if user.role == Role.COORDINATOR:
        template = "home/coordinator.html"
        context["units"] = unit_tree(list(units.prefetch_related("volunteer_organisations")))
    elif user.role == Role.SECRETARIAT:
        template = "home/secretariat.html"
        context["bodies"] = scoped(Body.objects.with_member_count(), request)
    else:
        template = "home/overview.html"
        counts = units.values_list("kind").annotate(count=Count("pk")).order_by("kind")
        context["unit_counts"] = [(Unit.Kind(kind).label, count) for kind, count in counts]
        context["volunteer_organisation_count"] = scoped(VolunteerOrganisation.objects.all(), request).count()
        context["bodies"] = scoped(Body.objects.with_member_count(), request)
    return render(request, template, context)


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_answers():
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
        return bool(client.ping())
    except redis.RedisError:
        return False


@never_cache
@login_not_required
def healthz(request):
    """200 when the database (and, where configured, the Redis broker) answers; 503 otherwise."""
    checks = {"database": _database_answers()}
    if settings.REDIS_URL:
        checks["broker"] = _broker_answers()
    healthy = all(checks.values())
    body = {name: "ok" if ok else "error" for name, ok in checks.items()}
    return JsonResponse(body, status=200 if healthy else 503)
