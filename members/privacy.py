"""The personal-data notice 个人信息处理告知 a visitor reads and consents to before registering (PIPL
个人信息保护法 art. 14, 17; an ID number is sensitive personal information, art. 28–29, so the consent
is separate and explicit). Its text is templates/members/privacy_notice.html; change the text, change
the version: every consent (members.models.PrivacyConsent) records the version it was given to."""

from django.conf import settings

NOTICE_VERSION = "2026-12-01"  # the default of settings.PRIVACY_NOTICE_VERSION


def current_version() -> str:
    """The version of the notice in force (settings.PRIVACY_NOTICE_VERSION)."""
    return str(getattr(settings, "PRIVACY_NOTICE_VERSION", NOTICE_VERSION))


def last_consent(user):
    """The user's latest consent, or None."""
    from .models import PrivacyConsent

    return PrivacyConsent.objects.filter(user=user).order_by("-consented_at", "-id").first()


def needs_reconsent(user) -> bool:
    """A signed-in member whose last consent is to another (older) version of the notice consents again
    before editing their profile or applying (members.views.common.consent_current)."""
    if not user.is_authenticated:
        return False
    last = last_consent(user)
    return last is not None and last.notice_version != current_version()
