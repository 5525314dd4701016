"""Every edit of a branch is kept field by field (history of every change)."""

import pytest

from branches.services import update_branch


@pytest.mark.django_db
def test_rename_keeps_the_old_name_in_history(secretary_a, branch_x):
    update_branch(actor=secretary_a, branch=branch_x, data={"name": "有机与药物化学专业委员会"})
    names = list(branch_x.history.order_by("history_date").values_list("name", flat=True))
    assert names[0] == "有机化学专业委员会" and names[-1] == "有机与药物化学专业委员会"
