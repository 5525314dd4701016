"""R-BR-01: a branch can never have a branch — refused on every route, nothing written."""

import io

import pytest
from django.core.exceptions import PermissionDenied

from branches import rules, services
from branches.models import Branch
from core.errors import DomainError
from core.models import AuditEntry
from tests.factories import UserFactory
from tests.support.two_factor import force_login

SUB_NAMES = [
    "有机化学专业委员会合成分会",
    "物理化学分会催化分会",
    "青年工作委员会下设学术组",
    "有机化学专委会下设青年委员会",
    "二级分会（有机合成）",
    "高分子专业委员会下属分支机构",
    "Organic sub-branch",
]


@pytest.mark.parametrize("name", SUB_NAMES)
def test_rule_recognizes_sub_branch_names(name):
    assert rules.declares_sub_branch(name)


@pytest.mark.parametrize(
    "name", ["有机化学专业委员会", "物理化学分会", "青年工作委员会", "香港代表处", "分析化学专业委员会"]
)
def test_ordinary_branch_names_pass(name):
    assert not rules.declares_sub_branch(name)


def _count():
    return Branch.objects.count(), AuditEntry.objects.filter(action__startswith="branches.").count()


@pytest.mark.django_db
@pytest.mark.parametrize("name", SUB_NAMES)
def test_service_refuses_sub_branch_name(secretary_a, society_a, name):
    before = _count()
    with pytest.raises(DomainError) as err:
        services.propose_branch(
            actor=secretary_a,
            society=society_a,
            data={"name": name, "kind": "branch", "business_scope": ["150"]},
        )
    assert err.value.rule == "R-BR-01" and err.value.field == "name"
    assert _count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["parent", "parent_branch", "branch", "parent_id"])
def test_service_refuses_nesting_keys(secretary_a, society_a, branch_x, key):
    before = _count()
    with pytest.raises(DomainError) as err:
        services.propose_branch(
            actor=secretary_a,
            society=society_a,
            data={"name": "物理化学专业委员会", "business_scope": ["150"], key: branch_x.pk},
        )
    assert err.value.rule == "R-BR-01" and err.value.field == key
    assert _count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["sub-branch", "sub_branch", "subbranch", "二级分会"])
def test_service_refuses_sub_kinds(secretary_a, society_a, kind):
    before = _count()
    with pytest.raises(DomainError) as err:
        services.propose_branch(
            actor=secretary_a,
            society=society_a,
            data={"name": "物理化学专业委员会", "kind": kind, "business_scope": ["150"]},
        )
    assert err.value.rule == "R-BR-01" and err.value.field == "kind"
    assert _count() == before


@pytest.mark.django_db
def test_rename_into_sub_branch_is_refused(secretary_a, cast_admin, branch_officer_x, branch_x):
    for actor in (secretary_a, cast_admin):
        with pytest.raises(DomainError) as err:
            services.update_branch(actor=actor, branch=branch_x, data={"name": "有机化学专业委员会合成分会"})
        assert err.value.rule == "R-BR-01"
    # the branch's own officer does not rename an active branch at all
    with pytest.raises(PermissionDenied):
        services.update_branch(
            actor=branch_officer_x, branch=branch_x, data={"name": "有机化学专业委员会合成分会"}
        )
    branch_x.refresh_from_db()
    assert branch_x.name == "有机化学专业委员会"
    assert not AuditEntry.objects.filter(action="branches.branch.renamed").exists()


@pytest.mark.django_db
def test_model_save_and_clean_refuse(society_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(DomainError) as err:
        Branch.objects.create(society=society_a, name="有机化学分会合成分会", business_scope=["150"])
    assert err.value.rule == "R-BR-01"
    with pytest.raises(DomainError):
        Branch.objects.create(
            society=society_a, name="有机化学专业委员会", kind="sub-branch", business_scope=["150"]
        )
    branch = Branch(society=society_a, name="催化分会下设青年组", business_scope=["150"])
    with pytest.raises(ValidationError) as verr:
        branch.full_clean()
    assert "R-BR-01" in str(verr.value.message_dict["name"])
    assert not Branch.objects.exists()
    assert not hasattr(Branch, "parent") and "parent" not in {f.name for f in Branch._meta.get_fields()}


# --- API -----------------------------------------------------------------------------------------


def _payload(society, **extra):
    return {
        "society": society.pk,
        "name": "物理化学专业委员会",
        "kind": "branch",
        "business_scope": ["15020"],
        **extra,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["parent", "parent_branch", "branch"])
def test_api_create_with_parent_key_is_refused(api, secretary_a, society_a, branch_x, key):
    before = _count()
    res = api.as_user(secretary_a).post(
        "/api/v1/branches/", _payload(society_a, **{key: branch_x.pk}), format="json"
    )
    assert res.status_code == 400
    assert res.json()["rule"] == "R-BR-01" and key in res.json()
    assert _count() == before


@pytest.mark.django_db
def test_api_create_with_sub_kind_or_name_is_refused(api, secretary_a, society_a):
    client = api.as_user(secretary_a)
    before = _count()
    res = client.post("/api/v1/branches/", _payload(society_a, kind="sub-branch"), format="json")
    assert res.status_code == 400 and res.json()["rule"] == "R-BR-01" and "kind" in res.json()
    res = client.post("/api/v1/branches/", _payload(society_a, name="物理化学分会催化分会"), format="json")
    assert res.status_code == 400 and res.json()["rule"] == "R-BR-01" and "name" in res.json()
    assert _count() == before


@pytest.mark.django_db
def test_api_rename_and_parent_patch_are_refused(api, secretary_a, branch_x, branch_y):
    client = api.as_user(secretary_a)
    res = client.patch(
        f"/api/v1/branches/{branch_x.pk}/", {"name": "有机化学专委会下设合成组"}, format="json"
    )
    assert res.status_code == 400 and res.json()["rule"] == "R-BR-01"
    res = client.patch(f"/api/v1/branches/{branch_x.pk}/", {"parent": branch_y.pk}, format="json")
    assert res.status_code == 400 and res.json()["rule"] == "R-BR-01"
    branch_x.refresh_from_db()
    assert branch_x.name == "有机化学专业委员会"


# --- CSV import ----------------------------------------------------------------------------------


def _csv(text: str):
    f = io.BytesIO(text.encode("utf-8"))
    f.name = "branches.csv"
    return f


@pytest.mark.django_db
def test_import_with_parent_column_is_refused_whole(secretary_a, society_a, branch_x):
    before = _count()
    with pytest.raises(services.ImportRefused) as err:
        services.import_branches(
            actor=secretary_a,
            society=society_a,
            file=_csv(f"name,kind,business_scope,parent\n物理化学专业委员会,branch,15020,{branch_x.pk}\n"),
        )
    assert err.value.rule == "R-BR-01"
    assert _count() == before


@pytest.mark.django_db
def test_import_is_all_or_nothing(secretary_a, society_a):
    before = _count()
    text = (
        "name,kind,business_scope\n"
        "物理化学专业委员会,branch,15020\n"
        "有机化学分会合成分会,branch,150\n"
        "催化专业委员会,sub-branch,150\n"
    )
    with pytest.raises(services.ImportRefused) as err:
        services.import_branches(actor=secretary_a, society=society_a, file=_csv(text))
    assert [(e["row"], e["rule"]) for e in err.value.errors] == [(3, "R-BR-01"), (4, "R-BR-01")]
    assert _count() == before


@pytest.mark.django_db
def test_clean_import_creates_proposals(secretary_a, society_a):
    text = "名称,类型,业务范围\n物理化学专业委员会,分支机构,15020\n香港代表处,代表机构,150\n"
    created = services.import_branches(actor=secretary_a, society=society_a, file=_csv(text))
    assert [(b.name, b.kind, b.status) for b in created] == [
        ("物理化学专业委员会", "branch", "proposed"),
        ("香港代表处", "representative", "proposed"),
    ]


@pytest.mark.django_db
def test_import_page_shows_row_errors(login, secretary_a, society_a):
    client = login(secretary_a)
    res = client.post("/branches/import/", {"file": _csv("name,business_scope\n有机化学分会合成分会,150\n")})
    assert res.status_code == 200
    assert b'data-rule="R-BR-01"' in res.content
    assert not Branch.objects.exists()


# --- web form and admin --------------------------------------------------------------------------


def _form_post(**extra):
    data = {
        "name": "物理化学专业委员会",
        "kind": "branch",
        "business_scope": "15020",
        "purpose": "",
        "res-body": "council",
        "res-held_on": "2026-01-10",
        "res-seats": "90",
        "res-present": "70",
        "res-votes_for": "60",
        "res-votes_against": "0",
        "res-abstain": "0",
        "intent": "save",
    }
    data.update(extra)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra",
    [{"name": "物理化学分会催化分会"}, {"kind": "sub-branch"}, {"parent": "1"}, {"parent_branch": "1"}],
)
def test_web_form_refuses_nesting(login, secretary_a, society_a, branch_x, extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = _count()
    data = _form_post(**extra)
    data["res-document"] = SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    res = login(secretary_a).post("/branches/new/", data)
    assert res.status_code == 200
    assert "R-BR-01" in res.content.decode()
    assert _count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [{"name": "有机化学专委会下设合成组"}, {"kind": "sub-branch"}])
def test_admin_refuses_nesting(client, society_a, extra):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    force_login(client, admin)
    data = {
        "society": society_a.pk,
        "name": "物理化学专业委员会",
        "kind": "branch",
        "business_scope": '["150"]',
        "purpose": "",
        "established_on": "",
        "officers-TOTAL_FORMS": "0",
        "officers-INITIAL_FORMS": "0",
        "officers-MIN_NUM_FORMS": "0",
        "officers-MAX_NUM_FORMS": "1000",
        **extra,
    }
    before = Branch.objects.count()
    res = client.post("/admin/branches/branch/add/", data)
    assert res.status_code == 200
    assert "R-BR-01" in res.content.decode()
    assert Branch.objects.count() == before


@pytest.mark.django_db
def test_admin_rename_into_sub_branch_is_refused(client, branch_x):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    force_login(client, admin)
    res = client.post(
        f"/admin/branches/branch/{branch_x.pk}/change/",
        {
            "society": branch_x.society_id,
            "name": "有机化学专业委员会合成分会",
            "kind": "branch",
            "business_scope": '["150"]',
            "purpose": "",
            "established_on": "",
            "officers-TOTAL_FORMS": "0",
            "officers-INITIAL_FORMS": "0",
            "officers-MIN_NUM_FORMS": "0",
            "officers-MAX_NUM_FORMS": "1000",
        },
    )
    assert res.status_code == 200 and "R-BR-01" in res.content.decode()
    branch_x.refresh_from_db()
    assert branch_x.name == "有机化学专业委员会"
