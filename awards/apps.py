from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    """Award programs on the dynamic list (科技奖项动态清单) — filled in by the awards issue."""

    name = "awards"
    verbose_name = _("Awards")
