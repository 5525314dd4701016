from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AwardCategory(models.TextChoices):
    PROGRESS = "progress", _("S&T progress")
    YOUTH = "youth", _("Youth")
    POPULAR_SCIENCE = "popular_science", _("Popular science")
    INNOVATION = "innovation", _("Technological invention")
    LIFETIME = "lifetime", _("Lifetime achievement")
    OTHER = "other", _("Other")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    LISTED = "listed", _("Listed")
    SUSPENDED = "suspended", pgettext_lazy("award program", "Suspended")
    WITHDRAWN = "withdrawn", pgettext_lazy("award program", "Withdrawn")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for nominations")
    REVIEWING = "reviewing", _("In review")
    PROPOSED = "proposed", _("Results proposed")
    PUBLISHED = "published", _("Published")


class NominationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("nomination", "Withdrawn")
    WINNER = "winner", _("Winner")
    NOT_AWARDED = "not_awarded", _("Not awarded")


class NominatorKind(models.TextChoices):
    MEMBER = "member", _("A member of the society")
    SECRETARIAT = "secretariat", _("The secretariat on behalf of a unit")
