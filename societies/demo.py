"""Demo societies: real national societies under CAST (names as registered), with valid credit codes,
and (after the demo users exist) believable governance: charters, bodies, terms, council seats, officers."""

import random
from datetime import date

from members.models import Membership, Person

from .choices import BodyKind, OfficerPosition, TermStatus
from .demo_data import SOCIETIES
from .models import CharterVersion, GovernanceBody, Officer, Seat, Society, Term
from .validators import CREDIT_CODE_ALPHABET, credit_code_check_char

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建波宁海峰晨宇欣怡昊然子涵浩博文思远志强晓"
SECTORS = [
    "university",
    "university",
    "research_institute",
    "research_institute",
    "enterprise",
    "non_public",
    "other",
]
EXPIRED_TERM_SOCIETIES = 2  # current council/congress terms that ran out without an election (R-GOV-02)
NO_PARTY_CLAUSE_SOCIETIES = 3  # newest charter without the Party-leadership clause (R-PB-01)


def credit_code(rng: random.Random) -> str:
    # 5 = registered by civil affairs, 1 = social organization, 100000 = national level.
    body = "51100000" + "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(9))
    return body + credit_code_check_char(body)


def load(rng: random.Random, log) -> None:
    for code, name, name_en, discipline, scope, founded in SOCIETIES:
        Society.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "discipline": discipline,
                "business_scope": scope,
                "credit_code": credit_code(rng),
                "founded_on": date(founded, 1, 1),
                "secretary_general_full_time": rng.random() < 0.7,
            },
        )
    log(f"societies: {Society.objects.count()}")


def _people_pool(
    rng: random.Random, societies: list[Society], need: dict[int, int]
) -> dict[int, list[Person]]:
    """People to seat per society: its own active members first, then people created here if too few."""
    # Councils are mostly senior people: pick members by age (older first, with some noise).
    by_society: dict[int, list[tuple[float, int]]] = {s.pk: [] for s in societies}
    for society_id, person_id, birth in Membership.objects.filter(
        society__in=societies, status="active"
    ).values_list("society_id", "person_id", "person__birth_date"):
        year = birth.year if birth else 1970
        by_society[society_id].append((year + rng.gauss(0, 9), person_id))
    wanted = set()
    for society_id, ranked in by_society.items():
        ranked.sort()
        by_society[society_id] = [pid for _key, pid in ranked[: need[society_id]]]
        wanted.update(by_society[society_id])
    people = Person.objects.in_bulk(wanted)
    pool = {sid: [people[pid] for pid in ids] for sid, ids in by_society.items()}
    missing = {sid: need[sid] - len(members) for sid, members in pool.items() if len(members) < need[sid]}
    if missing:
        created = Person.objects.bulk_create(
            [
                Person(
                    name=rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
                    gender=rng.choice(("male", "male", "female")),
                    birth_date=date(rng.randint(1952, 1990), rng.randint(1, 12), rng.randint(1, 28)),
                    sector=rng.choice(SECTORS),
                    employer="",
                )
                for _ in range(sum(missing.values()))
            ]
        )
        it = iter(created)
        for sid, n in missing.items():
            pool[sid].extend(next(it) for _ in range(n))
    return pool


def after_users(rng: random.Random, log) -> None:
    """Governance for every demo society that has none yet: charter v1 (2016) and v2 (2021; a few
    without the Party clause), the five bodies with terms (a couple expired without an election), 30–60
    council seats from existing people, a standing council, supervisors and officers."""
    societies = list(Society.objects.exclude(charters__isnull=False).order_by("code"))
    if not societies:
        return
    today = date.today()  # noqa: DTZ011  demo dates are local calendar dates
    codes = [s.code for s in societies if s.code != "ccs"]
    no_clause = set(rng.sample(codes, min(NO_PARTY_CLAUSE_SOCIETIES, len(codes))))
    expired = set(rng.sample(sorted(set(codes) - no_clause), min(EXPIRED_TERM_SOCIETIES, len(codes))))
    council_size = {s.pk: rng.randint(30, 60) for s in societies}
    need = {pk: n + 10 for pk, n in council_size.items()}  # + supervisors and a secretary-general
    pool = _people_pool(rng, societies, need)

    charters, bodies = [], []
    for s in societies:
        scope_text = (
            f"{s.name}：开展学术交流，编辑出版学术期刊，普及科学知识，举荐科技人才，开展继续教育与培训。"
        )
        charters.append(
            CharterVersion(
                society=s,
                version=1,
                adopted_on=date(2016, rng.randint(3, 11), rng.randint(1, 28)),
                has_party_leadership_clause=False,
                business_scope=s.business_scope,
                business_scope_text=scope_text,
            )
        )
        charters.append(
            CharterVersion(
                society=s,
                version=2,
                adopted_on=date(2021, rng.randint(3, 11), rng.randint(1, 28)),
                has_party_leadership_clause=s.code not in no_clause,
                business_scope=s.business_scope,
                business_scope_text=scope_text,
            )
        )
        s.business_scope_text = scope_text
        for kind in BodyKind.values:
            bodies.append(GovernanceBody(society=s, kind=kind))
    CharterVersion.objects.bulk_create(charters)
    bodies = GovernanceBody.objects.bulk_create(bodies)

    terms = []
    term_of: dict[tuple[int, str], Term] = {}
    for body in bodies:
        s_pk = body.society_id
        code = next(s.code for s in societies if s.pk == s_pk)
        if code in expired and body.kind in (BodyKind.CONGRESS, BodyKind.COUNCIL, BodyKind.STANDING_COUNCIL):
            start_year = today.year - 6  # a five-year term that ran out last year: no election held
        else:
            start_year = rng.randint(today.year - 4, today.year - 1)
        number = rng.randint(8, 12)
        seats = {
            BodyKind.CONGRESS: rng.randint(300, 800),
            BodyKind.COUNCIL: council_size[s_pk] + rng.randint(0, 3),
            BodyKind.STANDING_COUNCIL: council_size[s_pk] // 3,
            BodyKind.SUPERVISORS: 5,
            BodyKind.OFFICE: 0,
        }[body.kind]
        start = date(start_year, rng.randint(1, 12), rng.randint(1, 28))
        terms.append(
            Term(
                body=body,
                number=number - 1,
                starts_on=date(start.year - 5, start.month, start.day),
                ends_on=start,
                seats=seats,
                status=TermStatus.CLOSED,
            )
        )
        current = Term(
            body=body,
            number=number,
            starts_on=start,
            ends_on=date(start.year + 5, start.month, start.day),
            seats=seats,
            status=TermStatus.CURRENT,
        )
        terms.append(current)
        term_of[(s_pk, body.kind)] = current
    Term.objects.bulk_create(terms)

    seats, officers = [], []
    for s in societies:
        people = pool[s.pk]
        council_people = people[: council_size[s.pk]]
        supervisors = people[council_size[s.pk] : council_size[s.pk] + 5]
        sg = people[-1]
        grassroots_rate = rng.uniform(0.08, 0.35)
        young_bias = rng.uniform(0.0, 0.25)
        council = term_of[(s.pk, BodyKind.COUNCIL)]
        for i, person in enumerate(council_people):
            year = person.birth_year or rng.randint(1955, 1988)
            if rng.random() < young_bias:
                year = rng.randint(today.year - 49, today.year - 35)
            seat_args = {
                "person": person,
                "birth_year": year,
                "grassroots": rng.random() < grassroots_rate,
                "sector": person.sector or rng.choice(SECTORS),
            }
            seats.append(Seat(term=council, **seat_args))
            if i < council_size[s.pk] // 3:
                seats.append(Seat(term=term_of[(s.pk, BodyKind.STANDING_COUNCIL)], **seat_args))
        for person in supervisors:
            seats.append(
                Seat(
                    term=term_of[(s.pk, BodyKind.SUPERVISORS)],
                    person=person,
                    birth_year=person.birth_year,
                    sector=person.sector,
                )
            )
        start = council.starts_on
        officers.append(
            Officer(
                society=s,
                term=council,
                person=council_people[0],
                position=OfficerPosition.PRESIDENT,
                starts_on=start,
            )
        )
        for person in council_people[1 : 1 + rng.randint(3, 6)]:
            officers.append(
                Officer(
                    society=s,
                    term=council,
                    person=person,
                    position=OfficerPosition.VICE_PRESIDENT,
                    starts_on=start,
                )
            )
        full_time = s.code == "ccs" or rng.random() < 0.8
        officers.append(
            Officer(
                society=s,
                term=council,
                person=sg,
                position=OfficerPosition.SECRETARY_GENERAL,
                full_time=full_time,
                starts_on=start,
            )
        )
        officers.append(
            Officer(
                society=s,
                term=term_of[(s.pk, BodyKind.SUPERVISORS)],
                person=supervisors[0],
                position=OfficerPosition.CHIEF_SUPERVISOR,
                starts_on=start,
            )
        )
        s.secretary_general_full_time = full_time  # R-GOV-04: follows the sitting secretary-general
    Seat.objects.bulk_create(seats)
    Officer.objects.bulk_create(officers)
    Society.objects.bulk_update(societies, ["business_scope_text", "secretary_general_full_time"])
    log(
        f"governance: {len(charters)} charter versions, {len(terms)} terms, {len(seats)} seats, "
        f"{len(officers)} officers; no Party clause: {', '.join(sorted(no_clause))}; "
        f"expired terms: {', '.join(sorted(expired))}"
    )
