"""The reporting schedule of a strategy and the reminders sent (issue 6): the secretariat and
administrators set the schedule up, the steering group reads it, coordinators have no access to it;
everybody logged in sees the list of reminders (a coordinator only the reminders to themself)."""

from tests.followup import follow_up
from tests.matrix import EVERYONE_LOGGED_IN, ORGANISATION_WIDE, ROLES, statuses

SECRETARIAT_ONLY = statuses(302, 403, 200, 403, 200)


def _step(r):
    return follow_up(r).strategy.evaluation_milestones.first().pk


def _schedule(r):
    return {"pk": follow_up(r).strategy.pk}


ENTRIES = {
    "evaluation:schedule_detail": (_schedule, ORGANISATION_WIDE),
    "evaluation:schedule_edit": (_schedule, SECRETARIAT_ONLY),
    "evaluation:reminder_list": (lambda r: {}, EVERYONE_LOGGED_IN),
    # POST only: the secretariat's GET is 405, the others are refused before that.
    "evaluation:evaluation_step_done": (lambda r: {"pk": _step(r)}, statuses(302, 403, 405, 403, 405)),
}

OUTSIDER_CASES = [
    # Another organisation's schedule does not exist for anybody who may read schedules.
    ("evaluation:schedule_detail", lambda r, o: _schedule(o), ROLES[2:]),
    ("evaluation:schedule_edit", lambda r, o: _schedule(o), ["secretariat", "administrator"]),
    # A strategy that is not approved has no schedule, nor can it be given one.
    ("evaluation:schedule_detail", lambda r, o: {"pk": r.strategy.pk}, ROLES[2:]),
    ("evaluation:schedule_edit", lambda r, o: {"pk": r.strategy.pk}, ["secretariat", "administrator"]),
]
