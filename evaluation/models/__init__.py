from .periods import (
    EvaluationMilestone,
    ReportingPeriod,
    ReportingSchedule,
    current_period,
    generate_schedule,
)
from .questionnaire import Answer, AnswerLink, Question, Questionnaire, Submission
from .reminders import Reminder
from .reports import ActionReport, OrganisationFigure, ReportStatusError, StatusReport, TargetReport

__all__ = [
    "ActionReport",
    "Answer",
    "AnswerLink",
    "EvaluationMilestone",
    "OrganisationFigure",
    "Question",
    "Questionnaire",
    "Reminder",
    "ReportStatusError",
    "ReportingPeriod",
    "ReportingSchedule",
    "StatusReport",
    "Submission",
    "TargetReport",
    "current_period",
    "generate_schedule",
]
