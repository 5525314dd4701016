from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Cross-cutting machinery every app uses: audit trail, workflows, access scoping, API conventions."""

    name = "core"
    verbose_name = _("Portal core")

    def ready(self):
        from .startup import check_production_configuration

        check_production_configuration()
