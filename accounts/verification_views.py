"""The e-mail verification pages: the link from the mail, and the page that says what is pending and
sends the link again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import DomainError

from .email_verification import needs_verification, send_verification, verify_email

RESEND_INTERVAL = 60  # seconds between two links sent on request


def verify(request, token):
    """Open the link from the mail: the address is verified (again: nothing changes), or the page says
    why the link is not good and offers a new one."""
    try:
        user = verify_email(token=token)
    except DomainError as exc:
        return render(request, "accounts/email_verification.html", {"error": exc}, status=400)
    messages.success(request, _("Your e-mail address %(email)s is verified.") % {"email": user.email})
    if request.user.is_authenticated:
        return redirect("members:mine")
    return redirect("login")


@login_required
def status(request):
    """What is pending; a POST sends the link again."""
    user = request.user
    if request.method == "POST":
        if needs_verification(user):
            # one link a minute: a held-down button does not flood the mailbox (or the mail server)
            if cache.add(f"email-verification-resend:{user.pk}", 1, RESEND_INTERVAL):
                send_verification(actor=user, user=user)
                messages.success(
                    request, _("We sent a new verification link to %(email)s.") % {"email": user.email}
                )
            else:
                messages.warning(
                    request, _("A link was sent less than a minute ago. Please check your mailbox.")
                )
        return redirect("email_verification")
    return render(request, "accounts/email_verification.html", {"pending": needs_verification(user)})
