"""Demo branch offices: 5–40 per demo society with believable names (…专业委员会, …分会, …工作委员会),
establishing resolutions, officers, last year's assessments; some proposals awaiting CAST, some long
inactive branches under rectification (with their R-BR-05 findings), a few revoked ones.

`after_users` files approved activities for the branches that are meant to be active, so that only the
ones under rectification look long inactive (activities need a filer account, created with the users)."""

import math
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from activities.models import Activity
from compliance.services import mark_rectifying, open_finding
from core.disciplines import disciplines
from core.models import RuleSettingValue
from core.rule_settings import change_rule_setting
from societies.models import Society

from . import activity_dates, rules
from .choices import AssessmentGrade, BranchKind, BranchStatus, OfficerPosition, ResolutionBody
from .models import Branch, BranchAssessment, BranchOfficer, BranchResolution

# The 中国化学会 branches other parts of the demo refer to (the demo branch officer runs the first).
CCS_BRANCHES = [
    "有机化学专业委员会",
    "分析化学专业委员会",
    "高分子专业委员会",
    "化学教育专业委员会",
    "催化专业委员会",
]
WORK_COMMITTEES = [
    "青年工作委员会",
    "科普工作委员会",
    "国际交流工作委员会",
    "学术工作委员会",
    "女科技工作者工作委员会",
    "继续教育工作委员会",
    "标准化工作委员会",
    "期刊出版工作委员会",
    "科技奖励工作委员会",
    "会员发展工作委员会",
]
OVERSEAS = ["香港代表处", "欧洲代表处", "北美代表处"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红玉兰晓东海波宁春雪飞鹏辉斌欣怡子涵浩宇"
REASONS = {
    AssessmentGrade.EXCELLENT: "全年学术活动丰富，品牌会议影响广泛，会员服务成效突出。",
    AssessmentGrade.PASS: "按计划开展学术交流与科普活动，内部管理规范。",
    AssessmentGrade.BASIC_PASS: "开展活动较少，财务与会议记录需进一步规范。",
    AssessmentGrade.FAIL: "全年未开展经备案的业务活动，未按要求报送工作总结。",
}


def _person_name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _names_for(society, rng, count: int) -> list[tuple[str, str, list[str]]]:
    """(name, kind, scope) candidates: discipline-based committees first, then work committees."""
    table = disciplines()
    out = []
    for prefix in society.business_scope or []:
        for code, name in table.items():
            if len(code) == 5 and code.startswith(prefix) and "其他" not in name:
                suffix = rng.choice(["专业委员会", "专业委员会", "分会"])
                out.append((f"{name}{suffix}", BranchKind.BRANCH, [code]))
    rng.shuffle(out)
    extra = [(n, BranchKind.BRANCH, list(society.business_scope)) for n in WORK_COMMITTEES]
    rng.shuffle(extra)
    out = out[: max(count - 4, 3)] + extra
    if rng.random() < 0.3:
        out.append((rng.choice(OVERSEAS), BranchKind.REPRESENTATIVE, list(society.business_scope)))
    seen, unique = set(), []
    for name, kind, scope in out:
        if name not in seen and not rules.declares_sub_branch(name) and len(name) <= 100:
            seen.add(name)
            unique.append((name, kind, scope))
    return unique[:count]


def _stem(name: str) -> str:
    for suffix in ("专业委员会", "分会"):
        name = name.removesuffix(suffix)
    return name


def _status(rng) -> str:
    roll = rng.random()
    for limit, status in (
        (0.74, BranchStatus.ACTIVE),
        (0.84, BranchStatus.RECTIFYING),
        (0.89, BranchStatus.REVOKED),
        (0.94, BranchStatus.SUBMITTED),
        (0.98, BranchStatus.PROPOSED),
    ):
        if roll < limit:
            return status
    return BranchStatus.REJECTED


# The demo holds only a sample of each society's members (tens to a few hundred), so the policy default of
# one branch per 300 active members would put every demo society over its R-BR-04 ceiling. The demo scales
# the setting to its sample so that about this share of the societies is over the ceiling.
DEMO_SHARE_OVER_CEILING = 0.2


def _scale_branch_ceiling(log) -> None:
    """Set `branch_members_per_branch` to the sample (most societies under their ceiling, a few over),
    unless it was ever set: a value a CAST administrator chose is left alone."""
    if RuleSettingValue.objects.filter(key="branch_members_per_branch").exists():
        return
    sizes = []  # (active members, counted branches) per society with branches
    for society in Society.objects.all():
        ceiling = rules.ceiling_for(society)
        if ceiling.counted:
            sizes.append((ceiling.active_members, ceiling.counted))
    if not sizes:
        return
    ratios = sorted(members / counted for members, counted in sizes)
    # a society is under its ceiling when members / branches >= the setting
    value = max(int(ratios[int(len(ratios) * DEMO_SHARE_OVER_CEILING)]), 1)
    change_rule_setting(
        actor=None,
        key="branch_members_per_branch",
        value=value,
        comment="演示数据仅含会员样本：按样本规模调整分支机构上限比例",
    )
    over = sum(1 for members, counted in sizes if counted > math.ceil(members / value))
    log(
        f"branches: rule setting branch_members_per_branch set to {value} for the demo's member sample "
        f"(R-BR-04: {over} of {len(ratios)} societies over their branch ceiling)"
    )


@transaction.atomic
def load(rng, log) -> None:
    today = timezone.localdate()
    ccs = Society.objects.filter(code="ccs").first()
    fresh = []
    if ccs is not None:
        for name in CCS_BRANCHES:
            branch, made = Branch.objects.get_or_create(
                society=ccs,
                name=name,
                defaults={
                    "status": BranchStatus.ACTIVE,
                    "business_scope": ["150"],
                    "established_on": date(2015, 5, 1),
                },
            )
            if made:
                fresh.append(branch.pk)
    branches = []
    for society in Society.objects.order_by("code"):
        if Branch.objects.filter(society=society).exclude(name__in=CCS_BRANCHES).exists():
            continue
        existing = set(Branch.objects.filter(society=society).values_list("name", flat=True))
        stems = {_stem(n) for n in existing}
        count = rng.randint(5, 40) - len(existing)
        for name, kind, scope in _names_for(society, rng, count + len(existing)):
            if _stem(name) in stems or count <= 0:
                continue
            stems.add(_stem(name))
            count -= 1
            status = _status(rng)
            established = (
                date(rng.randint(1985, today.year - 2), rng.randint(1, 12), rng.randint(1, 28))
                if status in (BranchStatus.ACTIVE, BranchStatus.RECTIFYING, BranchStatus.REVOKED)
                else None
            )
            branch = Branch(
                society=society,
                name=name,
                kind=kind,
                business_scope=scope,
                status=status,
                established_on=established,
                purpose=f"团结{name.removesuffix('专业委员会').removesuffix('分会')}领域科技工作者，开展学术交流与科学普及。",
            )
            if status == BranchStatus.SUBMITTED:
                branch.submitted_at = timezone.now() - timedelta(days=rng.randint(1, 40))
                branch.needs_cast_attention = rng.random() < 0.3
                if branch.needs_cast_attention:
                    branch.over_ceiling_reason = (
                        "该领域会员增长迅速，现有分支机构无法覆盖，理事会一致同意设立。"
                    )
            if status == BranchStatus.RECTIFYING:
                branch.rectification_deadline = today + timedelta(days=rng.randint(-20, 80))
            if status == BranchStatus.REVOKED:
                branch.revoked_on = today - timedelta(days=rng.randint(30, 700))
            branches.append(branch)
    Branch.objects.bulk_create(branches, batch_size=500)
    created = list(
        Branch.objects.filter(pk__in=[b.pk for b in branches] + fresh)
        .select_related("society")
        .order_by("pk")
    )
    resolutions, officers, assessments = [], [], []
    for branch in created:
        if branch.status != BranchStatus.PROPOSED or rng.random() < 0.5:
            seats = rng.randint(45, 220)
            present = rng.randint(int(seats * 0.7) + 1, seats)
            votes_for = rng.randint(present // 2 + 1, present)
            against = rng.randint(0, present - votes_for)
            held = (branch.established_on or today) - timedelta(days=rng.randint(20, 120))
            resolutions.append(
                BranchResolution(
                    branch=branch,
                    body=rng.choice([ResolutionBody.COUNCIL, ResolutionBody.STANDING_COUNCIL]),
                    held_on=held,
                    seats=seats,
                    present=present,
                    votes_for=votes_for,
                    votes_against=against,
                    abstain=rng.randint(0, present - votes_for - against),
                )
            )
        for position in [OfficerPosition.DIRECTOR, OfficerPosition.SECRETARY_GENERAL] + [
            OfficerPosition.DEPUTY
        ] * rng.randint(0, 2):
            officers.append(
                BranchOfficer(
                    branch=branch,
                    name=_person_name(rng),
                    position=position,
                    since=branch.established_on,
                )
            )
        if branch.status in (BranchStatus.ACTIVE, BranchStatus.RECTIFYING) and (
            branch.established_on and branch.established_on.year < today.year - 1
        ):
            grade = (
                rng.choice([AssessmentGrade.FAIL, AssessmentGrade.BASIC_PASS])
                if branch.status == BranchStatus.RECTIFYING
                else rng.choices(
                    [
                        AssessmentGrade.EXCELLENT,
                        AssessmentGrade.PASS,
                        AssessmentGrade.BASIC_PASS,
                        AssessmentGrade.FAIL,
                    ],
                    weights=[25, 60, 12, 3],
                )[0]
            )
            approved = 0 if branch.status == BranchStatus.RECTIFYING else rng.randint(1, 12)
            assessments.append(
                BranchAssessment(
                    branch=branch,
                    year=today.year - 1,
                    activities_filed=approved + rng.randint(0, 2),
                    activities_approved=approved,
                    members_served=rng.randint(30, 2500),
                    grade=grade,
                    reason=REASONS[grade],
                )
            )
    BranchResolution.objects.bulk_create(resolutions, batch_size=500)
    BranchOfficer.objects.bulk_create(officers, batch_size=500)
    BranchAssessment.objects.bulk_create(assessments, batch_size=500)
    _findings_for_rectifying(created, today)
    log(f"branches: {Branch.objects.count()}")
    _scale_branch_ceiling(log)


def _findings_for_rectifying(branches, today) -> None:
    months = 12
    for branch in branches:
        if branch.status != BranchStatus.RECTIFYING:
            continue
        open_finding(
            rule="R-BR-05",
            severity="violation",
            society=branch.society,
            subject=branch,
            message=f"{branch.name}连续{months}个月未开展经备案的业务活动（长期不开展活动）。",
            deadline=branch.rectification_deadline,
            facts={"months": months},
        )
        mark_rectifying(actor=None, rule="R-BR-05", subject=branch, deadline=branch.rectification_deadline)


def after_users(rng, log) -> None:
    """Approved activities for branches meant to be active (only the rectifying ones look inactive)."""
    user_model = get_user_model()
    filer, _ = user_model.objects.get_or_create(
        username="demo_filer", defaults={"name": "演示填报人", "is_active": False}
    )
    today = timezone.localdate()
    busy = set(
        Activity.objects.filter(branch__isnull=False, status="approved").values_list("branch_id", flat=True)
    )
    rows = []
    for branch in (
        Branch.objects.filter(status=BranchStatus.ACTIVE).exclude(pk__in=busy).select_related("society")
    ):
        topic = branch.name.removesuffix("专业委员会").removesuffix("工作委员会").removesuffix("分会")
        for n in range(rng.randint(1, 3)):
            start = today - timedelta(days=rng.randint(20, 300))
            rows.append(
                Activity(
                    society=branch.society,
                    branch=branch,
                    title=f"{topic}学术研讨会" if n == 0 else f"{topic}青年学者论坛",
                    kind="seminar" if n == 0 else "forum",
                    role="host",
                    duties="负责学术议程、专家邀请与会务组织",
                    starts_on=start,
                    ends_on=start + timedelta(days=rng.randint(0, 2)),
                    location=rng.choice(["北京", "上海", "武汉", "成都", "西安", "南京", "杭州"]),
                    scope_codes=list(branch.business_scope[:1]),
                    participants=rng.randint(40, 400),
                    status="approved",
                    submitted_at=timezone.now() - timedelta(days=(today - start).days + 30),
                    created_by=filer,
                )
            )
    Activity.objects.bulk_create(rows, batch_size=500)  # bulk: no signals, so the dates are set here
    activity_dates.refresh({row.branch_id for row in rows})
    log(f"branch activities: {len(rows)}")
