"""The personal-data notice 个人信息处理告知 a visitor reads and consents to before registering (PIPL
个人信息保护法 art. 14, 17; an ID number is sensitive personal information, art. 28–29, so the consent
is separate and explicit). Its text is templates/members/privacy_notice.html; change the text, change
the version: every consent (members.models.PrivacyConsent) records the version it was given to."""

NOTICE_VERSION = "2026-12-01"
