import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frivillig.settings")

# The project's own housekeeping tasks live outside the apps that autodiscovery looks in.
app = Celery("frivillig", include=["frivillig.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
