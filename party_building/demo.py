"""Demo Party building: three-level organizations (a few with gaps), and for 中国化学会 (ccs) some major
matters pending and approved, a large donation and an ¥800,000 expenditure awaiting pre-review."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from branches.models import Branch, BranchStatus
from societies.models import GovernanceBody, Society

from .choices import MatterKind, PartyLevel
from .models import Donation, Election, MajorMatter, PartyOrganization
from .services import elections, finance, matters

SECRETARY_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def _name(rng):
    return rng.choice(SECRETARY_SURNAMES) + rng.choice(
        ["建国", "志强", "丽华", "海燕", "晓明", "红梅", "卫东", "静"]
    )


def load(rng, log) -> None:
    societies = list(Society.objects.order_by("code"))
    for society in societies:
        is_ccs = society.code == "ccs"
        for level, chance in ((PartyLevel.COUNCIL_COMMITTEE, 0.85), (PartyLevel.OFFICE, 0.75)):
            if is_ccs or rng.random() < chance:
                PartyOrganization.objects.get_or_create(
                    society=society,
                    level=level,
                    branch=None,
                    defaults={
                        "secretary_name": _name(rng),
                        "members_count": rng.randint(5, 40),
                        "established_on": date(rng.randint(2016, 2021), rng.randint(1, 12), 1),
                    },
                )
        branches = list(Branch.objects.filter(society=society, status=BranchStatus.ACTIVE).order_by("name"))
        # ccs: the first three branches have Party organizations, the rest are gaps (R-PB-04 advisories).
        for branch in branches[:3] if is_ccs else [b for b in branches if rng.random() < 0.6]:
            PartyOrganization.objects.get_or_create(
                society=society,
                level=PartyLevel.BRANCH,
                branch=branch,
                defaults={
                    "secretary_name": _name(rng),
                    "members_count": rng.choice([2, 4, 6, 9, 12]),
                    "established_on": date(rng.randint(2018, 2023), rng.randint(1, 12), 1),
                },
            )
    log(f"party organizations: {PartyOrganization.objects.count()}")


def after_users(rng, log) -> None:
    User = get_user_model()
    ccs = Society.objects.filter(code="ccs").first()
    secretary = User.objects.filter(username="secretary").first()
    reviewer = User.objects.filter(username="party_reviewer").first()
    if (
        ccs is None
        or secretary is None
        or reviewer is None
        or MajorMatter.objects.filter(society=ccs).exists()
    ):
        return
    today = timezone.localdate()
    plan = matters.create_matter(
        actor=secretary,
        society=ccs,
        kind=MatterKind.PLAN,
        title=f"中国化学会{today.year}年度工作计划",
        description="学术年会、青年化学论坛、化学科普月及国际交流计划。",
    )
    matters.approve_matter(actor=reviewer, matter=plan, opinion="符合党的路线方针政策，同意实施。")
    talent = matters.create_matter(
        actor=secretary,
        society=ccs,
        kind=MatterKind.TALENT_RECOMMENDATION,
        title="推荐青年科学家奖候选人",
        description="推荐3名40岁以下青年化学家。",
    )
    matters.return_matter(actor=reviewer, matter=talent, opinion="请补充候选人学术诚信审查情况后再报。")
    matters.create_matter(
        actor=secretary,
        society=ccs,
        kind=MatterKind.AWARD_SELECTION,
        title="中国化学会化学贡献奖评选结果",
        description="评审委员会提出的获奖建议名单。",
    )
    finance.record_donation(
        actor=secretary,
        society=ccs,
        donor="某化工集团股份有限公司",
        amount=Decimal("300000.00"),
        purpose="资助青年化学论坛",
        received_on=today - timedelta(days=10),
    )
    finance.record_donation(
        actor=secretary,
        society=ccs,
        donor="个人会员捐赠",
        amount=Decimal("20000.00"),
        purpose="化学科普月",
        received_on=today - timedelta(days=20),
    )
    finance.record_expenditure(
        actor=secretary,
        society=ccs,
        amount=Decimal("800000.00"),
        purpose="第34届学术年会场地与会务",
        spent_on=today,
    )
    small = finance.record_expenditure(
        actor=secretary, society=ccs, amount=Decimal("45000.00"), purpose="化学科普月物料", spent_on=today
    )
    finance.confirm_expenditure(actor=secretary, expenditure=small, comment="已入账")
    council = GovernanceBody.objects.filter(society=ccs, kind="council").first()
    if council is not None and not Election.objects.filter(body=council).exists():
        elections.create_election(
            actor=secretary,
            society=ccs,
            body=council,
            term_start=date(today.year + 1, 1, 1),
            term_end=date(today.year + 6, 1, 1),
            seats=150,
        )
    log(f"major matters: {MajorMatter.objects.count()}, donations: {Donation.objects.count()}")
