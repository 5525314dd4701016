"""The app's configuration. ready() imports the modules that register with core (access scopes, decision
hooks) there, not at the top: they import models, which Django loads only after every AppConfig."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyBuildingConfig(AppConfig):
    """Party organizations, the pre-review (前置审议) of major matters that gates other apps, finance
    registers and elections (DOMAIN.md §Party building)."""

    name = "party_building"
    verbose_name = _("Party building")

    def ready(self):
        from . import permissions  # noqa: F401  registers access scopes
        from .services import elections  # noqa: F401  registers the election decision hook
