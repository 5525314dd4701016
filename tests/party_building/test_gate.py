"""The one pre-review gate (R-PB-02): thresholds, linking, idempotence, every kind gating its object."""

from datetime import date
from decimal import Decimal

import pytest

from core.audit import entries_for
from core.errors import DomainError
from core.rule_settings import change_rule_setting
from party_building.choices import MatterKind, MatterStatus
from party_building.gate import ensure_cleared, is_cleared, matter_for, needs_pre_review, require_matter
from party_building.services.matters import approve_matter, resubmit_matter, return_matter
from societies.models import CharterVersion

pytestmark = pytest.mark.django_db


def test_thresholds_come_from_rule_settings(cast_admin):
    assert not needs_pre_review("large_expenditure", Decimal("499999.99"))
    assert needs_pre_review("large_expenditure", Decimal("500000.00"))
    assert not needs_pre_review("large_donation", Decimal("199999.99"))
    assert needs_pre_review("large_donation", Decimal("200000"))
    assert needs_pre_review("large_donation", Decimal("1"), is_foreign=True)
    for kind in ("plan", "award_selection", "talent_recommendation", "election"):
        assert needs_pre_review(kind)
    change_rule_setting(actor=cast_admin, key="large_expenditure_threshold", value="100000")
    assert needs_pre_review("large_expenditure", Decimal("100000"))


@pytest.mark.parametrize("kind", MatterKind.values)
def test_each_kind_gates_its_object(kind, society_a, secretary_a, reviewer_a):
    """Any object is held until its matter is approved (a society's charter version stands in for an
    award round, a plan, a recommendation …)."""
    obj = CharterVersion.objects.create(society=society_a, version=1, adopted_on=date(2020, 1, 1))
    assert is_cleared(obj) and matter_for(obj) is None
    matter = require_matter(
        obj, kind=kind, society=society_a, title=f"事项 {kind}", actor=secretary_a, amount=Decimal("900000")
    )
    assert matter.status == MatterStatus.PENDING and matter.linked == obj
    assert not is_cleared(obj)
    with pytest.raises(DomainError) as refused:
        ensure_cleared(obj)
    assert refused.value.rule == "R-PB-02"
    assert f"事项 {kind}" in str(refused.value.message)
    return_matter(actor=reviewer_a, matter=matter, opinion="请补充材料")
    with pytest.raises(DomainError):
        ensure_cleared(obj)
    resubmit_matter(actor=secretary_a, matter=matter, comment="已补充")
    assert not is_cleared(obj)
    approve_matter(actor=reviewer_a, matter=matter, opinion="同意")
    assert is_cleared(obj)
    ensure_cleared(obj)


def test_require_matter_is_idempotent_and_audited(society_a, secretary_a, reviewer_a):
    charter = CharterVersion.objects.create(society=society_a, version=1, adopted_on=date(2020, 1, 1))
    first = require_matter(charter, kind="plan", society=society_a, title="年度计划", actor=secretary_a)
    again = require_matter(charter, kind="plan", society=society_a, title="年度计划", actor=secretary_a)
    assert first.pk == again.pk
    approve_matter(actor=reviewer_a, matter=first, opinion="同意")
    assert (
        require_matter(charter, kind="plan", society=society_a, title="x", actor=secretary_a).pk == first.pk
    )
    created = entries_for(first).filter(action="party_building.majormatter.created")
    assert created.count() == 1 and created.get().actor == secretary_a


def test_every_kind_linked_to_one_object_must_be_approved(society_a, secretary_a, reviewer_a):
    """An activity with a foreign donation and a large budget carries two matters; both must pass."""
    obj = CharterVersion.objects.create(society=society_a, version=1, adopted_on=date(2020, 1, 1))
    donation = require_matter(
        obj, kind="large_donation", society=society_a, title="境外捐赠", actor=secretary_a, is_foreign=True
    )
    spending = require_matter(
        obj, kind="large_expenditure", society=society_a, title="大额预算", actor=secretary_a, amount=600000
    )
    approve_matter(actor=reviewer_a, matter=spending, opinion="同意")
    assert not is_cleared(obj)
    with pytest.raises(DomainError) as refused:
        ensure_cleared(obj)
    assert "境外捐赠" in str(refused.value.message)
    approve_matter(actor=reviewer_a, matter=donation, opinion="同意")
    assert is_cleared(obj)
