"""Dashboard panels reach matters only through the one permission layer (core.access.restrict)."""

import pytest
from django.test import RequestFactory

from core import access
from core.roles import reach_of
from party_building import dashboard
from party_building.services.matters import approve_matter, create_matter, return_matter

from ..factories import CharterVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def matters(society_a, society_b, secretary_a, secretary_b, reviewer_a):
    def raise_(society, secretary, title):
        return create_matter(actor=secretary, society=society, kind="plan", title=title)

    pending_a = raise_(society_a, secretary_a, "甲学会计划一")
    returned_a = raise_(society_a, secretary_a, "甲学会计划二")
    approved_a = raise_(society_a, secretary_a, "甲学会计划三")
    return_matter(actor=reviewer_a, matter=returned_a, opinion="请修改")
    approve_matter(actor=reviewer_a, matter=approved_a, opinion="同意")
    pending_b = raise_(society_b, secretary_b, "乙学会计划")
    return {"pending_a": pending_a, "returned_a": returned_a, "pending_b": pending_b}


def _panels(user):
    request = RequestFactory().get("/")
    request.user = user
    return {p["template"].rsplit("/", 1)[-1]: p for p in dashboard.panels(request, reach_of(user))}


def _spy(monkeypatch):
    calls = []

    def spy(qs, user, action=access.VIEW):
        calls.append(action)
        return access.restrict(qs, user, action)

    monkeypatch.setattr(dashboard, "restrict", spy)
    return calls


def test_reviewer_panel_counts_own_society_pending_through_restrict(monkeypatch, matters, reviewer_a):
    calls = _spy(monkeypatch)
    panel = _panels(reviewer_a)["panel_reviewer.html"]
    assert panel["n"] == 1 and panel["oldest"] == matters["pending_a"].submitted_at
    assert calls == [access.REVIEW]


def test_secretary_panel_lists_own_open_matters_through_restrict(monkeypatch, matters, secretary_a):
    calls = _spy(monkeypatch)
    panel = _panels(secretary_a)["panel_secretary.html"]
    assert {m.pk for m in panel["matters"]} == {matters["pending_a"].pk, matters["returned_a"].pk}
    assert panel["total"] == 2
    assert calls == [access.CHANGE]


def test_cast_panel_sees_every_society(monkeypatch, matters, cast_admin):
    calls = _spy(monkeypatch)
    panel = _panels(cast_admin)["panel_cast.html"]
    assert panel["n"] == 2 and panel["societies"] == 2
    assert calls == [access.VIEW]


def test_withdrawn_matters_leave_the_panels(matters, society_a, secretary_a, reviewer_a):
    from party_building.gate import require_matter, withdraw_obsolete

    obj = CharterVersionFactory(society=society_a)
    require_matter(obj, kind="plan", society=society_a, title="撤回的计划", actor=secretary_a)
    assert _panels(reviewer_a)["panel_reviewer.html"]["n"] == 2
    withdraw_obsolete(obj, keep_kinds=[], actor=secretary_a)
    assert _panels(reviewer_a)["panel_reviewer.html"]["n"] == 1
    assert _panels(secretary_a)["panel_secretary.html"]["total"] == 2
