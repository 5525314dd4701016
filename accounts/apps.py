"""The app's configuration. ready() imports the modules that register with core (access scopes, decision
hooks) there, not at the top: they import models, which Django loads only after every AppConfig."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, their roles, and the reach each role gives them."""

    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from . import (
            permissions,  # noqa: F401  registers access scopes
            signals,  # noqa: F401  audits logins and failed logins
        )
