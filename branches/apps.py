"""The app's configuration. ready() imports the modules that register with core (access scopes, decision
hooks) there, not at the top: they import models, which Django loads only after every AppConfig."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchesConfig(AppConfig):
    """Branch and representative offices (分支机构/代表机构) of a society — never of a branch (R-BR-01)."""

    name = "branches"
    verbose_name = _("Branch offices")

    def ready(self):
        from . import permissions  # noqa: F401  registers access scopes
