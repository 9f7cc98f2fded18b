from django.dispatch import Signal

#: Sent by Strategy.approve() inside its transaction, with sender=Strategy and strategy=the version.
strategy_approved = Signal()
