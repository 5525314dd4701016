"""Review workflow: return keeps versions, diff, permissions, pre-review gate, e-mails, concurrency."""

import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection

from activities import services
from activities.models import Activity
from activities.versions import version_diffs
from core.errors import DomainError, TransitionNotAllowed

from ..factories import filing_data


@pytest.mark.django_db
def test_return_edit_resubmit_keeps_both_versions_and_diff(make_filing, secretary_a, cast_admin):
    a = services.submit_filing(actor=secretary_a, activity=make_filing())
    a = services.return_filing(actor=cast_admin, activity=a, comment="请补充议程")
    assert a.status == "returned"
    services.update_filing(actor=secretary_a, activity=a, data={"location": "上海", "participants": 150})
    a = services.submit_filing(actor=secretary_a, activity=a)
    diffs = version_diffs(a)
    assert [d["version"].number for d in diffs] == [1, 2]
    assert {c["field"] for c in diffs[1]["changes"]} == {"location", "participants"}
    assert diffs[0]["version"].data["location"] == "北京"
    a = services.approve_filing(actor=cast_admin, activity=a, comment="")
    assert a.status == "approved"


@pytest.mark.django_db
def test_return_needs_a_comment_and_submitted_filing_is_not_editable(make_filing, secretary_a, cast_admin):
    a = services.submit_filing(actor=secretary_a, activity=make_filing())
    with pytest.raises(DomainError) as err:
        services.return_filing(actor=cast_admin, activity=a, comment=" ")
    assert err.value.field == "comment"
    with pytest.raises(TransitionNotAllowed):
        services.update_filing(actor=secretary_a, activity=a, data={"title": "x"})


@pytest.mark.django_db
def test_only_cast_reviews_and_only_own_society_files(
    make_filing, secretary_a, secretary_b, reviewer_a, society_a
):
    a = services.submit_filing(actor=secretary_a, activity=make_filing())
    for user in (secretary_a, reviewer_a):
        with pytest.raises(PermissionDenied):
            services.approve_filing(actor=user, activity=a)
    with pytest.raises(PermissionDenied):
        services.create_filing(actor=secretary_b, society=society_a, data=filing_data())


@pytest.mark.django_db
def test_branch_officer_files_for_own_branch_only(branch_officer_x, branch_x, branch_y, society_a):
    own = services.create_filing(actor=branch_officer_x, society=society_a, data=filing_data(branch=branch_x))
    assert own.branch == branch_x
    with pytest.raises(PermissionDenied):
        services.create_filing(actor=branch_officer_x, society=society_a, data=filing_data(branch=branch_y))
    with pytest.raises(PermissionDenied):
        services.create_filing(actor=branch_officer_x, society=society_a, data=filing_data())


@pytest.mark.django_db
def test_foreign_donation_is_gated_by_party_pre_review(make_filing, secretary_a, cast_admin, reviewer_a):
    from party_building import gate
    from party_building.services import matters

    a = make_filing(
        foreign_donation=Decimal("1.00"),
        foreign_partner="Wiley",
        foreign_affairs_approval_ref="外事〔2026〕12号",
    )
    a = services.submit_filing(actor=secretary_a, activity=a)
    matter = gate.matter_for(a)
    assert matter is not None and matter.kind == "large_donation" and matter.status == "pending"
    with pytest.raises(DomainError) as err:
        services.approve_filing(actor=cast_admin, activity=a)
    assert err.value.rule == "R-PB-02"
    assert Activity.objects.get(pk=a.pk).status == "submitted"
    matters.approve_matter(actor=reviewer_a, matter=matter, opinion="同意")
    assert services.approve_filing(actor=cast_admin, activity=a).status == "approved"


@pytest.mark.django_db
def test_bulk_approve_takes_only_clean_filings(make_filing, secretary_a, cast_admin):
    from datetime import timedelta

    from django.utils import timezone

    clean = services.submit_filing(actor=secretary_a, activity=make_filing())
    soon = timezone.localdate() + timedelta(days=3)
    late = services.submit_filing(actor=secretary_a, activity=make_filing(starts_on=soon, ends_on=soon))
    approved, skipped = services.bulk_approve(actor=cast_admin, activities=[clean, late])
    assert [a.pk for a in approved] == [clean.pk] and [a.pk for a in skipped] == [late.pk]
    assert Activity.objects.get(pk=late.pk).status == "submitted"


@pytest.mark.django_db(transaction=True)
def test_emails_on_submit_return_and_approve(make_filing, secretary_a, cast_admin):
    secretary_a.email = "sec@ccs.org.cn"
    secretary_a.save()
    a = services.submit_filing(actor=secretary_a, activity=make_filing())
    assert cast_admin.email in mail.outbox[-1].to
    services.return_filing(actor=cast_admin, activity=a, comment="请补充议程")
    assert mail.outbox[-1].to == ["sec@ccs.org.cn"] and "请补充议程" in mail.outbox[-1].body
    a = services.submit_filing(actor=secretary_a, activity=a)
    services.approve_filing(actor=cast_admin, activity=a)
    assert mail.outbox[-1].to == ["sec@ccs.org.cn"]


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_exactly_one_decision_wins(make_filing, secretary_a, cast_admin):
    from tests.factories import UserFactory

    other_admin = UserFactory(username="cast2", roles=[{"role": "cast_admin"}])
    a = services.submit_filing(actor=secretary_a, activity=make_filing())
    barrier = threading.Barrier(2)
    outcomes = {}

    def decide(name, fn):
        try:
            barrier.wait()
            fn()
            outcomes[name] = "ok"
        except TransitionNotAllowed as exc:
            outcomes[name] = exc.status
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=decide, args=("approve", lambda: services.approve_filing(actor=cast_admin, activity=a))
        ),
        threading.Thread(
            target=decide,
            args=("return", lambda: services.return_filing(actor=other_admin, activity=a, comment="退回")),
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()).count("ok") == 1
    loser = next(v for v in outcomes.values() if v != "ok")
    final = Activity.objects.get(pk=a.pk).status
    assert loser == final and final in ("approved", "returned")
    from core.audit import status_history

    decisions = [e.to_status for e in status_history(a)]
    assert decisions == ["submitted", final]


@pytest.mark.django_db
def test_resubmitted_without_the_donation_is_no_longer_held(make_filing, secretary_a, cast_admin):
    from party_building import gate

    a = make_filing(
        foreign_donation=Decimal("300000"),
        foreign_partner="Wiley",
        foreign_affairs_approval_ref="外事〔2026〕12号",
    )
    a = services.submit_filing(actor=secretary_a, activity=a)
    assert not gate.is_cleared(a)
    a = services.return_filing(actor=cast_admin, activity=a, comment="捐赠另行处理")
    services.update_filing(
        actor=secretary_a, activity=a, data={"foreign_donation": Decimal("0"), "foreign_partner": ""}
    )
    a = services.submit_filing(actor=secretary_a, activity=a)
    assert gate.is_cleared(a)
    assert services.approve_filing(actor=cast_admin, activity=a).status == "approved"
