"""Application mails: Celery tasks queued on commit, in the applicant's language; a failing mail server
costs retries, never the secretariat's decision."""

import pytest
from django.core import mail
from django.utils import translation

from members import services
from members.models import MembershipApplication
from tests.support.failing_mail import AlwaysFailingBackend

pytestmark = pytest.mark.django_db


def test_received_and_welcome_mails_in_english_for_an_english_reader(
    society_a, member, member_person, secretary_a, django_capture_on_commit_callbacks
):
    member.preferred_language = "en"
    member.save()
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        application = services.apply_for_membership(actor=member, society=society_a, person=member_person)
    received = mail.outbox[-1]
    assert received.to == ["member1@example.org"]
    assert received.subject == "Your application to Chinese Chemical Society was received"
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        approved = services.approve_application(actor=secretary_a, application=application, comment="欢迎")
    welcome = mail.outbox[-1]
    assert welcome.subject == "Welcome to Chinese Chemical Society"
    assert approved.membership.number in welcome.body and welcome.body.startswith("Dear 刘会员,")
    assert "欢迎" in welcome.body


def test_rejection_mail_in_chinese_for_a_chinese_reader(
    secretary_a, application_a, django_capture_on_commit_callbacks
):
    assert application_a.person.user.preferred_language == "zh-hans"
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.reject_application(actor=secretary_a, application=application_a, comment="材料不全")
    rejected = mail.outbox[-1]
    assert rejected.to == ["member1@example.org"]
    assert rejected.subject == "您向中国化学会提交的入会申请未获通过"
    assert "学会秘书处意见：材料不全" in rejected.body


@pytest.mark.django_db(transaction=True)
def test_smtp_failure_on_a_decision_is_retried_and_the_decision_stands(
    login, secretary_a, application_a, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.support.failing_mail.AlwaysFailingBackend"
    AlwaysFailingBackend.attempts = 0
    response = login(secretary_a).post(
        f"/members/applications/{application_a.pk}/approve/", {"comment": "欢迎"}
    )
    assert response.status_code == 302
    application = MembershipApplication.objects.get(pk=application_a.pk)
    assert application.status == "approved" and application.membership.status == "active"
    # tests propagate eager errors (CELERY_TASK_EAGER_PROPAGATES): the first failure's Retry reaches
    # enqueue_on_commit, which logs it; the request is not affected
    assert AlwaysFailingBackend.attempts == 1
    assert "members.notify_application_decided" in caplog.text and "Retry in" in caplog.text
