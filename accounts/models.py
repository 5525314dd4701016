"""Portal users. Roles are not stored here: see core.roles for where they live."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: CAST staff, a regulator liaison, a society's office staff, a Party
    reviewer, a branch officer or a member. `name` is the full name as written in Chinese."""

    name = models.CharField(_("full name"), max_length=100, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        default="zh-hans",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.name or self.username

    def get_full_name(self):
        return self.name or super().get_full_name() or self.username
