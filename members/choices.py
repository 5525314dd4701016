from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class IdType(models.TextChoices):
    MAINLAND_ID = "mainland_id", _("Resident identity card")
    HMT_PERMIT = "hmt_permit", _("HK/Macao/Taiwan residence permit or travel permit")
    PASSPORT = "passport", _("Passport")


class Region(models.TextChoices):
    MAINLAND = "mainland", _("Mainland China")
    HONG_KONG = "hong_kong", _("Hong Kong")
    MACAO = "macao", _("Macao")
    TAIWAN = "taiwan", _("Taiwan")
    FOREIGN = "foreign", _("Foreign")


# Applicants from these regions need the secretary's explicit approval (R-MEM-02).
FLAGGED_REGIONS = (Region.HONG_KONG, Region.MACAO, Region.TAIWAN, Region.FOREIGN)


class MembershipTier(models.TextChoices):
    STUDENT = "student", _("Student member")
    ORDINARY = "ordinary", _("Ordinary member")
    SENIOR = "senior", _("Senior member")
    FELLOW = "fellow", _("Fellow")
    HONORARY = "honorary", _("Honorary member")


# Tiers the secretariat alone grants (fellow 会士, honorary member 荣誉会员), never an applicant's choice.
SECRETARIAT_ONLY_TIERS = (MembershipTier.FELLOW, MembershipTier.HONORARY)
# Tiers an applicant may choose where the society has set nothing else (members.models.JoiningPolicy).
DEFAULT_SELF_SELECTABLE_TIERS = (MembershipTier.STUDENT, MembershipTier.ORDINARY, MembershipTier.SENIOR)


class MembershipCategory(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    UNIT = "unit", _("Unit")


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ACTIVE = "active", pgettext_lazy("membership", "Active")
    LAPSED = "lapsed", _("Lapsed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPELLED = "expelled", _("Expelled")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("application", "Withdrawn")


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class CreditKind(models.TextChoices):
    MISCONDUCT = "misconduct", _("Misconduct finding")
    SANCTION = "sanction", _("Sanction")
    COMMENDATION = "commendation", _("Commendation")


class TrainingKind(models.TextChoices):
    NEW_LEADER = "new_leader", _("New-leader training")
    SG_ROTATION = "sg_rotation", _("Secretary-general rotation training")
    STAFF = "staff", _("Staff training")
