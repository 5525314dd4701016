"""The app's configuration. ready() imports the modules that register with core (access scopes, decision
hooks) there, not at the top: they import models, which Django loads only after every AppConfig."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    """Award programs on CAST's dynamic list (科技奖项动态清单): rounds, nominations, peer review, results."""

    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from . import permissions  # noqa: F401  registers access scopes
