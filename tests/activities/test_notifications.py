"""Filing mails: Celery tasks queued on commit, in each recipient's language; a failing mail server costs
retries, never the reviewer's decision."""

import logging

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import translation

from activities import services
from activities.models import Activity
from tests.factories import UserFactory
from tests.support.failing_mail import AlwaysFailingBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def filer_en(secretary_a):
    secretary_a.email, secretary_a.preferred_language = "sec@ccs.org.cn", "en"
    secretary_a.save()
    return secretary_a


def test_submitted_mail_goes_to_each_reviewer_in_their_language(
    make_filing, filer_en, cast_admin, django_capture_on_commit_callbacks
):
    cast_en = UserFactory(username="cast_en", preferred_language="en", roles=[{"role": "cast_admin"}])
    UserFactory(username="cast_mute", email="", roles=[{"role": "cast_admin"}])  # no address: skipped
    with django_capture_on_commit_callbacks(execute=True):
        a = services.submit_filing(actor=filer_en, activity=make_filing())
    by_language = {tuple(m.to): m for m in mail.outbox}
    assert set(by_language) == {(cast_admin.email,), (cast_en.email,)}
    zh, en = by_language[(cast_admin.email,)], by_language[(cast_en.email,)]
    assert zh.subject == f"【备案已提交】中国化学会：{a.title}"
    assert "有一项备案待审核" in zh.body
    assert en.subject == f"[Filing submitted] Chinese Chemical Society: {a.title}"
    assert en.body.startswith("A filing awaits review:")


def test_return_and_approve_mail_the_filer_in_the_filers_language(
    make_filing, filer_en, cast_admin, django_capture_on_commit_callbacks
):
    a = services.submit_filing(actor=filer_en, activity=make_filing())
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):  # reviewer's UI
        a = services.return_filing(actor=cast_admin, activity=a, comment="请补充议程")
    returned = mail.outbox[-1]
    assert returned.to == ["sec@ccs.org.cn"]
    assert returned.subject == f"[Filing returned for changes] {a.title}"
    assert returned.body == f"Your filing “{a.title}” was returned for changes.\n\n请补充议程"

    filer_en.preferred_language = "zh-hans"
    filer_en.save()
    a = services.submit_filing(actor=filer_en, activity=a)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.approve_filing(actor=cast_admin, activity=a, comment="同意")
    approved = mail.outbox[-1]
    assert approved.to == ["sec@ccs.org.cn"]
    assert approved.subject == f"【备案结果：已备案（已批准）】{a.title}"
    assert "同意" in approved.body


def test_reject_mails_the_filer(make_filing, filer_en, cast_admin, django_capture_on_commit_callbacks):
    a = services.submit_filing(actor=filer_en, activity=make_filing())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.reject_filing(actor=cast_admin, activity=a, comment="不属于业务范围")
    assert len(callbacks) == 1  # one task queued, nothing sent inside the transaction
    assert mail.outbox[-1].subject == f"[Filing rejected] {a.title}"


@pytest.fixture
def failing_mail(settings):
    settings.EMAIL_BACKEND = "tests.support.failing_mail.AlwaysFailingBackend"
    AlwaysFailingBackend.attempts = 0
    return AlwaysFailingBackend


@pytest.fixture
def eager_retries():
    """Eager mode runs a task's retries in-process (at once, countdowns ignored) only when it does not
    propagate errors; with CELERY_TASK_EAGER_PROPAGATES the first Retry is raised to the caller."""
    from config.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = django_settings.CELERY_TASK_EAGER_PROPAGATES


@pytest.mark.django_db(
    transaction=True
)  # commit for real, so on_commit runs inside the request as in production
def test_smtp_failure_on_approval_is_retried_and_the_approval_stands(
    login, make_filing, filer_en, cast_admin, failing_mail, eager_retries, caplog
):
    a = services.submit_filing(actor=filer_en, activity=make_filing())
    failing_mail.attempts = 0
    with caplog.at_level(logging.ERROR):
        response = login(cast_admin).post(f"/activities/{a.pk}/approve/", {"comment": "同意"})
    assert response.status_code == 302 and response.url == f"/activities/{a.pk}/"
    assert Activity.objects.get(pk=a.pk).status == "approved"
    assert failing_mail.attempts == 1 + 8  # the first try and every retry (eager mode: without waiting)
    assert "activities.notify_filing_decided" in caplog.text and "SMTPServerDisconnected" in caplog.text
