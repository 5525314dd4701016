"""Account mail, sent by Celery after commit (core.mail)."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.mail import MAIL_TASK_OPTIONS, language_of, send

from .verification_tokens import verification_url


@shared_task(name="accounts.send_email_verification", **MAIL_TASK_OPTIONS)
def send_email_verification(user_pk: int) -> int:
    """The verification link, in the user's language. Returns the number of messages sent."""
    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None or not user.email or not user.email_verification_required:
        return 0
    with translation.override(language_of(user)):
        subject = _("Verify your e-mail address")
        body = render_to_string(
            "accounts/email_verification_mail.txt", {"user": user, "url": verification_url(user)}
        )
    return send([EmailMessage(subject, body, to=[user.email])])


@shared_task(name="accounts.send_email_change_verification", **MAIL_TASK_OPTIONS)
def send_email_change_verification(user_pk: int) -> int:
    """The link that verifies a new address given on the profile, mailed to that new address."""
    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None or not user.pending_email:
        return 0
    with translation.override(language_of(user)):
        subject = _("Verify your new e-mail address")
        body = render_to_string(
            "accounts/email_change_mail.txt",
            {"user": user, "url": verification_url(user, user.pending_email), "old": user.email},
        )
    return send([EmailMessage(subject, body, to=[user.pending_email])])
