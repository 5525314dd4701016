"""The one permission layer: each role reaches exactly its own society or branch."""

import pytest

from branches.models import Branch
from core.access import CHANGE, REVIEW, VIEW, restrict
from core.models import AuditEntry
from societies.models import Society

from ..factories import BranchFactory


@pytest.fixture
def two_societies_with_branches(society_a, society_b, branch_x, branch_y):
    return BranchFactory(society=society_b, name="凝聚态物理专业委员会")


@pytest.mark.django_db
def test_secretary_changes_only_own_society(secretary_a, society_a, society_b):
    assert list(restrict(Society.objects.all(), secretary_a, CHANGE)) == [society_a]


@pytest.mark.django_db
def test_branches_are_scoped_per_role(
    two_societies_with_branches,
    secretary_a,
    secretary_b,
    branch_officer_x,
    branch_x,
    reviewer_a,
    regulator,
    cast_admin,
    outsider,
):
    physics_branch = two_societies_with_branches
    all_branches = Branch.objects.order_by("pk")
    assert set(restrict(all_branches, secretary_a)) == {branch_x, *Branch.objects.filter(society__code="ccs")}
    assert list(restrict(all_branches, secretary_b)) == [physics_branch]
    assert list(restrict(all_branches, branch_officer_x)) == [branch_x]
    assert list(restrict(all_branches, branch_officer_x, CHANGE)) == [branch_x]
    assert physics_branch not in restrict(all_branches, reviewer_a)
    assert not restrict(all_branches, reviewer_a, CHANGE).exists()
    assert restrict(all_branches, reviewer_a, REVIEW).count() == 2
    assert restrict(all_branches, regulator).count() == 3
    assert not restrict(all_branches, regulator, CHANGE).exists()
    assert restrict(all_branches, cast_admin, CHANGE).count() == 3
    assert not restrict(all_branches, outsider).exists()


@pytest.mark.django_db
def test_restrict_adds_no_queries_per_row(secretary_a, society_a, django_assert_max_num_queries):
    for i in range(30):
        BranchFactory(society=society_a, name=f"委员会{i}")
    secretary_a = type(secretary_a).objects.get(pk=secretary_a.pk)
    with django_assert_max_num_queries(3):  # groups, object permissions, then the rows
        rows = list(restrict(Branch.objects.all(), secretary_a, VIEW))
    assert len(rows) == 30


@pytest.mark.django_db
def test_cross_society_web_request_is_404_and_audited(login, secretary_b, society_a):
    client = login(secretary_b)
    # the society's page is public, but a status change is not theirs: refused
    response = client.post(f"/societies/{society_a.pk}/status/suspend/", {"comment": "x"})
    assert response.status_code == 403
    society_a.refresh_from_db()
    assert society_a.status == "active"


@pytest.mark.django_db
def test_branch_officer_of_x_cannot_fetch_branch_y_via_helper(branch_officer_x, branch_y):
    from django.http import Http404

    from core.access import get_for

    with pytest.raises(Http404):
        get_for(Branch.objects.all(), branch_officer_x, pk=branch_y.pk)
    assert AuditEntry.objects.filter(action="core.access.denied_view", actor=branch_officer_x).exists()


@pytest.mark.django_db
def test_api_lookup_across_societies_is_404_and_audited(api, secretary_b, branch_x):
    response = api.as_user(secretary_b).get(f"/api/v1/branches/{branch_x.pk}/")
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied_view", actor=secretary_b).exists()
    assert api.as_user(secretary_b).get("/api/v1/branches/not-a-number/").status_code == 404


@pytest.mark.django_db
def test_api_forbidden_action_is_audited(api, secretary_a, society_a):
    response = api.as_user(secretary_a).post(f"/api/v1/societies/{society_a.pk}/suspend/", {"comment": "x"})
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action="core.access.denied_api", actor=secretary_a)
    assert entry.data["path"].endswith("/suspend/")


@pytest.mark.django_db
def test_conflict_message_names_the_status_label(api, cast_admin, society_a):
    client = api.as_user(cast_admin)
    response = client.post(f"/api/v1/societies/{society_a.pk}/reinstate/", {"comment": "x"})
    assert response.status_code == 409
    assert response.json()["status"] == "active"
    assert "正常" in response.json()["detail"]
