"""Party organizations at three levels and their advisory gaps (R-PB-04, R-PB-01)."""

import pytest

from party_building.models import PartyOrganization
from party_building.services import organizations

from ..factories import CharterVersionFactory

pytestmark = pytest.mark.django_db


def test_gaps_listed_until_three_levels_exist(society_a, branch_x, branch_y, secretary_a):
    gaps = organizations.organization_gaps([society_a])[society_a.pk]
    assert {(g["rule"], g["level"]) for g in gaps} == {
        ("R-PB-04", "council_committee"),
        ("R-PB-04", "office"),
        ("R-PB-04", "branch"),
    }
    assert len(gaps) == 4  # both branches
    organizations.create_organization(
        actor=secretary_a, society=society_a, level="council_committee", secretary_name="赵", members_count=9
    )
    organizations.create_organization(actor=secretary_a, society=society_a, level="office", members_count=5)
    organizations.create_organization(
        actor=secretary_a, society=society_a, level="branch", branch=branch_x, members_count=2
    )
    organizations.create_organization(
        actor=secretary_a, society=society_a, level="branch", branch=branch_y, members_count=3
    )
    CharterVersionFactory(society=society_a)
    gaps = organizations.organization_gaps([society_a])[society_a.pk]
    assert sorted(g["rule"] for g in gaps) == ["R-PB-01", "R-PB-04"]  # no clause; branch_x has 2 members


def test_api_writes_scoped_and_unique(
    api, society_a, society_b, branch_x, secretary_a, secretary_b, reviewer_a
):
    client = api.as_user(secretary_a)
    body = {"society": society_a.pk, "level": "council_committee", "secretary_name": "赵", "members_count": 9}
    created = client.post("/api/v1/party-organizations/", body, format="json")
    assert created.status_code == 201, created.json()
    dup = client.post("/api/v1/party-organizations/", body, format="json")
    assert dup.status_code == 400 and dup.json()["rule"] == "R-PB-04"
    no_branch = client.post("/api/v1/party-organizations/", {**body, "level": "branch"}, format="json")
    assert no_branch.status_code == 400 and "branch" in no_branch.json()
    pk = created.json()["id"]
    assert (
        client.patch(f"/api/v1/party-organizations/{pk}/", {"members_count": 12}, format="json").json()[
            "members_count"
        ]
        == 12
    )
    assert api.as_user(reviewer_a).get(f"/api/v1/party-organizations/{pk}/").status_code == 200
    assert (
        api.as_user(reviewer_a).patch(
            f"/api/v1/party-organizations/{pk}/", {"members_count": 1}, format="json"
        )
    ).status_code == 403
    other = api.as_user(secretary_b)
    assert (
        other.patch(f"/api/v1/party-organizations/{pk}/", {"members_count": 1}, format="json").status_code
        == 404
    )
    assert (
        other.post(
            "/api/v1/party-organizations/",
            {**body, "level": "branch", "branch": branch_x.pk, "society": society_b.pk},
            format="json",
        ).status_code
        == 400
    )  # branch of another society
    assert PartyOrganization.objects.get(pk=pk).members_count == 12
