from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    """Compliance findings (合规问题) opened by rules and sweeps, and their follow-up."""

    name = "compliance"
    verbose_name = _("Compliance")

    def ready(self):
        from . import permissions  # noqa: F401  registers access scopes
