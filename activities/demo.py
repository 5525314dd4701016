"""A year of believable filings across the demo societies: forums, seminars, popular science, overseas
exchanges, a few late ones, returned ones, and some awaiting review."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from branches import activity_dates
from core.models import AuditEntry
from societies.models import Society

from .choices import ActivityKind, ActivityRole, ActivityStatus
from .models import Activity, ActivityVersion
from .services import snapshot

TOPICS = {
    ActivityKind.FORUM: ["{field}青年科学家论坛", "{field}创新发展高峰论坛", "{field}产学研融合论坛"],
    ActivityKind.SEMINAR: ["{field}前沿问题研讨会", "{field}关键技术研讨会", "{field}学科发展战略研讨会"],
    ActivityKind.CONFERENCE: ["第{n}届全国{field}学术会议", "{field}学术年会"],
    ActivityKind.POPULAR_SCIENCE: ["{field}科普进校园", "全国科普日{field}主题活动"],
    ActivityKind.VOLUNTEER_SERVICE: ["{field}科技志愿服务乡村行"],
    ActivityKind.TRAINING: ["{field}专业技术人员继续教育培训班"],
    ActivityKind.TECH_SERVICE: ["{field}技术成果评价服务"],
    ActivityKind.OVERSEAS_EXCHANGE: ["赴欧洲参加国际{field}大会"],
}
CITIES = ["北京", "上海", "广州", "武汉", "成都", "西安", "南京", "杭州", "合肥", "长沙", "哈尔滨", "昆明"]
FIELD_BY_SOCIETY = {
    "ccs": "化学",
    "cps": "物理",
    "cms": "数学",
    "ccf": "计算机",
    "cie": "电子",
    "cmes": "机械工程",
}


def load(rng, log) -> None:
    if Activity.objects.exists():
        return
    User = get_user_model()
    author, _ = User.objects.get_or_create(
        username="demo_filer", defaults={"name": "演示填报人", "is_active": False}
    )
    today = timezone.localdate()
    rows, versions = [], []
    for society in Society.objects.order_by("code"):
        field = FIELD_BY_SOCIETY.get(
            society.code,
            society.name.removeprefix("中国").removeprefix("中华").removesuffix("学会").removesuffix("协会"),
        )
        for _i in range(rng.randint(6, 14)):
            kind = rng.choice(list(TOPICS))
            start = today + timedelta(days=rng.randint(-330, 60))
            submitted_at = timezone.now() - timedelta(days=max(0, (today - start).days) + rng.randint(16, 40))
            late = (
                kind in (ActivityKind.FORUM, ActivityKind.SEMINAR, ActivityKind.CONFERENCE)
                and rng.random() < 0.1
            )
            if late:
                submitted_at = timezone.now() - timedelta(
                    days=max(0, (today - start).days) + rng.randint(1, 10)
                )
            if start > today:
                status = rng.choice(
                    [
                        ActivityStatus.SUBMITTED,
                        ActivityStatus.SUBMITTED,
                        ActivityStatus.DRAFT,
                        ActivityStatus.RETURNED,
                        ActivityStatus.APPROVED,
                    ]
                )
            else:
                status = ActivityStatus.APPROVED if rng.random() < 0.93 else ActivityStatus.REJECTED
            if kind == ActivityKind.OVERSEAS_EXCHANGE and status != ActivityStatus.DRAFT:
                status = ActivityStatus.APPROVED
            rows.append(
                Activity(
                    society=society,
                    title=rng.choice(TOPICS[kind]).format(field=field, n=rng.randint(8, 30)),
                    kind=kind,
                    role=rng.choice([ActivityRole.HOST, ActivityRole.HOST, ActivityRole.CO_HOST]),
                    duties="负责学术议程、专家邀请与会务组织",
                    starts_on=start,
                    ends_on=start + timedelta(days=rng.randint(0, 3)),
                    location="维也纳" if kind == ActivityKind.OVERSEAS_EXCHANGE else rng.choice(CITIES),
                    is_overseas=kind == ActivityKind.OVERSEAS_EXCHANGE,
                    scope_codes=list(society.business_scope[:1]),
                    participants=rng.randint(30, 800),
                    budget=Decimal(rng.randint(2, 45) * 10000),
                    status=status,
                    is_late=late and status != ActivityStatus.DRAFT,
                    submitted_at=None if status == ActivityStatus.DRAFT else submitted_at,
                    created_by=author,
                    created_at=submitted_at,
                    actual_participants=rng.randint(30, 700)
                    if status == ActivityStatus.APPROVED and start < today
                    else None,
                    summary="活动按计划举行，反响良好。"
                    if status == ActivityStatus.APPROVED and start < today
                    else "",
                )
            )
    Activity.objects.bulk_create(rows, batch_size=500)
    activity_dates.refresh({row.branch_id for row in rows if row.branch_id})  # bulk: no signals
    for activity in Activity.objects.exclude(status=ActivityStatus.DRAFT):
        versions.append(
            ActivityVersion(
                activity=activity,
                number=1,
                data=snapshot(activity),
                submitted_by=author,
                submitted_at=activity.submitted_at,
            )
        )
    ActivityVersion.objects.bulk_create(versions, batch_size=500)
    _demo_history(author)
    log(f"activities: {Activity.objects.count()}")


def _demo_history(author) -> None:
    """Give demo filings the audit trail a real filing would have (submitted, then decided)."""
    reviewer, _created = get_user_model().objects.get_or_create(
        username="demo_reviewer", defaults={"name": "科协审核员（演示）", "is_active": False}
    )
    ct = ContentType.objects.get_for_model(Activity)
    decisions = {
        ActivityStatus.APPROVED: "approve",
        ActivityStatus.REJECTED: "reject",
        ActivityStatus.RETURNED: "return",
    }
    entries = []
    for a in Activity.objects.exclude(status=ActivityStatus.DRAFT).filter(
        created_by=author, branch__isnull=True
    ):
        common = {"content_type": ct, "object_id": str(a.pk), "object_repr": a.title[:200]}
        entries.append(
            AuditEntry(
                at=a.submitted_at,
                actor=author,
                action="activities.activity.submit",
                from_status=ActivityStatus.DRAFT,
                to_status=ActivityStatus.SUBMITTED,
                **common,
            )
        )
        if a.status in decisions:
            comment = "请补充活动议程与经费预算明细" if a.status == ActivityStatus.RETURNED else ""
            entries.append(
                AuditEntry(
                    at=a.submitted_at + timedelta(days=3),
                    actor=None,
                    action=f"activities.activity.{decisions[a.status]}",
                    from_status=ActivityStatus.SUBMITTED,
                    to_status=a.status,
                    comment=comment,
                    **common,
                )
            )
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
