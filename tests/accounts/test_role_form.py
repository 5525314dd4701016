"""The role form (issue 16 item 6): no role preselected; the society first, then only its branches."""

import pytest

from accounts.forms import RoleForm
from core.roles import Role

from ..factories import BranchFactory, SocietyFactory

pytestmark = pytest.mark.django_db


def test_no_default_role_and_no_branches_before_a_society(society_a):
    BranchFactory(society=society_a)
    form = RoleForm()
    assert form["role"].value() in (None, "")
    assert form.fields["role"].choices[0][0] == ""
    assert not form.fields["branch"].queryset.exists()


def test_branches_of_the_chosen_society_only(society_a, login, cast_admin, member):
    mine = BranchFactory(society=society_a, name="有机化学专业委员会")
    other = BranchFactory(society=SocietyFactory(), name="外会专业委员会")
    form = RoleForm(initial={"society": str(society_a.pk)})
    assert list(form.fields["branch"].queryset) == [mine]
    page = login(cast_admin).get(f"/accounts/users/{member.pk}/?society={society_a.pk}").content.decode()
    assert "有机化学专业委员会" in page and "外会专业委员会" not in page
    # a branch of another society, posted with this society, is refused on the branch field
    form = RoleForm({"role": Role.BRANCH_OFFICER, "society": society_a.pk, "branch": other.pk})
    assert not form.is_valid() and "branch" in form.errors


def test_a_branch_officer_is_granted_on_the_branch(society_a, login, cast_admin, member):
    branch = BranchFactory(society=society_a, name="有机化学专业委员会")
    client = login(cast_admin)
    data = {"role": Role.BRANCH_OFFICER, "society": society_a.pk, "branch": branch.pk, "op": "grant"}
    response = client.post(f"/accounts/users/{member.pk}/", data, follow=True)
    (message,) = [str(m) for m in response.context["messages"]]
    assert "分支机构负责人" in message and "有机化学专业委员会" in message
    assert member.has_perm("branches.manage_branch", branch)
