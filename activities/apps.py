from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    """Activity filings (业务活动备案) and their review — filled in by the activities issue."""

    name = "activities"
    verbose_name = _("Activity filings")
