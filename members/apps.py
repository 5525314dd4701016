"""The app's configuration. ready() imports the modules that register with core (access scopes, decision
hooks) there, not at the top: they import models, which Django loads only after every AppConfig."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """People, memberships, joining, academic credit (学术信用) and training (教育培训) records."""

    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from . import permissions  # noqa: F401  registers access scopes
