"""The core app. Its ready() imports core.startup there, not at the top: the production checks read
settings and the app registry, which are complete only once Django calls ready()."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Cross-cutting machinery every app uses: audit trail, workflows, access scoping, API conventions."""

    name = "core"
    verbose_name = _("Portal core")

    def ready(self):
        from . import signals
        from .api.fields import install
        from .startup import check_production_configuration

        check_production_configuration()
        signals.connect()
        install()  # DRF's fields get the portal's input rules (core.api.fields)
