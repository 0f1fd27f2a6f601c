"""The Celery app. Tasks live in each app's tasks.py and are found by autodiscovery."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The embedded file-system broker needs its folders before the first message is written.
for _key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
    _folder = app.conf.broker_transport_options.get(_key)
    if _folder:
        Path(_folder).mkdir(parents=True, exist_ok=True)
