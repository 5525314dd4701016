"""Re-consent on a new notice version (issue 16 item 7, PIPL): a signed-in member whose last consent is
to an older version of the personal-data notice (settings.PRIVACY_NOTICE_VERSION) consents again —
a page, recorded with version, time and address, audited — before editing their profile or applying;
a member whose consent is current, or who never gave one here, goes straight on."""

import pytest
from django.utils.translation import override

from core.audit_labels import action_label
from core.models import AuditEntry
from members.models import PrivacyConsent

from ..factories import PersonFactory, SocietyFactory

pytestmark = pytest.mark.django_db
OLD, NEW = "2026-12-01", "2027-03-01"


@pytest.fixture
def consented(member):
    person = PersonFactory(user=member, name="钱芳可")
    PrivacyConsent.objects.create(user=member, person=person, notice_version=OLD)
    return member


def test_a_new_version_sends_the_member_to_consent_before_the_profile(login, consented, settings):
    settings.PRIVACY_NOTICE_VERSION = NEW
    client = login(consented)
    response = client.get("/members/profile/")
    assert response.status_code == 302
    assert response["Location"] == "/members/privacy/consent/?next=%2Fmembers%2Fprofile%2F"
    # a POST to the profile is not taken either
    assert client.post("/members/profile/", {"name": "改名"})["Location"].startswith(
        "/members/privacy/consent/"
    )

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and f'data-version="{NEW}"' in html
    assert f"您此前同意的是 {OLD} 版，现行版本为 {NEW} 版" in html

    refused = client.post("/members/privacy/consent/", {"next": "/members/profile/"})
    assert refused.status_code == 200 and "consent" in refused.context["form"].errors
    assert PrivacyConsent.objects.filter(user=consented).count() == 1

    done = client.post(
        "/members/privacy/consent/", {"consent": "on", "next": "/members/profile/"}, REMOTE_ADDR="203.0.113.7"
    )
    assert done.status_code == 302 and done["Location"] == "/members/profile/"
    latest = PrivacyConsent.objects.filter(user=consented).order_by("-consented_at", "-id").first()
    assert latest.notice_version == NEW and latest.ip == "203.0.113.7" and latest.person.name == "钱芳可"
    audit = AuditEntry.objects.get(action="members.privacyconsent.renewed")
    assert audit.data["notice_version"] == NEW and audit.data["previous_version"] == OLD
    with override("zh-hans"):
        assert "重新同意" in str(action_label(audit.action))
    assert client.get("/members/profile/").status_code == 200  # goes on now


def test_applying_waits_for_the_consent_too(login, consented, settings):
    society = SocietyFactory()
    settings.PRIVACY_NOTICE_VERSION = NEW
    client = login(consented)
    response = client.get(f"/members/join/{society.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/members/privacy/consent/?next=%2Fmembers%2Fjoin%2F{society.pk}%2F"


def test_a_current_consent_or_none_asks_nothing(login, consented, member, settings, secretary_a):
    settings.PRIVACY_NOTICE_VERSION = OLD
    client = login(consented)
    assert client.get("/members/profile/").status_code == 200
    assert client.get("/members/privacy/consent/?next=/members/mine/")["Location"] == "/members/mine/"
    settings.PRIVACY_NOTICE_VERSION = NEW
    assert login(secretary_a).get("/members/profile/").status_code == 200  # never consented here


def test_the_consent_page_refuses_a_foreign_next(login, consented, settings):
    settings.PRIVACY_NOTICE_VERSION = NEW
    client = login(consented)
    done = client.post("/members/privacy/consent/", {"consent": "on", "next": "https://evil.example/"})
    assert done.status_code == 302 and done["Location"] == "/members/profile/"
