from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    FORUM = "forum", _("Forum")
    SEMINAR = "seminar", _("Seminar")
    CONFERENCE = "conference", _("Academic conference")
    POPULAR_SCIENCE = "popular_science", _("Popular science")
    VOLUNTEER_SERVICE = "volunteer_service", _("S&T volunteer service")
    TRAINING = "training", _("Training")
    TECH_SERVICE = "tech_service", _("Technology service")
    EVALUATION_COMMENDATION = "evaluation_commendation", _("Evaluation / commendation")
    OVERSEAS_EXCHANGE = "overseas_exchange", _("Overseas academic exchange")
    OTHER = "other", _("Other")


# Filed before they start, with a lead time (R-ACT-02).
LEAD_TIME_KINDS = (ActivityKind.FORUM, ActivityKind.SEMINAR, ActivityKind.CONFERENCE)


class ActivityRole(models.TextChoices):
    HOST = "host", _("Host")
    CO_HOST = "co_host", _("Co-host")
    SUPPORTER = "supporter", _("Supporter")


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Filed")
    REJECTED = "rejected", _("Rejected")
