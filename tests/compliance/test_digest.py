"""The secretaries' daily digest: new and overdue findings, in each secretary's language, once a day."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from compliance import tasks
from compliance.models import Digest, Finding
from compliance.services import open_finding
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_digest_goes_once_a_day_in_each_language(secretary_a, society_a, society_b):
    from accounts.roles import Role

    secretary_a.email, secretary_a.preferred_language = "sec-en@cms.org.cn", "en"
    secretary_a.save()
    UserFactory(email="sec-zh@cms.org.cn", roles=[{"role": Role.SECRETARY, "society": society_a}])
    open_finding(rule="R-GOV-04", severity="warning", society=society_a, message="秘书长非专职")
    late = open_finding(rule="R-PB-01", severity="violation", society=society_a, message="章程缺少党建条款")
    Finding.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(days=3))

    assert tasks.send_digests() == 1  # society B has no finding: no digest
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"sec-en@cms.org.cn", "sec-zh@cms.org.cn"}
    english, chinese = by_address["sec-en@cms.org.cn"], by_address["sec-zh@cms.org.cn"]
    assert "2 new, 1 overdue" in english.subject and "R-PB-01" in english.body
    assert "past its deadline" in english.body
    assert "新增 2 项" in chinese.subject and "已逾期" in chinese.body
    digest = Digest.objects.get(society=society_a)
    assert (digest.new, digest.overdue, digest.recipients) == (2, 1, 2) and digest.sent_at

    assert tasks.send_digests() == 0 and tasks.send_digest(society_a.pk) == 0  # not twice a day
    assert len(mail.outbox) == 2


def test_no_digest_without_news(secretary_a, society_a):
    open_finding(rule="R-GOV-04", severity="warning", society=society_a, message="x")
    tasks.send_digests()
    Digest.objects.filter(society=society_a).update(
        day=timezone.localdate() - timedelta(days=1), sent_at=timezone.now() - timedelta(hours=1)
    )
    Finding.objects.update(opened_at=timezone.now() - timedelta(hours=2))
    mail.outbox.clear()
    assert tasks.send_digests() == 0  # nothing new since yesterday's digest, nothing overdue
    assert mail.outbox == []
