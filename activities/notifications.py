"""The mails a filing's state changes send: who gets them and what they say, in each reader's language.

Rendering only — nothing here sends. `activities.tasks` sends these after commit (services queue the
tasks), so this module imports models, never services or tasks (see core/mail.py for the layout).
"""

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from core.audit import status_history
from core.mail import language_of, localized, society_name
from core.roles import Role

from .choices import ActivityStatus
from .models import Activity

# decision → the status it leads to (the same words)
OUTCOMES = (ActivityStatus.APPROVED, ActivityStatus.RETURNED, ActivityStatus.REJECTED)


def filing_submitted(activity_pk: int) -> list[EmailMessage]:
    """To every active CAST administrator: a filing awaits review (one message per language)."""
    activity = Activity.objects.select_related("society").get(pk=activity_pk)
    reviewers = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.CAST_ADMIN)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )

    def render() -> tuple[str, str]:
        names = {"society": society_name(activity.society), "title": activity.title}
        subject = _("[Filing submitted] %(society)s: %(title)s") % names
        body = _("A filing awaits review: %(title)s (%(society)s), starting %(starts)s.") % {
            **names,
            "starts": activity.starts_on,
        }
        return subject, body

    return localized(((user.email, language_of(user)) for user in reviewers), render)


def filing_decided(activity_pk: int, outcome: str) -> list[EmailMessage]:
    """To the filer: the filing was approved, returned or rejected, with the reviewer's comment."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    activity = Activity.objects.select_related("society", "created_by").get(pk=activity_pk)
    filer = activity.created_by
    # the decision this mail is about, even if the filing has moved on since (a quick resubmission)
    last = status_history(activity).filter(to_status=outcome).last()

    def render() -> tuple[str, str]:
        labels = {
            "approved": _("filed (approved)"),
            "returned": _("returned for changes"),
            "rejected": _("rejected"),
        }
        subject = _("[Filing %(outcome)s] %(title)s") % {"outcome": labels[outcome], "title": activity.title}
        body = _("Your filing “%(title)s” was %(outcome)s.\n\n%(comment)s") % {
            "title": activity.title,
            "outcome": labels[outcome],
            "comment": last.comment if last else "",
        }
        return subject, body

    return localized([(filer.email, language_of(filer))], render)
