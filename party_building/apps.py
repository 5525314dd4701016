from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyBuildingConfig(AppConfig):
    """Party organizations and the pre-review (前置审议) of major matters — filled in by its issue."""

    name = "party_building"
    verbose_name = _("Party building")
