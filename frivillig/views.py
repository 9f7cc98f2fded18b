import hashlib
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Window
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from agreements.models import RUNNING, Agreement
from agreements.reviews import due_for_review, review_horizon
from core.lists import Listing
from evaluation import dashboard
from evaluation.charts import figure
from evaluation.models import StatusReport, current_period
from evaluation.models.periods import FOLLOWED_UP
from evaluation.reporting import outstanding, owed_reports, owed_rows
from meetings.models import Body, FollowUp, Meeting
from meetings.models.meetings import AWAITING_MINUTES
from strategies.models import ConsultationResponse, Strategy
from volunteers.access import scoped, visible_unit_ids
from volunteers.models import (
    Organisation,
    Role,
    Unit,
    Volunteer,
    VolunteerOrganisation,
    missing_checks_of,
)

from .search import KINDS_BY_KEY, Query, matching, search

#: Rows per list on a start page; the full lists are a link away.
START_PAGE_ROWS = 10
ANNIVERSARY_DAYS = 30
#: The secretariat's start page lists the meetings of this many weeks ahead.
UPCOMING_WEEKS = 6
#: The states of a period's reports on the steering group's start page ("" for none started).
REPORT_STATES = [
    (StatusReport.Status.ACCEPTED, StatusReport.Status.ACCEPTED.label),
    (StatusReport.Status.SUBMITTED, StatusReport.Status.SUBMITTED.label),
    (StatusReport.Status.RETURNED, StatusReport.Status.RETURNED.label),
    (StatusReport.Status.DRAFT, StatusReport.Status.DRAFT.label),
    ("", _("Not started")),
]


def home(request):
    """Each role's start page."""
    user = request.user
    if request.organisation is None:
        return render(request, "home/without_organisation.html")
    today = timezone.localdate()
    units = scoped(request, Unit.objects.all())
    if user.role == Role.COORDINATOR:
        template = "home/coordinator.html"
        context = _coordinator_start(request, units, today)
    elif user.role == Role.SECRETARIAT:
        template = "home/secretariat.html"
        context = {
            "bodies": scoped(request, Body.objects.with_member_count()),
            **_secretariat_start(request, today),
            **_register_numbers(request, today),
        }
    else:
        template = "home/overview.html"
        counts = units.values_list("kind").annotate(count=Count("pk")).order_by("kind")
        context = {
            "unit_counts": [(Unit.Kind(kind).label, count) for kind, count in counts],
            "volunteer_organisation_count": scoped(request, VolunteerOrganisation.objects.all()).count(),
            "bodies": scoped(request, Body.objects.with_member_count()),
            **_follow_up_now(request, today),
            **_register_numbers(request, today),
        }
    return render(request, template, context)


#: What a volunteer's row on the start page shows: the name (str()) and the unit's.
VOLUNTEER_NAME_FIELDS = ("first_name", "last_name", "anonymised_on", "unit__name")


def _coordinator_start(request, units, today):
    """What needs the coordinator's attention in their units, each list cut to START_PAGE_ROWS."""
    organisation = request.organisation
    volunteers = scoped(request, Volunteer.objects.all())
    agreements = scoped(request, Agreement.objects.all())
    due = (
        due_for_review(agreements, organisation, today)
        .select_related("unit", "volunteer_organisation")
        .only("title", "status", "review_date", "unit__name", "volunteer_organisation__name")
    )
    # The volunteer lists read what their rows show (the name, the unit's name) and what says what is
    # missing, not the volunteers' other columns.
    missing = (
        volunteers.missing_checks(today)
        .select_related("unit", "organisation")
        .only(
            *VOLUNTEER_NAME_FIELDS,
            "confidentiality_signed_on",
            "child_check_assessed_on",
            "criminal_check_assessed_on",
            "organisation__child_check_renewal_years",
            "organisation__criminal_check_renewal_years",
        )
        .order_by("last_name", "first_name", "pk")
    )
    # The agreements due in a coordinator's units are tens: counted in the same query.
    due_agreements, due_count = _first_rows_counted(due.order_by("review_date", "pk"))
    missing_checks, missing_count = _first_rows(missing)
    # Sorted by strategy and unit name: every row is read anyway, so counted in the same query.
    owed, owed_count = _first_rows_counted(outstanding(request, owed_reports(request, today)))
    return {
        "today": today,
        "owed_reports": owed_rows(owed, today),
        "owed_report_count": owed_count,
        "review_horizon": review_horizon(organisation, today),
        "due_agreements": due_agreements,
        "due_agreement_count": due_count,
        "missing_checks": missing_checks_of(missing_checks, today),
        "missing_check_count": missing_count,
        "anniversary_days": ANNIVERSARY_DAYS,
        "unit_count": len(visible_unit_ids(request)),
        **_unit_figures(request, units, volunteers, agreements, today),
    }


def _unit_figures(request, units, volunteers, agreements, today):
    """What the coordinator's start page shows that may lag a few minutes: the units they were added to
    with the totals of what the units and those below them hold (the units page lists the whole tree: a
    hospital's coordinator has dozens of departments), and the anniversaries coming. Kept per user, set
    of units and day: a change of the user's units that changes what they see is a new key at once."""

    def figures():
        own_units = units.filter(staff=request.user).only("name").order_by("name", "pk")
        anniversaries, anniversary_count = _first_rows_counted(
            volunteers.with_anniversary_within(ANNIVERSARY_DAYS, today)
            .select_related("unit")
            .only(*VOLUNTEER_NAME_FIELDS, "start_date")
        )
        return {
            "own_units": list(own_units[:START_PAGE_ROWS]),
            "anniversaries": [(v, *v.anniversary(today, ANNIVERSARY_DAYS)) for v in anniversaries],
            "anniversary_count": anniversary_count,
            "active_volunteer_total": volunteers.with_status(Volunteer.Status.ACTIVE, today).count(),
            "running_agreement_total": agreements.filter(status__in=RUNNING).count(),
        }

    unit_ids = hashlib.sha256(repr(sorted(visible_unit_ids(request))).encode()).hexdigest()
    return _kept(f"unit-figures:{request.organisation.pk}:{request.user.pk}:{unit_ids}", today, figures)


def _secretariat_start(request, today):
    """What waits for the secretariat: the meetings of the coming weeks, meetings held whose minutes are
    not approved, reports handed in to review, consultation responses to moderate, and the decisions,
    recommendations and tasks whose due date has passed (the longest overdue first).

    No index gives the lists' order, so each reads all of its rows to sort them: counted in the same
    query. Only what the lists show is read, not the reports' and responses' texts."""
    meetings = scoped(request, Meeting.objects.select_related("body")).only(
        "date", "start_time", "end_time", "status", "body__name"
    )
    upcoming = meetings.filter(date__gte=today, date__lte=today + timedelta(weeks=UPCOMING_WEEKS))
    unapproved = meetings.filter(status__in=AWAITING_MINUTES, date__lt=today).order_by("date", "pk")
    reports = scoped(request, StatusReport.objects.filter(status=StatusReport.Status.SUBMITTED))
    responses = scoped(
        request, ConsultationResponse.objects.filter(status=ConsultationResponse.Status.RECEIVED)
    )
    overdue_follow_ups, overdue_count = _first_rows_counted(
        scoped(request, FollowUp.objects.overdue(today))
        .select_related("body", "item__meeting")
        .order_by("deadline", "pk")
    )
    review, review_count = _first_rows_counted(
        reports.select_related("unit", "period")
        .only("submitted_at", "unit__name", "period__number", "period__months")
        .order_by("submitted_at", "pk")
    )
    unapproved_meetings, unapproved_count = _first_rows_counted(unapproved)
    to_moderate, moderate_count = _first_rows_counted(
        responses.select_related("consultation__strategy")
        .only(
            "name",
            "organisation_name",
            "submitted_at",
            "consultation__strategy__title",
            "consultation__strategy__version",
        )
        .order_by("submitted_at", "pk")
    )
    return {
        "today": today,
        "upcoming_weeks": UPCOMING_WEEKS,
        "upcoming_meetings": upcoming.order_by("date", "start_time", "pk")[:START_PAGE_ROWS],
        "unapproved_meetings": unapproved_meetings,
        "unapproved_count": unapproved_count,
        "reports_to_review": review,
        "review_count": review_count,
        "responses_to_moderate": to_moderate,
        "moderate_count": moderate_count,
        "overdue_follow_ups": overdue_follow_ups,
        "overdue_follow_up_count": overdue_count,
    }


def _follow_up_now(request, today):
    """The steering group's view of the follow-up of the strategy in force (the latest approved one that
    has a rhythm): the period running now, the reports of it by status, the effect targets' latest
    figures as the dashboard combines them, the latest status pack and the steering body's next meeting.
    The same number of queries whatever the number of units and periods."""
    strategy = (
        scoped(request, Strategy.objects.filter(status__in=FOLLOWED_UP, reporting__isnull=False))
        .select_related("reporting__steering_body")
        .order_by("-approved_on", "-pk")
        .first()
    )
    if strategy is None:
        return {"follow_up": None}
    built = dashboard.build(strategy, today=today, with_matrix=False)
    period = current_period(strategy, today)
    unit_ids = [pk for pk, _name in built.unit_names]
    by_status = dashboard.status_counts(period, unit_ids) if period else {}
    packed = [p for p in built.periods if p.deadline < today]
    body = strategy.reporting.steering_body
    next_meeting = None
    if body is not None:
        next_meeting = (
            Meeting.objects.filter(body=body, date__gte=today)
            .order_by("date", "start_time", "pk")
            .prefetch_related("items")
            .first()
        )
    return {
        "follow_up": built,
        "current_period": period,
        "report_counts": [(status, label, by_status.get(status, 0)) for status, label in REPORT_STATES],
        "late_count": dashboard.late_count([period], unit_ids, today) if period else 0,
        "target_rows": [
            (
                row.target,
                _figure_text(row.target, row.target.target),
                _figure_text(row.target, row.latest.actual if row.latest else None),
                row.latest,
            )
            for row in built.targets
        ],
        "latest_pack_period": packed[-1] if packed else None,
        "steering_body": body,
        "next_meeting": next_meeting,
    }


def _figure_text(target, value):
    """A figure of an effect target in Danish format with its unit, as the dashboard writes it."""
    if value is None:
        return "–"
    unit = f" {target.unit}" if target.unit else ""
    return f"{figure(value)}{unit}"


def _first_rows(queryset):
    """The first START_PAGE_ROWS rows, and how many rows there are in all. Two queries: a count over
    the whole list in the same query (a window) would keep the first rows from stopping early."""
    return list(queryset[:START_PAGE_ROWS]), queryset.count()


def _first_rows_counted(queryset):
    """The first START_PAGE_ROWS rows and the count in one query (a window count), for a list whose
    filter has to read every row anyway, so that a separate count would read them all again."""
    rows = list(queryset.annotate(total=Window(Count("pk")))[:START_PAGE_ROWS])
    return rows, rows[0].total if rows else 0


#: How long a start page keeps the figures that may lag a few minutes: totals (counting tens of
#: thousands of rows cost more than the rest of a start page's figures together) and the anniversaries
#: coming, facts of the day rather than tasks. What needs doing is always read afresh.
START_FIGURES_SECONDS = 5 * 60


def _kept(key, today, count):
    """count()'s answer, kept START_FIGURES_SECONDS under the key and the day (a new day counts afresh)."""
    return cache.get_or_set(f"{key}:{today.isoformat()}", count, START_FIGURES_SECONDS)


def _active_volunteer_count(request, today):
    """The active volunteers of the organisation, for its organisation-wide roles (the key is the
    organisation's)."""
    volunteers = scoped(request, Volunteer.objects.all()).with_status(Volunteer.Status.ACTIVE, today)
    return _kept(f"active-volunteers:{request.organisation.pk}", today, volunteers.count)


def _register_numbers(request, today):
    """Organisation-wide numbers for the secretariat's and the steering group's overview."""
    agreements = scoped(request, Agreement.objects.all())
    by_status = dict(agreements.order_by().values_list("status").annotate(count=Count("*")))
    return {
        "active_volunteer_count": _active_volunteer_count(request, today),
        "agreement_counts": [(status, by_status.get(status.value, 0)) for status in Agreement.Status],
        "agreement_count": sum(by_status.values()),
        "due_agreement_count": due_for_review(agreements, request.organisation, today).count(),
    }


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


#: When the accessibility statement was last assessed (the browser tests run axe-core on every page at
#: each change; this is the date of the last manual review of the known deviations).
ACCESSIBILITY_ASSESSED_ON = date(2026, 12, 4)


@login_not_required
def accessibility_statement(request, organisation=None):
    """The tilgængelighedserklæring the Danish web accessibility act asks of public bodies, per
    organisation; linked from every page's footer."""
    return _about_page(
        request, organisation, "about/accessibility.html", assessed_on=ACCESSIBILITY_ASSESSED_ON
    )


@login_not_required
def privacy_notice(request, organisation=None):
    """What personal data the organisation keeps in frivillig and why, and how to get it."""
    return _about_page(request, organisation, "about/privacy.html")


@login_not_required
@require_safe
def organisation_logo(request, pk):
    """The organisation's logo, shown in the header (base.html) beside its name: public like the pages that
    show the header to anyone; 404 for an organisation without one."""
    organisation = get_object_or_404(Organisation.objects.exclude(logo=""), pk=pk)
    try:
        content = organisation.logo.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(content, content_type=organisation.logo_content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _about_page(request, organisation_id, template, **context):
    """The page of the given organisation, else of the user's own; anyone else chooses among them."""
    if organisation_id is not None:
        organisation = get_object_or_404(Organisation, pk=organisation_id)
    else:
        organisation = request.organisation
    organisations = Organisation.objects.all() if organisation is None else []
    return render(
        request,
        template,
        {
            "organisation": organisation,
            "organisations": organisations,
            "page_organisation": organisation,
            **context,
        },
    )


def search_results(request):
    """The header's search: the first hits of every kind, or (``kind``) all of one kind, page by page."""
    query = Query.parse(request.GET.get("q", ""))
    kind = KINDS_BY_KEY.get(request.GET.get("kind", ""))
    context = {"query": query, "kind": None}
    if query and kind and kind.visible_to(request):
        listing = Listing(request, matching(request, kind, query))
        context |= {"kind": kind, "listing": listing, "hits": [kind.hit(obj) for obj in listing.page]}
    elif query:
        context["groups"] = search(request, query)
    return render(request, "search.html", context)
