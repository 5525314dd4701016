"""The app's configuration. ready() imports the modules that register with core (access scopes, decision
hooks) there, not at the top: they import models, which Django loads only after every AppConfig."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    """Activity filings (业务活动备案) and their review."""

    name = "activities"
    verbose_name = _("Activity filings")

    def ready(self):
        from . import (
            permissions,  # noqa: F401  registers access scopes
            signals,  # noqa: F401  keeps the branches' last approved activity date
        )
