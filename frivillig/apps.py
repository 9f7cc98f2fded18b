from django.apps import AppConfig


class FrivilligConfig(AppConfig):
    """The project as a whole, above every app: start pages, navigation, the demo and bench data, backup
    and restore, housekeeping tasks. Nothing imports it but settings, URLs and Celery."""

    name = "frivillig"
    verbose_name = "frivillig"
