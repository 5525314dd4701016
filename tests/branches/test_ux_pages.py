"""What the branch pages show: labelled officer inputs, translated status history, a text overdue badge,
rule badges with the rule's name, a scan that says when it would change nothing, the import columns, and
the demo's R-BR-04 ceiling scaled to its member sample."""

from datetime import timedelta

import pytest
from django.utils import timezone

from branches import demo, services
from branches.choices import BranchKind, BranchStatus
from branches.models import BranchOfficer
from compliance.rule_titles import rule_title
from core.models import AuditEntry
from core.rule_settings import change_rule_setting, rule_setting
from tests.factories import BranchFactory, add_active_members

pytestmark = pytest.mark.django_db


def test_officer_row_has_labels(login, branch_officer_x, branch_x):
    page = login(branch_officer_x).get(f"/branches/{branch_x.pk}/").content.decode()
    for field in ("name", "position", "since"):
        assert f'for="id_{field}"' in page


def test_status_history_uses_labels_not_codes(login, proposal, secretary_a):
    branch = proposal()
    services.submit_branch(actor=secretary_a, branch=branch, over_ceiling_reason="学科发展需要")
    page = login(secretary_a).get(f"/branches/{branch.pk}/").content.decode()
    proposed, submitted = str(BranchStatus.PROPOSED.label), str(BranchStatus.SUBMITTED.label)
    assert f"{proposed} → {submitted}" in page
    assert "proposed → submitted" not in page


def test_overdue_badge_is_text(login, secretary_a, society_a):
    branch = BranchFactory(
        society=society_a,
        name="催化专业委员会",
        status=BranchStatus.RECTIFYING,
        rectification_deadline=timezone.localdate() - timedelta(days=2),
    )
    page = login(secretary_a).get("/branches/?status=all").content.decode()
    assert f'data-branch="{branch.pk}"' in page and 'data-overdue="1"' in page
    assert "⏰" not in page


def test_rule_badges_carry_the_rule_name(login, secretary_a):
    page = login(secretary_a).get("/branches/new/").content.decode()
    assert f'title="{rule_title("R-BR-01")}"' in page and rule_title("R-BR-01")


def test_scan_with_nothing_to_do_disables_confirm(login, cast_admin, old_branch):
    web = login(cast_admin)
    page = web.get("/branches/cleanup/scan/").content.decode()
    assert 'id="nothing-to-do"' in page and 'id="confirm" disabled' in page
    old_branch("无机化学专业委员会")
    page = web.get("/branches/cleanup/scan/").content.decode()
    assert 'id="nothing-to-do"' not in page and 'id="confirm" disabled' not in page


def test_import_page_lists_columns_and_kinds(login, secretary_a):
    page = login(secretary_a).get("/branches/import/").content.decode()
    for column in ("name", "kind", "business_scope", "purpose"):
        assert f'data-column="{column}"' in page
    for value in BranchKind.values:
        assert f'<code translate="no">{value}</code>' in page  # a code, marked not for translation
    assert "境外代表机构" in page  # the Chinese labels the importer accepts too


def test_roster_uses_full_width_punctuation(login, secretary_a, branch_x):
    BranchOfficer.objects.create(branch=branch_x, name="任雪", position="deputy")
    BranchOfficer.objects.create(branch=branch_x, name="陈主任", position="director")
    page = login(secretary_a).get(f"/branches/roster/{branch_x.society_id}/").content.decode()
    assert "任雪（" in page and "任雪 (" not in page and "）</span>、" in page


def test_demo_scales_the_ceiling_to_its_sample_once(cast_admin, society_a, society_b):
    from branches.rules import ceiling_for

    # society_a: 40 members, 2 branches (20 a branch); society_b: 30 members, 10 branches (3 a branch)
    add_active_members(society_a, 40)
    add_active_members(society_b, 30)
    for i in range(2):
        BranchFactory(society=society_a, name=f"甲{i}专业委员会")
    for i in range(10):
        BranchFactory(society=society_b, name=f"乙{i}专业委员会")
    assert ceiling_for(society_a).over_now  # the policy default (300 a branch) puts every sample over
    logged = []
    demo._scale_branch_ceiling(logged.append)
    value = rule_setting("branch_members_per_branch")
    assert value == 3  # the lower share: one society in five may stay over
    assert not ceiling_for(society_a).over_now and not ceiling_for(society_b).over_now
    assert len(logged) == 1 and "branch_members_per_branch" in logged[0]
    entry = AuditEntry.objects.get(action="core.rulesetting.changed")
    assert entry.data["new"] == "3" and entry.actor is None
    # a value set once (by the demo or a CAST administrator) is never overwritten by the demo
    change_rule_setting(actor=cast_admin, key="branch_members_per_branch", value=200)
    demo._scale_branch_ceiling(logged.append)
    assert rule_setting("branch_members_per_branch") == 200 and len(logged) == 1
