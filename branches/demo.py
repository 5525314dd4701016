"""Demo branch offices (the branches issue extends this to every demo society)."""

from datetime import date

from societies.models import Society

from .models import Branch, BranchStatus

CCS_BRANCHES = [
    "有机化学专业委员会",
    "分析化学专业委员会",
    "高分子专业委员会",
    "化学教育专业委员会",
    "催化专业委员会",
]


def load(rng, log) -> None:
    ccs = Society.objects.get(code="ccs")
    for name in CCS_BRANCHES:
        Branch.objects.get_or_create(
            society=ccs,
            name=name,
            defaults={
                "status": BranchStatus.ACTIVE,
                "business_scope": ["150"],
                "established_on": date(2015, 5, 1),
            },
        )
    log(f"branches: {Branch.objects.count()}")
