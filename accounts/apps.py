from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, their roles, and the reach each role gives them."""

    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from . import permissions  # noqa: F401  registers access scopes
