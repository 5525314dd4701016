"""Demo awards: about thirty programs across the demo societies on CAST's dynamic list 动态清单 — listed,
awaiting CAST, suspended, one returned and one withdrawn — and, for 中国化学会 (ccs), three rounds of this
year: 青年化学奖 published (reviewed, Party pre-review approved), 化学基础研究原创奖 in review (reviews
partly done, one reviewer declared a conflict, one assignment refused for R-AW-04, one nominee also put
forward for 青年化学奖 so the same-year duplicate is flagged) and 化学科普奖 open for nominations
(one from the demo `member`).

Everything goes through the awards services, so the audit trail and the histories are those of real use.
Programs of other societies are registered by a secretariat account per society. The demo
`award_reviewer` login and four more reviewers are linked to profiles whose employers and declared
co-authors feed the conflict checks (R-AW-04). The accounts the demo adds here have no password (they
cannot sign in) and are not printed. All fees are zero (R-AW-03)."""

from contextlib import suppress
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.services import create_user, grant_role
from core.errors import DomainError
from core.roles import Role, reach_of
from members.choices import Gender, IdType, MembershipStatus, Region
from members.models import Membership, Person
from members.sanctions import is_under_sanction
from members.services import create_person
from members.validators import mainland_id_check_char
from party_building import gate
from party_building.services.matters import approve_matter
from societies.choices import Sector
from societies.models import Society

from . import services
from .choices import AwardCategory as C
from .choices import NominatorKind, ProgramStatus
from .models import AwardProgram, AwardRound, Nomination, Review, ReviewAssignment
from .services.review import min_reviews

LISTED, SUBMITTED, SUSPENDED = ProgramStatus.LISTED, ProgramStatus.SUBMITTED, ProgramStatus.SUSPENDED
RETURNED, WITHDRAWN = "returned", ProgramStatus.WITHDRAWN

YOUTH_PRIZE = "中国化学会青年化学奖"
BASIC_RESEARCH_PRIZE = "中国化学会化学基础研究原创奖"
POPULAR_PRIZE = "中国化学会化学科普奖"

# society code, name, category, cycle (years), quota, members may nominate, where CAST left it
PROGRAMS = [
    ("ccs", YOUTH_PRIZE, C.YOUTH, 2, 3, False, LISTED),
    ("ccs", BASIC_RESEARCH_PRIZE, C.PROGRESS, 2, 2, False, LISTED),
    ("ccs", POPULAR_PRIZE, C.POPULAR_SCIENCE, 1, 5, True, LISTED),
    ("ccs", "中国化学会化工技术发明奖", C.INNOVATION, 2, 3, False, SUBMITTED),
    ("ccs", "中国化学会绿色化学创新奖", C.INNOVATION, 2, 2, False, SUSPENDED),
    ("ccs", "中国化学会化学教育贡献奖", C.OTHER, 3, 5, True, RETURNED),
    ("cps", "中国物理学会王淦昌物理奖", C.PROGRESS, 2, 2, False, LISTED),
    ("cps", "中国物理学会青年物理学家奖", C.YOUTH, 1, 4, False, LISTED),
    ("cps", "中国物理学会物理科普奖", C.POPULAR_SCIENCE, 2, 3, True, SUBMITTED),
    ("cms", "中国数学会华罗庚数学奖", C.LIFETIME, 2, 2, False, LISTED),
    ("cms", "中国数学会青年数学家奖", C.YOUTH, 2, 3, False, LISTED),
    ("ccf", "中国计算机学会科学技术奖", C.PROGRESS, 1, 10, False, LISTED),
    ("ccf", "中国计算机学会青年科学家奖", C.YOUTH, 1, 5, False, LISTED),
    ("ccf", "中国计算机学会技术发明奖", C.INNOVATION, 1, 5, False, SUBMITTED),
    ("cmes", "中国机械工程学会科技进步奖", C.PROGRESS, 1, 8, False, LISTED),
    ("cmes", "中国机械工程学会青年科技成就奖", C.YOUTH, 2, 5, False, SUSPENDED),
    ("cie", "中国电子学会科学技术奖", C.PROGRESS, 1, 10, False, LISTED),
    ("cie", "中国电子学会电子信息科普奖", C.POPULAR_SCIENCE, 1, 5, True, SUBMITTED),
    ("cma", "中华医学会医学科学技术奖", C.PROGRESS, 1, 10, False, LISTED),
    ("cma", "中华医学会青年医学科技奖", C.YOUTH, 2, 5, False, SUBMITTED),
    ("cces", "中国土木工程学会茅以升工程创新奖", C.INNOVATION, 2, 6, False, LISTED),
    ("csm", "中国力学学会钱伟长青年力学奖", C.YOUTH, 2, 3, False, LISTED),
    ("cps-psy", "中国心理学会心理学科普奖", C.POPULAR_SCIENCE, 2, 3, True, LISTED),
    ("cses-sci", "中国科普作家协会优秀科普作品奖", C.POPULAR_SCIENCE, 2, 20, True, LISTED),
    ("csaa", "中国航空学会航空科学技术奖", C.PROGRESS, 1, 8, False, SUSPENDED),
    ("cpa", "中国药学会药学技术发明奖", C.INNOVATION, 2, 4, False, SUBMITTED),
    ("cas-astro", "中国天文学会张钰哲天文奖", C.LIFETIME, 2, 2, False, LISTED),
    ("cacm", "中华中医药学会李时珍医药创新奖", C.INNOVATION, 2, 3, False, LISTED),
    ("caa", "中国自动化学会自然科学奖", C.OTHER, 1, 5, False, LISTED),
    ("csf", "中国林学会梁希林业科学技术奖", C.PROGRESS, 1, 8, False, LISTED),
    ("cms-met", "中国气象学会气象科普贡献奖", C.POPULAR_SCIENCE, 2, 5, True, WITHDRAWN),
]
DESCRIPTIONS = {
    YOUTH_PRIZE: "表彰在化学基础研究或应用研究中取得突出成绩、年龄不超过40周岁的青年化学工作者。",
    BASIC_RESEARCH_PRIZE: "奖励在化学基础研究中提出原创性概念、方法或理论并得到国内外同行公认的科学家。",
    POPULAR_PRIZE: "表彰在化学科普创作、科普活动和化学教育中作出突出贡献的个人，会员可直接提名。",
    "中国化学会化工技术发明奖": "奖励在化工新工艺、新材料、新装备方面取得重大技术发明并实现产业化的个人。",
    "中国化学会绿色化学创新奖": "奖励在绿色合成、清洁生产和资源循环利用领域取得创新成果的团队与个人。",
    "中国化学会化学教育贡献奖": "表彰长期从事中学和大学化学教育、在教学改革中成绩突出的教师。",
    "中国物理学会王淦昌物理奖": "奖励在核物理、粒子物理、惯性约束聚变等领域取得重要成果的物理学家。",
    "中国物理学会青年物理学家奖": "表彰年龄不超过38周岁、在物理学研究中取得突出成绩的青年学者。",
    "中国物理学会物理科普奖": "表彰在物理学普及、科学传播和物理教育中作出突出贡献的个人与团队。",
    "中国数学会华罗庚数学奖": "授予长期致力于数学研究与人才培养、作出杰出贡献的数学家。",
    "中国数学会青年数学家奖": "奖励年龄不超过40周岁、在纯粹数学或应用数学方面取得突出成果的青年数学家。",
    "中国计算机学会科学技术奖": "奖励在计算机科学技术研究、开发与应用中取得重大成果的个人和团队。",
    "中国计算机学会青年科学家奖": "表彰年龄不超过40周岁、在计算机领域作出突出贡献的青年科技工作者。",
    "中国计算机学会技术发明奖": "奖励在计算机软硬件、网络与智能系统方面作出重大技术发明的科技人员。",
    "中国机械工程学会科技进步奖": "奖励在机械工程领域科技创新、成果转化和产业化中作出突出贡献的项目。",
    "中国机械工程学会青年科技成就奖": "表彰在机械工程领域取得突出成就、年龄不超过45周岁的青年科技工作者。",
    "中国电子学会科学技术奖": "奖励在电子信息领域取得重大科技成果并产生显著效益的项目和个人。",
    "中国电子学会电子信息科普奖": "表彰在电子信息科学普及与公众科学素质提升中成绩突出的个人。",
    "中华医学会医学科学技术奖": "奖励在医学研究、临床诊疗和公共卫生领域取得重要成果的项目。",
    "中华医学会青年医学科技奖": "表彰年龄不超过40周岁、在医学科研与临床中成绩突出的青年医师。",
    "中国土木工程学会茅以升工程创新奖": "奖励在土木工程建设中应用新技术、新工艺并取得显著效益的工程项目。",
    "中国力学学会钱伟长青年力学奖": "表彰年龄不超过40周岁、在力学研究或工程应用中取得突出成果的青年学者。",
    "中国心理学会心理学科普奖": "表彰在心理健康知识普及和心理学科学传播方面作出贡献的个人与团队。",
    "中国科普作家协会优秀科普作品奖": "评选原创科普图书、科普影视和新媒体科普作品，鼓励科普创作。",
    "中国航空学会航空科学技术奖": "奖励在航空科学技术研究与型号研制中取得重大成果的项目和个人。",
    "中国药学会药学技术发明奖": "奖励在新药创制、药物制剂和药学技术方面作出重要发明的科技工作者。",
    "中国天文学会张钰哲天文奖": "授予长期从事天文学研究与观测、对我国天文事业作出杰出贡献的天文学家。",
    "中华中医药学会李时珍医药创新奖": "奖励在中医药理论创新、中药新药研发和临床应用中取得突出成果的个人。",
    "中国自动化学会自然科学奖": "奖励在控制理论、模式识别与智能系统基础研究中取得重要发现的科研人员。",
    "中国林学会梁希林业科学技术奖": "奖励在林业科学研究、生态建设和林业产业发展中取得重要成果的项目。",
    "中国气象学会气象科普贡献奖": "表彰在气象防灾减灾科普宣传中成绩突出的个人。",
}
SUSPEND_REASON = "年度检查发现评审专家库更新不及时、评审程序记录不完整，暂停开展评选，整改后申请恢复。"
RETURN_REASON = "请补充奖励章程、评审办法和经费来源说明，并明确不向候选人收取任何费用后重新报送。"
WITHDRAW_REASON = "学会理事会决定停止设立该奖项，经核实撤出动态清单。"
LIST_OPINION = "奖励章程、评审办法齐备，不收取任何费用，符合社会力量设立科学技术奖有关规定，列入动态清单。"

# username, name, employer, sector, title, birth date; the first is the demo login `award_reviewer`
REVIEWERS = [
    ("award_reviewer", "孙评审", "南京大学", Sector.UNIVERSITY, "教授", date(1968, 3, 9)),
    (
        "reviewer_qian",
        "钱立群",
        "中国科学院化学研究所",
        Sector.RESEARCH_INSTITUTE,
        "研究员",
        date(1965, 11, 2),
    ),
    ("reviewer_huang", "黄慧敏", "复旦大学", Sector.UNIVERSITY, "教授", date(1971, 6, 18)),
    (
        "reviewer_zhou",
        "周启明",
        "中国科学院大连化学物理研究所",
        Sector.RESEARCH_INSTITUTE,
        "研究员",
        date(1963, 1, 27),
    ),
    ("reviewer_wu", "吴晓燕", "浙江大学", Sector.UNIVERSITY, "教授", date(1974, 9, 5)),
]
SENIOR_TITLES = ("教授", "研究员", "正高级工程师")
YOUTH_TITLES = ("教授", "研究员", "副教授", "副研究员")
STATEMENTS = {
    YOUTH_PRIZE: [
        "在{field}方向取得系统性创新成果，以通讯作者在国际权威期刊发表系列论文，成果被同行广泛引用。",
        "长期从事{field}研究，发展了具有自主知识产权的新方法，相关成果已在企业实现应用。",
        "围绕{field}关键科学问题开展研究，提出新的反应机理模型，获国家自然科学基金优秀青年科学基金资助。",
    ],
    BASIC_RESEARCH_PRIZE: [
        "在{field}领域提出原创性理论框架，开辟新的研究方向，代表性论文被国际同行列为该领域奠基性工作。",
        "三十年来专注{field}基础研究，发现一类新的化学反应并阐明其规律，成果写入国内外教科书。",
    ],
    POPULAR_PRIZE: [
        "多年坚持开展“走进化学”科普进校园活动，主讲科普报告百余场，创作科普图书两部。",
        "策划制作化学安全科普短视频系列，全网播放量逾千万次，社会反响良好。",
    ],
}
FIELDS = [
    "有机合成",
    "催化化学",
    "高分子材料",
    "电化学储能",
    "分析检测",
    "超分子化学",
    "能源化学",
    "生物无机化学",
]
User = get_user_model()


def load(rng, log) -> None:
    """Nothing before the demo users exist: every award step needs its actor (see after_users)."""


def after_users(rng, log) -> None:
    logins = {
        u.username: u
        for u in User.objects.filter(username__in=["cast_admin", "secretary", "party_reviewer", "member"])
    }
    ccs = Society.objects.filter(code="ccs").first()
    if ccs is None or len(logins) < 4 or not User.objects.filter(username="award_reviewer").exists():
        return
    cast = logins["cast_admin"]
    reviewers = _reviewers(cast, ccs)
    if AwardProgram.objects.exists():
        log("awards: already loaded")
        return
    today = timezone.localdate()
    programs = _programs(cast, logins["secretary"])
    secretary = logins["secretary"]
    youth = _published_round(
        rng, today, secretary, logins["party_reviewer"], programs[YOUTH_PRIZE], reviewers
    )
    reviewing = _reviewing_round(rng, today, secretary, programs[BASIC_RESEARCH_PRIZE], reviewers, youth)
    _open_round(rng, today, secretary, logins["member"], programs[POPULAR_PRIZE])
    counts = {s.value: AwardProgram.objects.filter(status=s).count() for s in ProgramStatus}
    rounds = {r.status: r.program.name for r in AwardRound.objects.select_related("program")}
    log(
        "awards: programs "
        + ", ".join(f"{status} {n}" for status, n in counts.items() if n)
        + f"; rounds {', '.join(f'{status} {name}' for status, name in rounds.items())}; "
        f"nominations {Nomination.objects.count()}, reviews {Review.objects.count()} of "
        f"{ReviewAssignment.objects.count()} assignments; {reviewing}"
    )
    log("awards: reviewers " + ", ".join(f"{u.username} ({u.name})" for u in reviewers))


def _id_number(birth: date, seq: int) -> str:
    first17 = f"320106{birth:%Y%m%d}{seq:03d}"
    return first17 + mainland_id_check_char(first17)


def _reviewers(cast, ccs) -> list:
    """The award reviewers of 中国化学会, each with their own profile (employer known, R-AW-04)."""
    out = []
    for i, (username, name, employer, sector, title, birth) in enumerate(REVIEWERS):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_user(  # no password: the demo login is `award_reviewer`
                actor=cast,
                username=username,
                password=None,
                name=name,
                email=f"{username}@demo.portal.local",
                roles=[{"role": Role.AWARD_REVIEWER, "society": ccs}],
            )
        elif ccs.pk not in reach_of(user).award_reviewer_of:
            grant_role(actor=cast, user=user, role=Role.AWARD_REVIEWER, society=ccs)
        if not Person.objects.filter(user=user).exists():
            gender = Gender.FEMALE if name in ("黄慧敏", "吴晓燕") else Gender.MALE
            number = _id_number(birth, 200 + 2 * i + (gender == Gender.MALE))  # odd: male
            create_person(
                actor=cast,
                user=user,
                name=user.name or name,
                id_type=IdType.MAINLAND_ID,
                id_number="" if Person.objects.filter(id_number=number).exists() else number,
                gender=gender,
                birth_date=birth,
                employer=employer,
                sector=sector,
                title=title,
                disciplines=["150"],
                email=user.email,
            )
        out.append(user)
    return out


def _secretariat(society, cast, secretary):
    """Who registers the society's programs: the demo secretary for 中国化学会, otherwise a secretariat
    account of the society (no password: it cannot sign in)."""
    if society.code == "ccs":
        return secretary
    username = f"demo_secretariat_{society.code}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = create_user(
            actor=cast,
            username=username,
            password=None,
            name=f"{society.name}秘书处（演示）",
            roles=[{"role": Role.SECRETARY, "society": society}],
        )
    return user


def _programs(cast, secretary) -> dict[str, AwardProgram]:
    societies = Society.objects.in_bulk([row[0] for row in PROGRAMS], field_name="code")
    out = {}
    for number, (code, name, category, cycle, quota, by_members, status) in enumerate(PROGRAMS):
        society = societies.get(code)
        if society is None:
            continue
        actor = _secretariat(society, cast, secretary)
        program = services.create_program(
            actor=actor,
            society=society,
            name=name,
            category=category,
            cycle_years=cycle,
            quota=quota,
            entry_fee=0,
            member_nominations=by_members,
            approval_ref=f"国科奖社证字第{138 + number * 7:04d}号",
            description=DESCRIPTIONS[name],
        )
        program = services.submit_program(actor=actor, program=program, comment="申请列入科技奖励动态清单。")
        if status == RETURNED:
            program = services.decide_program(
                actor=cast, program=program, step="return", comment=RETURN_REASON
            )
        elif status != SUBMITTED:
            program = services.decide_program(actor=cast, program=program, step="list", comment=LIST_OPINION)
            if status == SUSPENDED:
                program = services.decide_program(
                    actor=cast, program=program, step="suspend", comment=SUSPEND_REASON
                )
            elif status == WITHDRAWN:
                program = services.decide_program(
                    actor=cast, program=program, step="withdraw", comment=WITHDRAW_REASON
                )
        out[name] = program
    return out


def _candidates(society, *, titles, born_after=None, exclude=()):
    """Active members of the society who may be nominated: mainland profiles not tied to a demo login, in
    a stable order (see _pick for sanctions)."""
    members = Membership.objects.filter(society=society, status=MembershipStatus.ACTIVE)
    qs = Person.objects.filter(
        pk__in=members.values("person_id"), region=Region.MAINLAND, user__isnull=True, title__in=titles
    ).exclude(pk__in=[p.pk for p in exclude])
    if born_after is not None:
        qs = qs.filter(birth_date__gte=born_after)
    return list(qs.order_by("id")[:300])


def _pick(rng, pool, count):
    """`count` people drawn from `pool`, skipping anyone under an active sanction (R-ETH-02)."""
    pool = list(pool)
    rng.shuffle(pool)
    picked = []
    for person in pool:
        if len(picked) == count:
            break
        if not is_under_sanction(person):
            picked.append(person)
    return picked


def _nominate(rng, secretary, award_round, people, prize):
    out = []
    for person in people:
        statement = rng.choice(STATEMENTS[prize]).format(field=rng.choice(FIELDS))
        out.append(
            services.nominate(
                actor=secretary,
                award_round=award_round,
                nominee=person,
                nominator_kind=NominatorKind.SECRETARIAT,
                nominating_unit=person.employer or "中国化学会常务理事单位",
                statement=statement,
            )
        )
    return out


def _free_reviewers(nomination, reviewers, count, start):
    """`count` reviewers without a conflict (R-AW-04), taken round-robin from `start`."""
    chosen = []
    for k in range(len(reviewers)):
        reviewer = reviewers[(start + k) % len(reviewers)]
        if services.conflict_of(reviewer, nomination) is None:
            chosen.append(reviewer)
        if len(chosen) == count:
            break
    return chosen


def _new_round(secretary, program, today, opens, closes):
    award_round = services.create_round(
        actor=secretary,
        program=program,
        year=today.year,
        nominations_open_on=today + timedelta(days=opens),
        nominations_close_on=today + timedelta(days=closes),
    )
    return services.open_round(actor=secretary, award_round=award_round, comment="发布提名通知。")


def _published_round(rng, today, secretary, party_reviewer, program, reviewers) -> list[Nomination]:
    """青年化学奖: ten nominations, three scored reviews each, three winners (quota 3, 30% of 10, R-AW-02),
    the award selection approved by the Party pre-review (R-PB-02), results published (R-AW-05)."""
    society = program.society
    pool = _candidates(society, titles=YOUTH_TITLES, born_after=date(today.year - 40, 1, 1))
    people = _pick(rng, pool, 10)
    award_round = _new_round(secretary, program, today, -60, 0)
    nominations = _nominate(rng, secretary, award_round, people, YOUTH_PRIZE)
    award_round = services.close_nominations(actor=secretary, award_round=award_round, comment="提名截止。")
    for i, nomination in enumerate(nominations):
        chosen = _free_reviewers(nomination, reviewers, 3, i)
        services.assign_reviewers(
            actor=secretary, nomination=nomination, reviewers=chosen, due_on=today - timedelta(days=5)
        )
        for reviewer in chosen:
            services.submit_review(
                actor=reviewer,
                nomination=nomination,
                score=rng.randint(68, 96),
                comment=rng.choice(
                    [
                        "创新性突出，研究工作系统深入。",
                        "成果水平较高，建议支持。",
                        "代表性成果影响力有待进一步体现。",
                    ]
                ),
            )
    ranking = list(services.ranked(award_round))
    limit, _cap = services.winner_limit(award_round, len(ranking))
    winners = [n for n in ranking if n.scored >= min_reviews()][: min(limit, program.quota)]
    award_round = services.propose_results(
        actor=secretary,
        award_round=award_round,
        winners=winners,
        comment="评审委员会会议评议，按得分排序提出获奖建议名单。",
    )
    approve_matter(
        actor=party_reviewer,
        matter=gate.matter_for(award_round),
        opinion="评审程序规范，获奖建议名单经学术诚信审查，同意公布。",
    )
    services.publish_results(actor=secretary, award_round=award_round, comment="在学会网站公示并公布。")
    return nominations


def _reviewing_round(rng, today, secretary, program, reviewers, youth) -> str:
    """化学基础研究原创奖: eight nominations in review; about half the reviews done, some overdue; one
    reviewer declares a conflict (no score, the nomination needs another reviewer); one nominee works at a
    reviewer's employer, so assigning that reviewer is refused (R-AW-04); one nominee is also nominated for
    青年化学奖 this year (flagged to the secretariat)."""
    society = program.society
    demo_reviewer = reviewers[0]
    employers = dict(Person.objects.filter(user__in=reviewers).values_list("employer", "user_id"))
    seniors = _candidates(society, titles=SENIOR_TITLES, exclude=[n.nominee for n in youth])
    colleague = next(iter(_pick(rng, [p for p in seniors if p.employer in employers], 1)), None)
    others = [p for p in seniors if p.employer not in employers]
    people = _pick(rng, others, 6) + ([colleague] if colleague else [])
    people.insert(2, youth[-1].nominee)  # also nominated for 青年化学奖 this year
    award_round = _new_round(secretary, program, today, -45, 0)
    nominations = _nominate(rng, secretary, award_round, people, BASIC_RESEARCH_PRIZE)
    award_round = services.close_nominations(actor=secretary, award_round=award_round, comment="提名截止。")
    refused = "none refused"
    if colleague is not None:  # the secretariat tries a reviewer from the nominee's employer: refused
        nomination = next(n for n in nominations if n.nominee_id == colleague.pk)
        same_employer = next(u for u in reviewers if u.pk == employers[colleague.employer])
        try:
            services.assign_reviewers(actor=secretary, nomination=nomination, reviewers=[same_employer])
        except DomainError as exc:
            refused = f"{same_employer.username} → {colleague.name} refused {exc.rule}"
    # 周启明 declares a co-author among the nominees: never assigned to that nomination.
    services.declare_coauthor(actor=reviewers[3], coauthor=nominations[0].nominee)
    conflict_declared = False
    for i, nomination in enumerate(nominations):
        chosen = _free_reviewers(nomination, reviewers, 3, i)
        late = i % 3 == 0
        services.assign_reviewers(
            actor=secretary,
            nomination=nomination,
            reviewers=chosen,
            due_on=today + timedelta(days=-3 if late else 14),
        )
        for j, reviewer in enumerate(chosen):
            if not conflict_declared and i == 3 and reviewer != demo_reviewer:
                services.submit_review(
                    actor=reviewer,
                    nomination=nomination,
                    conflict_declared=True,
                    comment="被提名人曾为本人博士后合作导师，近五年有合作项目，申请回避。",
                )
                conflict_declared = True
            elif (i + j) % 2 == 0 and not (reviewer == demo_reviewer and i >= 4):
                services.submit_review(
                    actor=reviewer,
                    nomination=nomination,
                    score=rng.randint(62, 95),
                    comment=rng.choice(
                        [
                            "原创性强，学术影响广泛。",
                            "研究深入，建议进入会评。",
                            "成果积累扎实，原创性论证尚需加强。",
                        ]
                    ),
                )
    return f"R-AW-04 at assignment: {refused}"


def _open_round(rng, today, secretary, member, program) -> None:
    """化学科普奖: open for nominations (members may nominate); two from the secretariat, one from the demo
    `member`."""
    society = program.society
    award_round = _new_round(secretary, program, today, -10, 50)
    pool = _candidates(society, titles=SENIOR_TITLES + YOUTH_TITLES + ("讲师", "高级工程师"))
    people = _pick(rng, pool, 3)
    _nominate(rng, secretary, award_round, people[:2], POPULAR_PRIZE)
    if len(people) == 3 and Person.objects.filter(user=member).exists():
        with suppress(DomainError):  # the demo member may not be an active member of 中国化学会
            services.nominate(
                actor=member,
                award_round=award_round,
                nominee=people[2],
                nominator_kind=NominatorKind.MEMBER,
                statement=rng.choice(STATEMENTS[POPULAR_PRIZE]),
            )
