from django.db import models
from django.utils.translation import gettext_lazy as _


class Discipline(models.TextChoices):
    SCIENCE = "science", _("Science")
    ENGINEERING = "engineering", _("Engineering")
    AGRICULTURE = "agriculture", _("Agriculture")
    MEDICINE = "medicine", _("Medicine")
    INTERDISCIPLINARY = "interdisciplinary", _("Interdisciplinary")


class SocietyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DEREGISTERED = "deregistered", _("Deregistered")
