from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    """Activity filings (业务活动备案) and their review."""

    name = "activities"
    verbose_name = _("Activity filings")

    def ready(self):
        from . import permissions  # noqa: F401  registers access scopes
