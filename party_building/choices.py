from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PartyLevel(models.TextChoices):
    COUNCIL_COMMITTEE = "council_committee", _("Council Party committee")
    OFFICE = "office", _("Office Party organization")
    BRANCH = "branch", _("Branch-office Party organization")


class MatterKind(models.TextChoices):
    PLAN = "plan", _("Annual plan")
    LARGE_EXPENDITURE = "large_expenditure", _("Large expenditure")
    LARGE_DONATION = "large_donation", _("Large donation")
    AWARD_SELECTION = "award_selection", _("Award selection")
    TALENT_RECOMMENDATION = "talent_recommendation", _("Talent recommendation")
    ELECTION = "election", _("Election")


class MatterStatus(models.TextChoices):
    PENDING = "pending", _("Pending pre-review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    # The object no longer needs a matter of this kind (the donation was removed, the budget dropped
    # under the threshold): kept for the record, never deleted, counts for nothing in the gate.
    WITHDRAWN = "withdrawn", pgettext_lazy("matter", "Withdrawn")  # 已撤回, not a member's 已退会


OPEN_MATTER_STATUSES = (MatterStatus.PENDING, MatterStatus.RETURNED)


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class FinanceStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    CONFIRMED = "confirmed", _("Confirmed")


class ElectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft slate")
    SLATE_SUBMITTED = "slate_submitted", _("Slate under political review")
    SLATE_APPROVED = "slate_approved", _("Slate approved")
    VOTED = "voted", _("Votes recorded")
    CERTIFIED = "certified", _("Certified")
