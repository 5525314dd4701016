"""Demo people and memberships: a few thousand believable members across the demo societies,
open applications for 中国化学会 (one flagged, R-MEM-02), academic credit records with sanctions,
and the demo `member` login tied to a profile with two memberships."""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.audit import log_action
from societies.choices import Sector
from societies.models import Society

from . import services
from .choices import (
    ApplicationStatus,
    CreditKind,
    Gender,
    IdType,
    MembershipCategory,
    MembershipStatus,
    MembershipTier,
    Region,
    TrainingKind,
)
from .models import CreditRecord, Membership, MembershipApplication, Person
from .validators import mainland_id_check_char

PEOPLE = 3000

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚华玉萍红辉鹏飞建国志文博宇浩晨思雨子轩"
    "欣怡佳琪嘉俊天昊然晓海峰亮林斌立新宏春梅兰颖婷雪慧琳丹倩蕾瑶凯旭阳帆泽睿航铭哲瑞毅"
)
FOREIGN_NAMES = (
    "John Smith",
    "Anna Müller",
    "Pierre Dubois",
    "Hiroshi Tanaka",
    "Maria Rossi",
    "David Cohen",
    "Olga Ivanova",
    "Kim Min-jun",
    "Emily Johnson",
    "Lars Nilsson",
)

EMPLOYERS = {
    Sector.UNIVERSITY: [
        "北京大学",
        "清华大学",
        "复旦大学",
        "上海交通大学",
        "浙江大学",
        "南京大学",
        "中国科学技术大学",
        "武汉大学",
        "中山大学",
        "四川大学",
        "西安交通大学",
        "哈尔滨工业大学",
        "华中科技大学",
        "南开大学",
        "厦门大学",
        "山东大学",
        "吉林大学",
        "同济大学",
        "北京航空航天大学",
        "天津大学",
    ],
    Sector.RESEARCH_INSTITUTE: [
        "中国科学院化学研究所",
        "中国科学院物理研究所",
        "中国科学院数学与系统科学研究院",
        "中国科学院计算技术研究所",
        "中国科学院大连化学物理研究所",
        "中国科学院上海有机化学研究所",
        "中国工程物理研究院",
        "中国农业科学院",
        "中国医学科学院",
        "中国地质科学院",
    ],
    Sector.ENTERPRISE: [
        "华为技术有限公司",
        "中国石油化工集团有限公司",
        "中国航天科技集团有限公司",
        "国家电网有限公司",
        "中国中车股份有限公司",
        "中国移动通信集团有限公司",
    ],
    Sector.NON_PUBLIC: [
        "腾讯科技（深圳）有限公司",
        "阿里巴巴（中国）有限公司",
        "比亚迪股份有限公司",
        "宁德时代新能源科技股份有限公司",
        "科大讯飞股份有限公司",
        "深圳市大疆创新科技有限公司",
    ],
    Sector.GOVERNMENT: ["国家自然科学基金委员会", "北京市科学技术委员会", "上海市科学技术协会"],
}
SECTOR_WEIGHTS = [
    (Sector.UNIVERSITY, 45),
    (Sector.RESEARCH_INSTITUTE, 25),
    (Sector.ENTERPRISE, 14),
    (Sector.NON_PUBLIC, 11),
    (Sector.GOVERNMENT, 5),
]
OUTSIDE_EMPLOYERS = {
    Region.HONG_KONG: ["香港大学", "香港中文大学", "香港科技大学", "香港城市大学"],
    Region.MACAO: ["澳门大学", "澳门科技大学"],
    Region.TAIWAN: ["台湾大学", "清华大学（新竹）", "成功大学"],
    Region.FOREIGN: ["Max Planck Society", "University of Cambridge", "ETH Zürich", "University of Tokyo"],
}
REGION_WEIGHTS = [
    (Region.MAINLAND, 955),
    (Region.HONG_KONG, 18),
    (Region.MACAO, 5),
    (Region.TAIWAN, 9),
    (Region.FOREIGN, 13),
]
AREA_CODES = [
    "110108",
    "110105",
    "310104",
    "440305",
    "320102",
    "420111",
    "510107",
    "330106",
    "610113",
    "230103",
    "370102",
    "120104",
    "350203",
    "430104",
    "220104",
    "210202",
]
TITLES = [
    "教授",
    "副教授",
    "研究员",
    "副研究员",
    "助理研究员",
    "讲师",
    "高级工程师",
    "正高级工程师",
    "工程师",
]
STUDENT_TITLES = ["博士研究生", "硕士研究生"]
TIER_WEIGHTS = [
    (MembershipTier.STUDENT, 15),
    (MembershipTier.ORDINARY, 60),
    (MembershipTier.SENIOR, 18),
    (MembershipTier.FELLOW, 5),
    (MembershipTier.HONORARY, 2),
]
STATUS_WEIGHTS = [
    (MembershipStatus.ACTIVE, 86),
    (MembershipStatus.LAPSED, 10),
    (MembershipStatus.WITHDRAWN, 3),
    (MembershipStatus.EXPELLED, 1),
]
# Big societies draw more members.
SOCIETY_WEIGHT = {"ccs": 9, "cps": 7, "cms": 6, "ccf": 8, "cma": 8, "cie": 5, "cmes": 5, "cces": 4}


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _chinese_name(rng) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _mainland_id(rng, birth: date, gender: str, taken: set) -> str:
    while True:
        seq = rng.randrange(0, 500) * 2 + (1 if gender == Gender.MALE else 0)
        first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{seq % 1000:03d}"
        number = first17 + mainland_id_check_char(first17)
        if number not in taken:
            taken.add(number)
            return number


def _outside_id(rng, region: str, taken: set) -> tuple[str, str]:
    while True:
        if region == Region.FOREIGN:
            id_type, number = IdType.PASSPORT, f"{rng.choice('EGPKX')}{rng.randrange(10**7, 10**8)}"
        else:
            letter = {Region.HONG_KONG: "H", Region.MACAO: "M", Region.TAIWAN: "T"}[region]
            id_type, number = IdType.HMT_PERMIT, f"{letter}{rng.randrange(10**7, 10**8)}"
        if number not in taken:
            taken.add(number)
            return id_type, number


def _person(rng, today: date, taken: set, *, region=None, student=False) -> Person:
    region = region or _pick(rng, REGION_WEIGHTS)
    gender = Gender.MALE if rng.random() < 0.62 else Gender.FEMALE
    birth_year = rng.randint(1996, 2003) if student else rng.randint(1950, 1995)
    birth = date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
    if region == Region.MAINLAND:
        sector = _pick(rng, SECTOR_WEIGHTS)
        employer = rng.choice(EMPLOYERS[Sector.UNIVERSITY if student else sector])
        sector = Sector.UNIVERSITY if student else sector
        name = _chinese_name(rng)
        id_type, id_number = IdType.MAINLAND_ID, _mainland_id(rng, birth, gender, taken)
    else:
        sector = Sector.UNIVERSITY if rng.random() < 0.8 else Sector.RESEARCH_INSTITUTE
        employer = rng.choice(OUTSIDE_EMPLOYERS[region])
        name = rng.choice(FOREIGN_NAMES) if region == Region.FOREIGN else _chinese_name(rng)
        id_type, id_number = _outside_id(rng, region, taken)
    title = rng.choice(STUDENT_TITLES) if student else rng.choice(TITLES)
    return Person(
        name=name,
        gender=gender,
        birth_date=birth,
        id_type=id_type,
        id_number=id_number,
        region=region,
        employer=employer,
        sector=sector,
        title=title,
        email=f"m{len(taken):05d}@example.cn",
        phone=f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
        created_at=timezone.now() - timedelta(days=rng.randint(30, 3000)),
    )


def load(rng: random.Random, log) -> None:
    if Membership.objects.exists():
        log("members: already loaded")
        return
    societies = list(Society.objects.order_by("code"))
    if not societies:
        return
    today = timezone.localdate()
    taken: set[str] = set(Person.objects.exclude(id_number="").values_list("id_number", flat=True))
    tiers = [_pick(rng, TIER_WEIGHTS) for _ in range(PEOPLE)]
    people = [_person(rng, today, taken, student=tier == MembershipTier.STUDENT) for tier in tiers]
    people = bulk_create_with_history(people, Person, batch_size=1000)
    people = list(Person.objects.filter(id_number__in=[p.id_number for p in people]).order_by("id"))
    weights = [SOCIETY_WEIGHT.get(s.code, 2) for s in societies]
    seq = {s.pk: 0 for s in societies}
    memberships = []
    for person, tier in zip(people, tiers, strict=True):
        count = 1 if rng.random() < 0.7 else (2 if rng.random() < 0.85 else 3)
        chosen = set()
        while len(chosen) < count:
            chosen.add(rng.choices(societies, weights=weights)[0])
        for society in chosen:
            joined = today - timedelta(days=rng.randint(30, 15 * 365))
            status = _pick(rng, STATUS_WEIGHTS)
            if status == MembershipStatus.ACTIVE:
                valid_until = today + timedelta(days=rng.randint(20, 365))
            else:
                valid_until = today - timedelta(days=rng.randint(30, 900))
            seq[society.pk] += 1
            memberships.append(
                Membership(
                    society=society,
                    person=person,
                    tier=tier,
                    category=MembershipCategory.UNIT
                    if rng.random() < 0.01
                    else MembershipCategory.INDIVIDUAL,
                    status=status,
                    number=f"{society.code.upper()}-{joined.year}-{seq[society.pk]:06d}",
                    joined_on=joined,
                    valid_until=valid_until,
                    fees_paid=rng.choice([0, 50, 100, 200, 300]) if status == MembershipStatus.ACTIVE else 0,
                )
            )
        if not person.disciplines:
            person.disciplines = list(next(iter(chosen)).business_scope[:2])
    bulk_create_with_history(memberships, Membership, batch_size=2000)
    Person.objects.bulk_update(people, ["disciplines"], batch_size=1000)
    _open_applications(rng, today, taken)
    log(f"members: {len(people)} people, {len(memberships)} memberships")


def _open_applications(rng, today, taken) -> None:
    ccs = Society.objects.filter(code="ccs").first()
    if ccs is None:
        return
    applicants = [
        _person(rng, today, taken, region=Region.MAINLAND),
        _person(rng, today, taken, region=Region.MAINLAND, student=True),
        _person(rng, today, taken, region=Region.MAINLAND),
        _person(rng, today, taken, region=Region.HONG_KONG),
        _person(rng, today, taken, region=Region.MAINLAND),
    ]
    applicants[3].employer, applicants[3].title = "香港中文大学", "副教授"
    statements = [
        "从事有机合成方法学研究十余年，希望加入学会参与学术交流。",
        "博士研究生，研究方向为电催化，希望参加学会青年论坛。",
        "在企业从事精细化工研发，希望通过学会了解行业前沿。",
        "香港中文大学化学系教师，长期与内地同行合作，申请成为会员。",
        "从事分析化学教学与研究，申请高级会员。",
    ]
    tiers = [
        MembershipTier.ORDINARY,
        MembershipTier.STUDENT,
        MembershipTier.ORDINARY,
        MembershipTier.SENIOR,
        MembershipTier.SENIOR,
    ]
    for i, (person, statement, tier) in enumerate(zip(applicants, statements, tiers, strict=True)):
        person.disciplines = ["150"]
        person.save()
        application = MembershipApplication.objects.create(
            society=ccs,
            person=person,
            tier=tier,
            statement=statement,
            status=ApplicationStatus.SUBMITTED,
            needs_explicit_approval=person.region != Region.MAINLAND,
            submitted_at=timezone.now() - timedelta(days=5 - i, hours=rng.randint(0, 20)),
        )
        log_action(
            "members.membershipapplication.submitted",
            actor=None,
            obj=application,
            to_status=ApplicationStatus.SUBMITTED,
            data={"demo": True},
        )


def after_users(rng: random.Random, log) -> None:
    User = get_user_model()
    cast = User.objects.filter(username="cast_admin").first()
    member = User.objects.filter(username="member").first()
    if member is not None and not Person.objects.filter(user=member).exists():
        birth = date(1986, 4, 12)
        first17 = f"110108{birth:%Y%m%d}357"
        number = first17 + mainland_id_check_char(first17)
        if Person.objects.filter(id_number=number).exists():
            number = ""
        person = services.create_person(
            actor=member,
            user=member,
            name=member.name or "刘会员",
            id_type=IdType.MAINLAND_ID,
            id_number=number,
            gender=Gender.MALE,
            birth_date=birth,
            employer="中国科学院化学研究所",
            sector=Sector.RESEARCH_INSTITUTE,
            title="副研究员",
            disciplines=["150", "15020"],
            email=member.email,
            phone="13800138000",
        )
        for code, tier in (("ccs", MembershipTier.SENIOR), ("ccf", MembershipTier.ORDINARY)):
            society = Society.objects.filter(code=code).first()
            if society is not None:
                services._create_active_membership(
                    actor=cast,
                    society=society,
                    person=person,
                    tier=tier,
                    category=MembershipCategory.INDIVIDUAL,
                )
        log(f"members: demo login {member.username} → {person.name}")
    if cast is not None and not CreditRecord.objects.exists():
        _credit_and_training(rng, cast)


def _credit_and_training(rng, cast) -> None:
    today = timezone.localdate()
    pool = list(Person.objects.filter(region=Region.MAINLAND, user__isnull=True).order_by("id")[:400])
    if len(pool) < 8:
        return
    picks = rng.sample(pool, 8)
    services.record_credit(
        actor=cast,
        person=picks[0],
        kind=CreditKind.SANCTION,
        summary="论文数据造假，取消三年内评奖和理事候选资格。",
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=3 * 365 - 200),
        source_document="科协学术〔2026〕12号",
    )
    services.record_credit(
        actor=cast,
        person=picks[1],
        kind=CreditKind.MISCONDUCT,
        summary="论文一稿多投，经调查属实。",
        starts_on=today - timedelta(days=500),
        source_document="科协学术〔2025〕31号",
    )
    services.record_credit(
        actor=cast,
        person=picks[1],
        kind=CreditKind.SANCTION,
        summary="通报批评，一年内不得申报奖项。",
        starts_on=today - timedelta(days=500),
        ends_on=today - timedelta(days=135),
        source_document="科协学术〔2025〕31号",
    )
    services.record_credit(
        actor=cast,
        person=picks[2],
        kind=CreditKind.COMMENDATION,
        summary="科学家精神教育基地优秀报告人。",
        starts_on=today - timedelta(days=90),
        source_document="科协办〔2026〕7号",
    )
    for person, kind, course in (
        (picks[3], TrainingKind.NEW_LEADER, "全国学会新任负责人培训班（第一期）"),
        (picks[4], TrainingKind.SG_ROTATION, "全国学会秘书长轮训班"),
        (picks[5], TrainingKind.STAFF, "学会工作人员业务培训"),
        (picks[6], TrainingKind.STAFF, "学会财务管理专题培训"),
    ):
        services.record_training(
            actor=cast,
            person=person,
            kind=kind,
            course=course,
            attended_on=today - timedelta(days=rng.randint(10, 300)),
            hours=rng.choice([8, 16, 24, 32]),
        )
