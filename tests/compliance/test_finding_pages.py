"""The finding page names the rule and the subject, and labels the facts the rule saw."""

import pytest

from compliance import services
from compliance.choices import FindingStatus
from compliance.rule_titles import FACT_LABELS, RULE_TITLES, fact_label, rule_title

pytestmark = pytest.mark.django_db


def test_rule_titles_and_fact_labels_fall_back():
    assert rule_title("R-BR-05") == str(RULE_TITLES["R-BR-05"]) != ""
    assert rule_title("r-br-04 ") == str(RULE_TITLES["R-BR-04"])
    assert rule_title("R-XX-99") == "" and rule_title("") == ""
    assert fact_label("months") == str(FACT_LABELS["months"]) and fact_label("zzz") == "zzz"


def test_finding_detail_shows_rule_name_subject_and_labelled_facts(login, cast_admin, society_a, branch_x):
    finding = services.open_finding(
        rule="R-BR-05",
        severity="violation",
        society=society_a,
        subject=branch_x,
        message="长期不开展活动",
        facts={"months": 14, "grade": "fail", "unlabelled_key": 3},
    )
    page = login(cast_admin).get(f"/compliance/findings/{finding.pk}/").content.decode()
    heading = page.split('id="finding-title"', 1)[1].split("</h1>", 1)[0]
    assert "R-BR-05" in heading and rule_title("R-BR-05") in heading and branch_x.name in heading
    facts = page.split('id="facts"', 1)[1].split("</table>", 1)[0]
    assert fact_label("months") in facts and ">months<" not in facts
    assert ">fail<" not in facts  # the grade by its label
    assert "unlabelled_key" in facts  # a fact without a label keeps its key
    # the history shows the status label, not the code
    change = page.split('class="status-change">', 1)[1].split("</div>", 1)[0]
    assert change == str(FindingStatus.OPEN.label) != "open"


def test_finding_list_badges_carry_the_rule_name(login, cast_admin, society_a, branch_x):
    services.open_finding(
        rule="R-BR-04", severity="warning", society=society_a, subject=society_a, message="超过上限"
    )
    page = login(cast_admin).get("/compliance/findings/").content.decode()
    assert f'title="{rule_title("R-BR-04")}"' in page
