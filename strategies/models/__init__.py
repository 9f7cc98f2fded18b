from .consultation import Consultation, ConsultationResponse, ConsultedParty
from .implementation import Action, ActionRow, BudgetAmount, BudgetLine, ImplementationPlan, PlanPart
from .revision import Commission, Milestone, ProcessVariant
from .strategy import EffectTarget, FocusArea, Strategy, StrategyStatusError

__all__ = [
    "Action",
    "ActionRow",
    "BudgetAmount",
    "BudgetLine",
    "Commission",
    "Consultation",
    "ConsultationResponse",
    "ConsultedParty",
    "EffectTarget",
    "FocusArea",
    "ImplementationPlan",
    "Milestone",
    "PlanPart",
    "ProcessVariant",
    "Strategy",
    "StrategyStatusError",
]
