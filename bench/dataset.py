"""The CAST-scale dataset: fills a migrated PostgreSQL database at a scale factor (1.0 = the real domain).

Full scale: 220 national societies (eight with 300,000–700,000 members, the rest lognormal around a few
thousand), 10,000 branch offices, 6,000,000 people each with a membership, 90,000 activity filings over
three years, 500 award programs with their rounds, nominations, review assignments and reviews, the
governance records a society has (charter, bodies, current terms, officers, council seats), and the
compliance findings of one real sweep of the engine over all of it. Every count scales linearly with the
factor (at least three societies).

The big tables are written by `INSERT … SELECT generate_series(…)` inside PostgreSQL (no row crosses the
wire); the small ones through the ORM's bulk_create. Names are Chinese (weighted surnames, one or two given
characters), mainland ID numbers carry a valid GB 11643 check digit (the 17th digit's parity matches the
gender), permit and passport numbers have the shapes members.validators accepts, discipline codes come from
the GB/T 13745 table the portal itself uses. Indexes and constraints are those of the migrations, so what a
benchmark measures is the real schema; VACUUM (ANALYZE) runs at the end.

`generate()` works on the default connection and expects migrated, empty portal tables; the management
command `bench_dataset` (core/management/commands) adds the dedicated database, the marker row that makes
`make bench` reuse an existing dataset of the same scale, and the printed load time.
"""

from __future__ import annotations

import csv
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

FULL = {
    "societies": 220,
    "people": 6_000_000,
    "branches": 10_000,
    "activities": 90_000,
    "programs": 500,
}
# The largest societies at full scale (members); the other 212 share the rest, lognormal.
HEAD = [700_000, 620_000, 540_000, 470_000, 410_000, 360_000, 330_000, 300_000]
REVIEWERS_PER_SOCIETY = 5
SEATS_PER_COUNCIL = 25
MARKER_TABLE = "bench_dataset"
PASSWORD = "bench-Passw0rd-15"  # noqa: S105 - the bench users' password, printed for wrk/curl on purpose

DISCIPLINES = Path(__file__).resolve().parent.parent / "societies" / "data" / "gbt13745-disciplines.csv"

SURNAMES = (
    "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 "
    "彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 "
    "石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 "
    "万 钱 严 覃 武 戴 莫 孔 向 汤 欧阳 司马 诸葛 上官"
).split()
GIVEN = (
    "伟 芳 娜 秀 英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 桂 华 建 国 文 辉 力 斌 "
    "宇 浩 凯 健 俊 帆 鹏 晨 博 欣 怡 婷 雪 琳 晶 颖 倩 佳 慧 嘉 子 梓 轩 涵 睿 思 雨 泽 宁 昊 "
    "然 一 诗 天 志 海 峰 云 飞 新 春 光 德 成 兰 玉 红 凤 梅 荣 莉 宏 波 亮 鑫 楠 琪 璐 瑶 蕾 "
    "薇 晓 东 立 永 振 冬 舒 航 远 哲 铭 卓 彬 瑞 琦 昕 玥"
).split()
UNIVERSITIES = (
    "北京大学 清华大学 浙江大学 复旦大学 上海交通大学 南京大学 中国科学技术大学 武汉大学 "
    "华中科技大学 中山大学 四川大学 西安交通大学 哈尔滨工业大学 同济大学 南开大学 天津大学 "
    "山东大学 吉林大学 厦门大学 东南大学 北京航空航天大学 北京理工大学 大连理工大学 "
    "华南理工大学 中南大学 重庆大学 兰州大学 东北大学 湖南大学 电子科技大学 西北工业大学 "
    "中国农业大学 北京师范大学 华东师范大学 中国海洋大学 郑州大学 云南大学 新疆大学 苏州大学 "
    "南京航空航天大学 北京协和医学院 首都医科大学 中国地质大学 中国矿业大学 华中农业大学 "
    "西北农林科技大学"
).split()
CAS_INSTITUTES = (
    "物理 化学 数学与系统科学 计算技术 自动化 半导体 力学 地质与地球物理 大气物理 植物 动物 "
    "微生物 生物物理 上海有机化学 大连化学物理 长春应用化学 金属 声学 光电技术 高能物理 "
    "地理科学与资源 遗传与发育生物学"
).split()
COMPANIES = (
    "中国石油化工集团有限公司 国家电网有限公司 中国航天科技集团有限公司 华为技术有限公司 "
    "中国中车股份有限公司 中国建筑集团有限公司 中国电子科技集团有限公司 "
    "中国商用飞机有限责任公司 中国核工业集团有限公司 中国移动通信集团有限公司 "
    "中国宝武钢铁集团有限公司 中国医药集团有限公司 比亚迪股份有限公司 中国船舶集团有限公司 "
    "中国兵器工业集团有限公司 中国华能集团有限公司 中国铁路工程集团有限公司"
).split()
CITIES = (
    "北京 上海 天津 重庆 广州 深圳 南京 杭州 武汉 成都 西安 沈阳 长春 哈尔滨 济南 青岛 郑州 "
    "长沙 合肥 福州 厦门 南昌 南宁 昆明 贵阳 兰州 西宁 银川 乌鲁木齐 呼和浩特 太原 石家庄 大连 "
    "宁波 苏州 无锡 海口 拉萨"
).split()
CITY_UNITS = (
    "市第一人民医院 市中心医院 市农业科学院 市疾病预防控制中心 市科学技术协会 理工学院 师范学院 "
    "市气象局 市规划设计研究院 市环境监测中心站 市中医医院 高新技术产业开发区管理委员会"
).split()
TITLES = [
    "教授",
    "副教授",
    "研究员",
    "副研究员",
    "高级工程师",
    "正高级工程师",
    "工程师",
    "助理研究员",
    "讲师",
    "主任医师",
    "副主任医师",
    "",
]
REGION_CODES = (
    "110101 110108 310104 310115 320102 320106 330106 340104 370102 420106 430104 440106 440305 "
    "500103 510107 610113 210102 220104 230103 120101 350102 360102 410105 450103 530102 620102 "
    "650102 130102"
).split()
SECTORS = ["university", "research_institute", "enterprise", "non_public", "government", "other"]
MAIL_DOMAINS = ["pku.edu.cn", "tsinghua.edu.cn", "cas.cn", "163.com", "qq.com", "126.com", "sina.com"]
ACTIVITY_KINDS = [
    ("seminar", "学术研讨会"),
    ("conference", "学术年会"),
    ("forum", "发展论坛"),
    ("popular_science", "科普活动"),
    ("training", "继续教育培训班"),
    ("tech_service", "科技咨询服务"),
    ("volunteer_service", "科技志愿服务"),
    ("overseas_exchange", "国际学术交流"),
]
BRANCH_SUFFIXES = ["专业委员会", "分会", "工作委员会"]
BRANCH_AREAS = ["", "（华北）", "（东北）", "（华东）", "（华中）", "（华南）", "（西南）", "（西北）"]
AWARD_CATEGORIES = [
    ("progress", "科学技术进步奖"),
    ("youth", "青年科技奖"),
    ("popular_science", "科普奖"),
    ("innovation", "技术发明奖"),
    ("lifetime", "终身成就奖"),
]
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def employers() -> list[str]:
    """About 600 employers, most-cited first (the generator picks them with a skew toward the head)."""
    out = list(UNIVERSITIES)
    out += [f"中国科学院{name}研究所" for name in CAS_INSTITUTES]
    out += list(COMPANIES)
    out += [f"{city}{unit}" for unit in CITY_UNITS for city in CITIES]
    return out


def discipline_table() -> tuple[list[tuple[str, str]], dict[str, list[tuple[str, str]]]]:
    """(level-1 codes and names of the natural sciences, engineering, agriculture and medicine; their
    level-2 children) from the GB/T 13745 table the portal validates against."""
    parents: list[tuple[str, str]] = []
    children: dict[str, list[tuple[str, str]]] = {}
    with DISCIPLINES.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["level"] == "1" and int(row["code"]) < 700:
                parents.append((row["code"], row["name"]))
            elif row["level"] == "2":
                children.setdefault(row["parent"], []).append((row["code"], row["name"]))
    parents = [p for p in parents if children.get(p[0])]
    return parents, children


def discipline_group(code: str) -> str:
    first = int(code[0])
    return {1: "science", 2: "agriculture", 3: "medicine"}.get(
        first, "engineering" if first <= 6 else "other"
    )


def society_sizes(scale: float, rng: random.Random) -> list[int]:
    """Members per society, largest first: the full-scale distribution sampled every 1/scale-th society
    and rescaled to 6,000,000 × scale members in all."""
    tail_n = FULL["societies"] - len(HEAD)
    raw = sorted((rng.lognormvariate(0, 1.1) for _ in range(tail_n)), reverse=True)
    tail_total = FULL["people"] - sum(HEAD)
    tail = [max(800, round(x * tail_total / sum(raw))) for x in raw]
    tail = [min(t, 200_000) for t in tail]
    tail[-1] += tail_total - sum(tail)  # exact total, the remainder on the smallest
    full = sorted(HEAD + tail, reverse=True)
    n = max(3, round(FULL["societies"] * scale))
    sampled = full if n >= len(full) else [full[min(len(full) - 1, int(i / scale))] for i in range(n)]
    total = max(n * 50, round(FULL["people"] * scale))
    sizes = [max(50, round(s * total / sum(sampled))) for s in sampled]
    sizes[0] += total - sum(sizes)
    return sizes


def spread(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """`total` split by weights (largest remainder), each at least `minimum`."""
    base = [minimum] * len(weights)
    rest = max(0, total - minimum * len(weights))
    shares = [w * rest / sum(weights) for w in weights]
    counts = [math.floor(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in order[: rest - sum(counts)]:
        counts[i] += 1
    return [b + c for b, c in zip(base, counts, strict=True)]


@dataclass
class Plan:
    scale: float
    sizes: list[int]
    branches: list[int]
    activities: list[int]
    programs: list[int]

    @property
    def people(self) -> int:
        return sum(self.sizes)


def plan(scale: float, seed: int = 15) -> Plan:
    rng = random.Random(seed)
    sizes = society_sizes(scale, rng)
    weights = [math.sqrt(s) for s in sizes]
    n = len(sizes)
    branches = spread(max(n, round(FULL["branches"] * scale)), weights, minimum=1)
    activities = spread(round(FULL["activities"] * scale), [b + 2 for b in branches])
    programs = spread(max(1, round(FULL["programs"] * scale)), weights)
    return Plan(scale, sizes, branches, activities, programs)


@dataclass
class Society:
    idx: int
    pk: int
    code: str
    scope: str
    children: list[tuple[str, str]]
    person_lo: int
    size: int
    secretary: int = 0
    reviewers: list[int] = field(default_factory=list)
    branch_ids: list[int] = field(default_factory=list)


def _check_digit_sql(body: str) -> str:
    """SQL for the GB 11643 check character of the 17-character text expression `body`."""
    terms = " + ".join(f"substr({body}, {k + 1}, 1)::int * {w}" for k, w in enumerate(_ID_WEIGHTS))
    return f"substr('10X98765432', mod({terms}, 11) + 1, 1)"


def _pick(array_param: str, n: int, skew: float = 1.0) -> str:
    """SQL picking one element of a text[] parameter, uniformly (skew 1) or toward its head (skew > 1)."""
    r = "random()" if skew == 1.0 else f"power(random(), {skew})"
    return f"({array_param}::text[])[1 + least({n - 1}, floor({r} * {n})::int)]"


PEOPLE_SQL = """
WITH src AS (
    SELECT g AS i, g - %(lo)s AS k, random() AS r_region, random() AS r_tier, random() AS r_status,
           date '1950-01-01' + mod(g, 20000) AS bd,
           lpad(mod(g / 20000, 1000)::text, 3, '0') AS seq
    FROM generate_series(%(lo)s, %(hi)s) AS g
), p AS (
    SELECT *, {region_code} || to_char(bd, 'YYYYMMDD') || seq AS body,
           CASE WHEN r_region < 0.965 THEN 'mainland' WHEN r_region < 0.975 THEN 'hong_kong'
                WHEN r_region < 0.978 THEN 'macao' WHEN r_region < 0.983 THEN 'taiwan' ELSE 'foreign' END
               AS region
    FROM src
), people AS (
    INSERT INTO members_person (id, name, gender, birth_date, id_type, id_number, region, employer, sector,
                                title, disciplines, email, phone, created_at)
    SELECT i,
           {surname} || {given} || CASE WHEN random() < 0.7 THEN {given} ELSE '' END,
           CASE WHEN mod(substr(seq, 3, 1)::int, 2) = 1 THEN 'male' ELSE 'female' END,
           bd,
           CASE WHEN region = 'mainland' THEN 'mainland_id' WHEN region = 'foreign' THEN 'passport'
                ELSE 'hmt_permit' END,
           CASE WHEN region = 'mainland' THEN body || {check}
                WHEN region = 'foreign' THEN 'E' || lpad(i::text, 9, '0')
                ELSE upper(substr(region, 1, 1)) || lpad(i::text, 9, '0') END,
           region,
           {employer},
           {sector},
           {title},
           jsonb_build_array({discipline}),
           'm' || i || '@' || {domain},
           '1' || (array['3','5','7','8','9'])[1 + floor(random() * 5)::int]
               || lpad(mod(i::bigint * 7919, 1000000000)::text, 9, '0'),
           now() - random() * interval '3650 days'
    FROM p
    RETURNING id
)
INSERT INTO members_membership (society_id, person_id, tier, category, status, number, joined_on,
                                valid_until, fees_paid)
SELECT %(society)s, s.i,
       CASE WHEN s.r_tier < 0.15 THEN 'student' WHEN s.r_tier < 0.75 THEN 'ordinary'
            WHEN s.r_tier < 0.93 THEN 'senior' WHEN s.r_tier < 0.99 THEN 'fellow' ELSE 'honorary' END,
       'individual',
       CASE WHEN s.r_status < 0.88 THEN 'active' WHEN s.r_status < 0.96 THEN 'lapsed'
            WHEN s.r_status < 0.99 THEN 'withdrawn' ELSE 'expelled' END,
       %(prefix)s || lpad((s.k + 1)::text, 7, '0'),
       date '2000-01-01' + floor(random() * 9400)::int,
       CASE WHEN s.r_status < 0.88 THEN %(valid_until)s::date ELSE %(lapsed_on)s::date END,
       CASE WHEN s.r_tier < 0.15 THEN 50 WHEN s.r_tier < 0.75 THEN 200 ELSE 500 END
FROM src s JOIN people ON people.id = s.i
"""

ACTIVITIES_SQL = """
WITH src AS (
    SELECT g, random() AS r_kind, random() AS r_status, random() AS r_branch,
           (%(today)s::date + 60 - floor(random() * 1155)::int) AS starts_on,
           floor(random() * 3)::int AS days
    FROM generate_series(1, %(n)s) AS g
)
INSERT INTO activities_activity (
    society_id, branch_id, title, kind, role, duties, name_only, partners, starts_on, ends_on, location,
    is_overseas, scope_codes, participants, budget, participant_fee, fee_to_society,
    requires_member_sponsorship, foreign_partner, foreign_donation, foreign_affairs_approval_ref,
    approval_ref, status, is_late, submitted_at, decided_at, comment, created_by_id, created_at,
    actual_participants, summary)
SELECT %(society)s,
       CASE WHEN r_branch < 0.6 THEN (%(branches)s::bigint[])[1 + mod(g, %(nb)s)] END,
       extract(year FROM starts_on)::int || '年' || {city} || {label},
       (%(kinds)s::text[])[1 + floor(r_kind * %(nk)s)::int],
       'host', '主办，负责学术组织与会务', false, '', starts_on, starts_on + days,
       {city_place},
       false, %(scope)s::jsonb, 50 + floor(random() * 950)::int, round((random() * 200000)::numeric, 2),
       0, 0, false, '', 0, '', '',
       CASE WHEN starts_on > %(today)s::date THEN
                CASE WHEN r_status < 0.45 THEN 'submitted' WHEN r_status < 0.85 THEN 'approved'
                     WHEN r_status < 0.95 THEN 'draft' ELSE 'returned' END
            ELSE CASE WHEN r_status < 0.86 THEN 'approved' WHEN r_status < 0.90 THEN 'rejected'
                      WHEN r_status < 0.93 THEN 'returned' WHEN r_status < 0.97 THEN 'submitted'
                      ELSE 'draft' END
       END,
       false,
       CASE WHEN r_status < 0.97 OR starts_on > %(today)s::date THEN
           (starts_on - 25)::timestamp AT TIME ZONE 'Asia/Shanghai' END,
       CASE WHEN (starts_on > %(today)s::date AND r_status >= 0.45 AND r_status < 0.85)
              OR (starts_on <= %(today)s::date AND r_status < 0.93) THEN
           (starts_on - 18)::timestamp AT TIME ZONE 'Asia/Shanghai' END,
       '',
       %(creator)s, (starts_on - 30)::timestamp AT TIME ZONE 'Asia/Shanghai',
       NULL, ''
FROM src
"""


class Generator:
    def __init__(self, scale: float, *, seed: int = 15, log: Callable[[str], None] = print):
        self.scale = scale
        self.seed = seed
        self.log = log
        self.rng = random.Random(seed)
        self.plan = plan(scale, seed)
        self.today = date.today()
        self.timings: dict[str, float] = {}
        self.societies: list[Society] = []

    # --- helpers ---------------------------------------------------------------------------------------
    def _phase(self, name: str, fn: Callable[[], None]) -> None:
        started = time.perf_counter()
        fn()
        self.timings[name] = round(time.perf_counter() - started, 2)
        self.log(f"  {name:<28} {self.timings[name]:8.1f} s")

    def _sql(self, sql: str, params=None) -> None:
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute(sql, params)

    # --- phases ----------------------------------------------------------------------------------------
    def run(self, *, sweep: bool = True) -> dict:
        from django.db import connection, transaction

        started = time.perf_counter()
        self.log(
            f"bench dataset at scale {self.scale}: {len(self.plan.sizes)} societies, {self.plan.people:,} "
            f"people, {sum(self.plan.branches):,} branches, {sum(self.plan.activities):,} filings, "
            f"{sum(self.plan.programs):,} award programs"
        )
        with transaction.atomic():
            self._sql("SET LOCAL jit = off")
            self._sql("SELECT setseed(%s)", [(self.seed % 100) / 100])
            self._phase("societies and users", self.societies_and_users)
            self._phase("people and memberships", self.people)
            self._phase("governance", self.governance)
            self._phase("branches", self.branches)
            self._phase("activity filings", self.activities)
            self._phase("awards", self.awards)
        if sweep:
            self._phase("compliance sweep (findings)", self.findings)
        with connection.cursor() as cur:
            t = time.perf_counter()
            # VACUUM too, not only ANALYZE: a database that has been running is kept vacuumed by
            # autovacuum, and without the visibility map a count cannot be answered from the index
            # alone (members of the largest society: 51 ms before, 18 ms after; all 6M people 411 → 144).
            # (ANALYZE alone inside a transaction — the tests build small datasets in one; VACUUM can't.)
            cur.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
            self.timings["analyze"] = round(time.perf_counter() - t, 2)
        self.timings["total"] = round(time.perf_counter() - started, 2)
        self.log(f"  {'VACUUM (ANALYZE)':<28} {self.timings['analyze']:8.1f} s")
        self.log(f"  {'total':<28} {self.timings['total']:8.1f} s")
        return {"scale": self.scale, "counts": counts(), "timings": self.timings}

    def societies_and_users(self) -> None:
        from django.contrib.auth.hashers import make_password
        from django.contrib.auth.models import Group, Permission
        from django.contrib.contenttypes.models import ContentType
        from guardian.models import UserObjectPermission

        from accounts.models import User
        from societies.models import Society as SocietyModel
        from societies.validators import credit_code_check_char

        parents, children = discipline_table()
        # distinct level-2 disciplines, round robin over their parents, as the societies' names
        queues = [list(children[p[0]]) for p in parents]
        picks: list[tuple[str, str, str]] = []
        while len(picks) < len(self.plan.sizes):
            for (pcode, _pname), queue in zip(parents, queues, strict=True):
                if queue and len(picks) < len(self.plan.sizes):
                    code, name = queue.pop(0)
                    picks.append((pcode, code, name))
        rows = []
        for idx, (pcode, _code, name) in enumerate(picks):
            body = f"51100000{idx + 1:09d}"
            rows.append(
                SocietyModel(
                    code=f"s{idx + 1:03d}",
                    name=f"中国{name}学会",
                    discipline=discipline_group(pcode),
                    credit_code=body + credit_code_check_char(body),
                    founded_on=date(1950 + idx % 60, 1 + idx % 12, 1),
                    business_scope=[pcode],
                    business_scope_text=f"{name}及相关学科的学术交流、科学普及、人才举荐与咨询服务",
                    secretary_general_full_time=idx % 5 != 0,
                )
            )
        created = SocietyModel.objects.bulk_create(rows)
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("SELECT coalesce(max(id), 0) FROM members_person")
            next_person = cur.fetchone()[0] + 1
        for idx, (society, size) in enumerate(zip(created, self.plan.sizes, strict=True)):
            pcode = picks[idx][0]
            self.societies.append(
                Society(idx, society.pk, society.code, pcode, children[pcode], next_person, size)
            )
            next_person += size

        password = make_password(PASSWORD)
        users = [User(username="bench_admin", name="基准管理员", password=password)]
        for s in self.societies:
            users.append(User(username=f"bench_sec_{s.code}", name=f"{s.code}秘书", password=password))
            users += [
                User(username=f"bench_rev_{s.code}_{k}", name=f"{s.code}评审专家{k}", password=password)
                for k in range(REVIEWERS_PER_SOCIETY)
            ]
        users = User.objects.bulk_create(users)
        users[0].groups.add(Group.objects.get_or_create(name="cast_admin")[0])
        self.admin_id = users[0].pk
        ct = ContentType.objects.get_for_model(SocietyModel)
        manage = Permission.objects.get(content_type=ct, codename="manage_society")
        review = Permission.objects.get(content_type=ct, codename="review_awards")
        perms = []
        per = 1 + REVIEWERS_PER_SOCIETY
        for s in self.societies:
            block = users[1 + s.idx * per : 1 + (s.idx + 1) * per]
            s.secretary = block[0].pk
            s.reviewers = [u.pk for u in block[1:]]
            assert s.reviewers == list(range(s.reviewers[0], s.reviewers[0] + REVIEWERS_PER_SOCIETY))
            perms.append(
                UserObjectPermission(user=block[0], permission=manage, content_type=ct, object_pk=str(s.pk))
            )
            perms += [
                UserObjectPermission(user=u, permission=review, content_type=ct, object_pk=str(s.pk))
                for u in block[1:]
            ]
        UserObjectPermission.objects.bulk_create(perms)

    def people(self) -> None:
        """6M rows into two tables with five secondary indexes and two foreign keys: maintaining them row by
        row costs ~4× the load, so their definitions are read from the catalogue, dropped, and recreated
        unchanged after the load (a sorted index build; one validating scan per foreign key)."""
        with _without_secondary_indexes(["members_person", "members_membership"], self.log):
            self._load_people()

    def _load_people(self) -> None:
        emp = employers()
        disciplines = [code for s in self.societies for code, _ in s.children]
        sql = PEOPLE_SQL.format(
            region_code=_pick("%(regions)s", len(REGION_CODES)),
            surname=_pick("%(surnames)s", len(SURNAMES), 1.8),
            given=_pick("%(given)s", len(GIVEN), 1.3),
            check=_check_digit_sql("body"),
            employer=_pick("%(employers)s", len(emp), 2.5),
            sector=_pick("%(sectors)s", len(SECTORS), 1.5),
            title=_pick("%(titles)s", len(TITLES)),
            discipline="(%(codes)s::text[])[1 + floor(random() * %(ncodes)s)::int]",
            domain=_pick("%(domains)s", len(MAIL_DOMAINS)),
        )
        year = self.today.year
        done = 0
        for s in self.societies:
            codes = [code for code, _ in s.children] or disciplines
            self._sql(
                sql,
                {
                    "lo": s.person_lo,
                    "hi": s.person_lo + s.size - 1,
                    "society": s.pk,
                    "prefix": f"{s.code.upper()}-",
                    "valid_until": date(year, 12, 31),
                    "lapsed_on": date(year - 1, 12, 31),
                    "regions": REGION_CODES,
                    "surnames": SURNAMES,
                    "given": GIVEN,
                    "employers": emp,
                    "sectors": SECTORS,
                    "titles": TITLES,
                    "codes": codes,
                    "ncodes": len(codes),
                    "domains": MAIL_DOMAINS,
                },
            )
            done += s.size
            if s.size >= 100_000:
                self.log(f"    {s.code}: {s.size:,} members ({done:,} of {self.plan.people:,})")
        self._sql(
            "SELECT setval(pg_get_serial_sequence('members_person', 'id'), "
            "(SELECT max(id) FROM members_person))"
        )

    def governance(self) -> None:
        from societies.models import CharterVersion, GovernanceBody, Officer, Seat, Term

        charters, bodies = [], []
        for s in self.societies:
            charters.append(
                CharterVersion(
                    society_id=s.pk,
                    version=1,
                    adopted_on=date(self.today.year - 3, 6, 1),
                    has_party_leadership_clause=s.idx % 9 != 0,
                    business_scope=[s.scope],
                    recorded_by_id=self.admin_id,
                )
            )
            for kind in ("congress", "council", "standing_council", "supervisors", "office"):
                bodies.append(GovernanceBody(society_id=s.pk, kind=kind))
        CharterVersion.objects.bulk_create(charters)
        bodies = GovernanceBody.objects.bulk_create(bodies)
        start = date(self.today.year - 2, 5, 1)
        terms = Term.objects.bulk_create(
            [
                Term(
                    body=b,
                    number=1 + self.rng.randrange(8),
                    starts_on=start,
                    ends_on=start.replace(year=start.year + 5),
                    seats=SEATS_PER_COUNCIL if b.kind == "council" else 9,
                )
                for b in bodies
            ]
        )
        council = {t.body.society_id: t for t in terms if t.body.kind == "council"}
        officers, seats = [], []
        for s in self.societies:
            officers += [
                Officer(society_id=s.pk, person_id=s.person_lo, position="president", starts_on=start),
                Officer(
                    society_id=s.pk,
                    person_id=s.person_lo + 1,
                    position="secretary_general",
                    full_time=s.idx % 5 != 0,
                    starts_on=start,
                ),
                Officer(
                    society_id=s.pk, person_id=s.person_lo + 2, position="vice_president", starts_on=start
                ),
            ]
            seats += [
                Seat(
                    term=council[s.pk],
                    person_id=s.person_lo + k,
                    birth_year=1955 + self.rng.randrange(35),
                    grassroots=self.rng.random() < 0.2,
                    sector=self.rng.choice(SECTORS),
                )
                for k in range(min(SEATS_PER_COUNCIL, s.size))
            ]
        Officer.objects.bulk_create(officers)
        Seat.objects.bulk_create(seats)

    def branches(self) -> None:
        from branches.models import Branch

        rows = []
        now = self._now()
        for s, n in zip(self.societies, self.plan.branches, strict=True):
            names = (
                (code, f"{name}{suffix}{area}")
                for area in [*BRANCH_AREAS, *(f"（{k}）" for k in range(1, 10_000))]
                for suffix in BRANCH_SUFFIXES
                for code, name in s.children
            )
            for k in range(n):
                code, name = next(names)
                r = self.rng.random()
                status = (
                    "active"
                    if r < 0.86
                    else "rectifying"
                    if r < 0.90
                    else "revoked"
                    if r < 0.93
                    else "proposed"
                    if r < 0.96
                    else "submitted"
                    if r < 0.98
                    else "rejected"
                )
                established = self.today - timedelta(days=200 + self.rng.randrange(8000))
                rows.append(
                    Branch(
                        society_id=s.pk,
                        name=name,
                        kind="representative" if k % 25 == 24 else "branch",
                        business_scope=[code],
                        status=status,
                        established_on=established if status in ("active", "rectifying", "revoked") else None,
                        purpose=f"组织{name[:12]}领域的学术交流与科普活动",
                        rectification_deadline=self.today + timedelta(days=60)
                        if status == "rectifying"
                        else None,
                        revoked_on=self.today - timedelta(days=90) if status == "revoked" else None,
                        submitted_at=now - timedelta(days=10) if status != "proposed" else None,
                        decided_at=now - timedelta(days=5)
                        if status not in ("proposed", "submitted")
                        else None,
                        created_at=now - timedelta(days=30),
                        created_by_id=s.secretary,
                    )
                )
        created = Branch.objects.bulk_create(rows, batch_size=2000)
        by_society: dict[int, list[int]] = {}
        for b in created:
            by_society.setdefault(b.society_id, []).append(b.pk)
        for s in self.societies:
            s.branch_ids = by_society.get(s.pk, [])
        # a director and a secretary-general for each branch, from its society's members
        self._sql(
            """
            INSERT INTO branches_branchofficer (branch_id, person_id, name, position, since)
            SELECT b.id, p.id, p.name, pos.position, b.established_on
            FROM branches_branch b
            JOIN (SELECT unnest(%(societies)s::bigint[]) AS society_id, unnest(%(los)s::bigint[]) AS lo,
                         unnest(%(sizes)s::bigint[]) AS size) s ON s.society_id = b.society_id
            CROSS JOIN (VALUES (0, 'director'), (1, 'secretary_general')) AS pos(k, position)
            JOIN members_person p ON p.id = s.lo + mod(b.id * 2 + pos.k + 7, s.size)
            WHERE b.society_id = ANY(%(societies)s::bigint[])
            """,
            {
                "societies": [s.pk for s in self.societies],
                "los": [s.person_lo for s in self.societies],
                "sizes": [s.size for s in self.societies],
            },
        )

    def activities(self) -> None:
        sql = ACTIVITIES_SQL.format(
            city=_pick("%(cities)s", len(CITIES)),
            label="%(label)s",
            city_place=_pick("%(cities)s", len(CITIES)) + " || '国际会议中心'",
        )
        kinds = [k for k, _ in ACTIVITY_KINDS[:6]]
        for s, n in zip(self.societies, self.plan.activities, strict=True):
            if not n:
                continue
            self._sql(
                sql,
                {
                    "n": n,
                    "today": self.today,
                    "society": s.pk,
                    "branches": s.branch_ids or [None],
                    "nb": max(1, len(s.branch_ids)),
                    "cities": CITIES,
                    "label": s.children[0][1] + ACTIVITY_KINDS[s.idx % 6][1] if s.children else "学术研讨会",
                    "kinds": kinds,
                    "nk": len(kinds),
                    "scope": f'["{s.scope}"]',
                    "creator": s.secretary,
                },
            )
        # one submitted version per filing that was ever submitted (the reviewers' diff reads them)
        self._sql(
            """
            INSERT INTO activities_activityversion (activity_id, number, data, submitted_by_id, submitted_at)
            SELECT a.id, 1, jsonb_build_object('title', a.title, 'starts_on', a.starts_on::text,
                                               'location', a.location),
                   a.created_by_id, a.submitted_at
            FROM activities_activity a
            WHERE a.submitted_at IS NOT NULL AND a.society_id = ANY(%(societies)s::bigint[])
            """,
            {"societies": [s.pk for s in self.societies]},
        )
        from branches import activity_dates

        activity_dates.refresh()  # the branches' last approved activity (loaded by SQL: no signals)

    def awards(self) -> None:
        from awards.models import AwardProgram, AwardRound

        now = self._now()
        programs = []
        for s, n in zip(self.societies, self.plan.programs, strict=True):
            for k in range(n):
                category, label = AWARD_CATEGORIES[k % len(AWARD_CATEGORIES)]
                r = self.rng.random()
                status = (
                    "listed"
                    if r < 0.85
                    else "submitted"
                    if r < 0.90
                    else "draft"
                    if r < 0.95
                    else "suspended"
                    if r < 0.98
                    else "withdrawn"
                )
                name = f"{s.children[k % len(s.children)][1] if s.children else ''}{label}"
                if k >= len(AWARD_CATEGORIES):
                    name += f"（第{k // len(AWARD_CATEGORIES) + 1}类）"
                programs.append(
                    AwardProgram(
                        society_id=s.pk,
                        name=name,
                        category=category,
                        quota=5 + self.rng.randrange(20),
                        member_nominations=k % 2 == 0,
                        approval_ref=f"科协函学字〔{self.today.year - 3}〕{100 + k}号"
                        if status != "draft"
                        else "",
                        description=f"表彰在{name[:10]}领域作出突出贡献的科技工作者。",
                        status=status,
                        created_by_id=s.secretary,
                        submitted_at=now - timedelta(days=1000) if status != "draft" else None,
                        listed_at=now - timedelta(days=990)
                        if status in ("listed", "suspended", "withdrawn")
                        else None,
                    )
                )
        programs = AwardProgram.objects.bulk_create(programs)
        year = self.today.year
        rounds = []
        for p in programs:
            if p.status not in ("listed", "suspended", "withdrawn"):
                continue
            for y in (year - 2, year - 1, year):
                if y == year and p.status != "listed":
                    continue
                current = y == year
                rounds.append(
                    AwardRound(
                        program=p,
                        year=y,
                        nominations_open_on=date(y, 3, 1),
                        nominations_close_on=date(y, 5, 31),
                        status=("open" if p.pk % 2 else "reviewing") if current else "published",
                        proposed_at=None if current else now.replace(year=y, month=9, day=1),
                        published_at=None if current else now.replace(year=y, month=10, day=1),
                    )
                )
        AwardRound.objects.bulk_create(rounds)
        soc = {s.pk: s for s in self.societies}
        params = {
            "societies": list(soc),
            "los": [s.person_lo for s in soc.values()],
            "sizes": [s.size for s in soc.values()],
            "secretaries": [s.secretary for s in soc.values()],
            "reviewer0": [s.reviewers[0] for s in soc.values()],
        }
        soc_table = """(SELECT unnest(%(societies)s::bigint[]) AS society_id, unnest(%(los)s::bigint[]) AS lo,
                        unnest(%(sizes)s::bigint[]) AS size, unnest(%(secretaries)s::bigint[]) AS secretary,
                        unnest(%(reviewer0)s::bigint[]) AS reviewer0) s"""
        # 20 nominations a round (10 in an open one), a contiguous run of the society's members
        self._sql(
            f"""
            INSERT INTO awards_nomination (round_id, nominee_id, nominator_kind, nominating_unit, statement,
                                           status, proposed_winner, submitted_by_id, submitted_at)
            SELECT r.id, s.lo + mod(r.id * 7919 + g, s.size), 'secretariat', p.name, '主要贡献：' || p.name,
                   CASE WHEN r.status = 'published' THEN
                        CASE WHEN g <= least(pr.quota, 6) THEN 'winner' ELSE 'not_awarded' END
                        ELSE 'submitted' END,
                   r.status = 'published' AND g <= least(pr.quota, 6),
                   s.secretary, r.nominations_open_on + 20
            FROM awards_awardround r
            JOIN awards_awardprogram pr ON pr.id = r.program_id
            JOIN {soc_table} ON s.society_id = pr.society_id
            CROSS JOIN LATERAL generate_series(1, least(s.size,
                        CASE WHEN r.status = 'open' THEN 10 ELSE 20 END)) AS g
            JOIN members_person p ON p.id = s.lo + mod(r.id * 7919 + g, s.size)
            WHERE pr.society_id = ANY(%(societies)s::bigint[])
            """,
            params,
        )
        # three reviewers of the society per nomination of a round in or past review
        for table, extra_cols, extra_vals in (
            (
                "awards_reviewassignment",
                "assigned_by_id, assigned_at, due_on",
                "s.secretary, n.submitted_at, NULL",
            ),
            (
                "awards_review",
                "score, conflict_declared, comment, submitted_at",
                "60 + floor(random() * 40)::int, false, '', n.submitted_at + interval '30 days'",
            ),
        ):
            where = "r.status IN ('reviewing', 'published')"
            if table == "awards_review":
                where += " AND (r.status = 'published' OR mod(n.id + k, 2) = 0)"
            self._sql(
                f"""
                INSERT INTO {table} (nomination_id, reviewer_id, {extra_cols})
                SELECT n.id, s.reviewer0 + mod(n.id + k, {REVIEWERS_PER_SOCIETY}), {extra_vals}
                FROM awards_nomination n
                JOIN awards_awardround r ON r.id = n.round_id
                JOIN awards_awardprogram pr ON pr.id = r.program_id
                JOIN {soc_table} ON s.society_id = pr.society_id
                CROSS JOIN generate_series(0, 2) AS k
                WHERE {where} AND pr.society_id = ANY(%(societies)s::bigint[])
                """,
                params,
            )

    def findings(self) -> None:
        """One real sweep of the compliance engine opens the findings; a share is then followed up."""
        from compliance import engine

        sweep = engine.new_sweep(actor=None, society=None, trigger="schedule")
        engine.run(sweep.pk)
        self._sql(
            """
            UPDATE compliance_finding SET status = CASE mod(id, 10) WHEN 0 THEN 'acknowledged'
                WHEN 1 THEN 'rectifying' ELSE status END
            WHERE status = 'open' AND society_id = ANY(%(societies)s::bigint[])
            """,
            {"societies": [s.pk for s in self.societies]},
        )

    def _now(self):
        from django.utils import timezone

        return timezone.now()


class _without_secondary_indexes:
    """Drop the non-primary-key indexes, unique and foreign-key constraints of `tables`, and recreate them
    exactly as the catalogue defined them on the way out (the schema the benchmarks read is the
    migrations' own)."""

    def __init__(self, tables: list[str], log: Callable[[str], None]):
        self.tables = tables
        self.log = log
        self.constraints: list[tuple[str, str, str]] = []
        self.indexes: list[tuple[str, str]] = []

    def __enter__(self):
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute(
                """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
                   FROM pg_constraint c WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('u', 'f')
                   ORDER BY c.contype, c.conname""",
                [self.tables],
            )
            self.constraints = cur.fetchall()
            cur.execute(
                """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
                   WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
                     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                                     AND c.contype IN ('u', 'p', 'x'))
                   ORDER BY 1""",
                [self.tables],
            )
            self.indexes = cur.fetchall()
            for table, name, _definition in self.constraints:
                cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _definition in self.indexes:
                cur.execute(f"DROP INDEX {name}")
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            return False  # the surrounding transaction rolls the drops back
        from django.db import connection

        started = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for _name, definition in self.indexes:
                cur.execute(definition)
            for table, name, definition in reversed(self.constraints):  # unique before foreign keys
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        self.log(
            f"    rebuilt {len(self.indexes)} indexes and {len(self.constraints)} constraints "
            f"in {time.perf_counter() - started:.1f} s"
        )
        return False


COUNTED = [
    ("societies", "societies_society"),
    ("people", "members_person"),
    ("memberships", "members_membership"),
    ("branches", "branches_branch"),
    ("branch_officers", "branches_branchofficer"),
    ("activities", "activities_activity"),
    ("award_programs", "awards_awardprogram"),
    ("award_rounds", "awards_awardround"),
    ("nominations", "awards_nomination"),
    ("review_assignments", "awards_reviewassignment"),
    ("reviews", "awards_review"),
    ("findings", "compliance_finding"),
    ("users", "accounts_user"),
]


def counts() -> dict[str, int]:
    from django.db import connection

    out = {}
    with connection.cursor() as cur:
        for label, table in COUNTED:
            cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            out[label] = cur.fetchone()[0]
    return out


# --- the marker: which scale the database holds --------------------------------------------------------


def existing(scale: float) -> dict | None:
    """The marker row of a finished dataset of this scale in the default database, or None."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cur.fetchone()[0] is None:
            return None
        cur.execute(f"SELECT scale, created_at, info FROM {MARKER_TABLE} WHERE scale = %s", [scale])  # noqa: S608
        row = cur.fetchone()
    if row is None:
        return None
    import json

    info = json.loads(row[2]) if isinstance(row[2], str) else row[2]  # Django leaves jsonb undecoded
    return {"scale": float(row[0]), "created_at": row[1].isoformat(), **info}


def mark(scale: float, info: dict) -> None:
    import json

    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (scale numeric PRIMARY KEY, "
            "created_at timestamptz NOT NULL DEFAULT now(), info jsonb NOT NULL)"
        )
        cur.execute(
            f"INSERT INTO {MARKER_TABLE} (scale, info) VALUES (%s, %s) "  # noqa: S608
            "ON CONFLICT (scale) DO UPDATE SET info = EXCLUDED.info, created_at = now()",
            [scale, json.dumps(info, default=str)],
        )


def generate(scale: float, *, seed: int = 15, sweep: bool = True, log: Callable[[str], None] = print) -> dict:
    return Generator(scale, seed=seed, log=log).run(sweep=sweep)
