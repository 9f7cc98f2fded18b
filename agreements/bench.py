"""Agreements of the benchmark (`manage.py bench`): the demo's agreements at random points of their
workflow."""

from datetime import timedelta

from . import demo
from .models import Agreement

# How the agreements are spread over the workflow's states.
STATUS_WEIGHTS = {
    Agreement.Status.DRAFT: 10,
    Agreement.Status.TR_DIALOGUE: 5,
    Agreement.Status.APPROVED: 5,
    Agreement.Status.ACTIVE: 60,
    Agreement.Status.DUE_FOR_REVIEW: 10,
    Agreement.Status.ENDED: 10,
}


def random_agreement(rng, spec, unit, volunteer_organisation, today):
    """An agreement from a demo spec, at a random point of its workflow, its fields set to match it."""
    status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
    fields = demo.agreement_fields(spec, today)
    started = status not in {Agreement.Status.DRAFT, Agreement.Status.TR_DIALOGUE, Agreement.Status.APPROVED}
    start = today + timedelta(days=-rng.randint(30, 1500) if started else rng.randint(1, 120))
    if status == Agreement.Status.DUE_FOR_REVIEW:
        review = max(start, today - timedelta(days=rng.randint(0, 60)))
    elif status == Agreement.Status.ENDED:
        review = start + timedelta(days=rng.randint(0, (today - start).days))
    else:
        review = max(start, today) + timedelta(days=rng.randint(1, 700))
    fields.update(
        title=f"{spec['title']} ({unit.name})",
        status=status,
        start_date=start,
        review_date=review,
        end_date=review if status == Agreement.Status.ENDED else None,
    )
    if status != Agreement.Status.DRAFT:
        _held_on, held_with, outcome = spec.get("tr_dialogue") or (0, "Tillidsrepræsentanten", "Positiv.")
        fields.update(
            tr_dialogue_on=min(today, start - timedelta(days=60)),
            tr_dialogue_with=held_with,
            tr_dialogue_outcome=outcome,
        )
    if status not in {Agreement.Status.DRAFT, Agreement.Status.TR_DIALOGUE}:
        fields.update(approved_by="Hospitalsledelsen", approved_on=min(today, start - timedelta(days=30)))
    if status == Agreement.Status.ENDED:
        fields["ended_on"] = review
    return Agreement(
        organisation=unit.organisation, unit=unit, volunteer_organisation=volunteer_organisation, **fields
    )
