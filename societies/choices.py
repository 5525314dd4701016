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


class BodyKind(models.TextChoices):
    CONGRESS = "congress", _("Member congress")
    COUNCIL = "council", _("Council")
    STANDING_COUNCIL = "standing_council", _("Standing council")
    SUPERVISORS = "supervisors", _("Supervisors")
    OFFICE = "office", _("Office")


# R-GOV-02: these bodies must exist, each with a current term.
REQUIRED_BODIES = (BodyKind.CONGRESS, BodyKind.COUNCIL, BodyKind.SUPERVISORS, BodyKind.OFFICE)


class TermStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    CLOSED = "closed", _("Closed")


class OfficerPosition(models.TextChoices):
    PRESIDENT = "president", _("President")
    VICE_PRESIDENT = "vice_president", _("Vice president")
    SECRETARY_GENERAL = "secretary_general", _("Secretary-general")
    CHIEF_SUPERVISOR = "chief_supervisor", _("Chief supervisor")
    SUPERVISOR = "supervisor", _("Supervisor")


# The employer sector of a person (a council seat holder's counts toward R-GOV-03).
class Sector(models.TextChoices):
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    ENTERPRISE = "enterprise", _("Enterprise")
    NON_PUBLIC = "non_public", _("Non-public sector")
    GOVERNMENT = "government", _("Government")
    OTHER = "other", _("Other")
