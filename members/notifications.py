"""The mails of a membership application: who gets them and what they say, in the applicant's language.

Rendering only — nothing here sends. `members.tasks` sends these after commit (members.services.joining
queues the tasks), so this module imports models, never services or tasks (see core/mail.py).
"""

from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from core.mail import language_of, localized, society_name

from .choices import ApplicationStatus
from .models import MembershipApplication


def _applicant(application: MembershipApplication) -> tuple[str, str]:
    """The applicant's address (the profile's, else the account's) and language (the account's)."""
    user = application.applicant or application.person.user
    email = application.person.email or (user.email if user else "")
    return email, language_of(user)


def application_submitted(application_pk: int) -> list[EmailMessage]:
    """To the applicant: the application was received."""
    application = MembershipApplication.objects.select_related("society", "person__user", "applicant").get(
        pk=application_pk
    )

    def render() -> tuple[str, str]:
        names = {"name": application.person.name, "society": society_name(application.society)}
        subject = _("Your application to %(society)s was received") % names
        body = (
            _(
                "Dear %(name)s,\n\nYour application to join %(society)s has been received and is waiting "
                "for the secretariat's decision. You can follow it under “My memberships” in the portal.\n"
            )
            % names
        )
        return subject, body

    return localized([_applicant(application)], render)


def application_decided(application_pk: int) -> list[EmailMessage]:
    """To the applicant: the application was approved (with the membership number) or not accepted."""
    application = MembershipApplication.objects.select_related(
        "society", "person__user", "applicant", "membership"
    ).get(pk=application_pk)
    if application.status not in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED):
        raise ValueError(f"application {application_pk} is not decided ({application.status})")

    def render() -> tuple[str, str]:
        names = {"name": application.person.name, "society": society_name(application.society)}
        if application.status == ApplicationStatus.APPROVED:
            membership = application.membership
            subject = _("Welcome to %(society)s") % names
            body = _(
                "Dear %(name)s,\n\nYour application to join %(society)s has been approved. "
                "Your membership number is %(number)s, valid until %(until)s.\n"
            ) % {
                **names,
                "number": membership.number if membership else "",
                "until": membership.valid_until.isoformat() if membership and membership.valid_until else "",
            }
        else:
            subject = _("Your application to %(society)s was not accepted") % names
            body = _("Dear %(name)s,\n\nYour application to join %(society)s was not accepted.\n") % names
        if application.comment:
            body += "\n" + _("Comment of the secretariat: %(comment)s") % {"comment": application.comment}
        return subject, body

    return localized([_applicant(application)], render)
