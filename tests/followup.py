"""Shared test data for the follow-up of a strategy (issue 6): the `region` fixture's draft strategy
approved on 1 January 2019 and given seed 000's rhythm by the secretariat (half years from the approval,
evaluation after two years, so four half-year periods exist), the hospital and the other hospital as
reporting units, and a draft report of the hospital for the first half year."""

from datetime import date
from types import SimpleNamespace

from evaluation.models import ReportingPeriod, ReportingSchedule, generate_schedule
from tests.factories import StatusReportFactory


def follow_up(region, approved_on=date(2019, 1, 1)):
    strategy = region.strategy
    if strategy.status != strategy.Status.IMPLEMENTATION:
        strategy.approve(approved_on, region.body)
        strategy.change_status(strategy.Status.IMPLEMENTATION)
    schedule, _created = ReportingSchedule.objects.get_or_create(
        strategy=strategy,
        defaults={"interval_months": 6, "first_period_starts": strategy.approved_on, "evaluation_months": 24},
    )
    schedule.units.set([region.hospital, region.other_hospital])
    generate_schedule(schedule)
    periods = list(ReportingPeriod.objects.filter(strategy=strategy))
    report = StatusReportFactory(period=periods[0], unit=region.hospital)
    return SimpleNamespace(strategy=strategy, schedule=schedule, periods=periods, report=report)
