from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Follow-up and evaluation")

    def ready(self):
        from strategies.signals import strategy_approved

        # The half-year periods and the evaluation steps appear by themselves when a strategy is approved.
        strategy_approved.connect(_schedule, dispatch_uid="evaluation.schedule")


def _schedule(sender, strategy, **kwargs):
    from .models import generate_schedule

    generate_schedule(strategy)
