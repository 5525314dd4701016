from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    """Award programs on CAST's dynamic list (科技奖项动态清单): rounds, nominations, peer review, results."""

    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from . import permissions  # noqa: F401  registers access scopes
