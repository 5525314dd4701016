"""The one place test data is built (STYLE.md §8): one factory_boy factory per model, one helper for each
kind of identity number, and the payload builders the services take. `tests/test_factories.py` keeps it
that way. Fixtures (conftest.py) build through these; a test passes what it relies on explicitly."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.services import grant_role
from activities.models import Activity
from awards.models import AwardProgram, AwardRound, Nomination, Review, ReviewAssignment
from branches.models import Branch, BranchResolution, BranchStatus
from members.choices import CreditKind, IdType, Region
from members.models import CreditRecord, Membership, MembershipApplication, Person, TrainingRecord
from members.validators import mainland_id_check_char
from party_building.models import Donation, Election, Expenditure, MajorMatter, PartyOrganization
from societies.models import CharterVersion, GovernanceBody, Officer, Seat, Society, Term
from societies.validators import credit_code_check_char

PASSWORD = "Test-Passw0rd-2026"

# --- identity numbers ------------------------------------------------------------------------------

_fresh_ids = itertools.count()


def _mainland_id(area: str, birth: str, seq: int) -> str:
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + mainland_id_check_char(first17)


def valid_mainland_id(n: int | None = None, birth: str = "19850312") -> str:
    """A resident ID number with a correct GB 11643 check digit, born on `birth` (YYYYMMDD).

    `valid_mainland_id(7)` is always the same number (area 110108, sequence 007 of that birth date);
    without `n` every call gives a new one, from other area codes, so it never equals a picked one."""
    if n is not None:
        return _mainland_id("110108", birth, n % 1000)
    k = next(_fresh_ids)
    return _mainland_id(str(120101 + k // 1000), birth, k % 1000)


def make_credit_code(n: int) -> str:
    """A unified social credit code with a correct GB 32100 check character; the same for the same `n`."""
    body = f"511000000{n:08d}"
    return body + credit_code_check_char(body)


def wrong_check_digit(number: str) -> str:
    """`number` (an 18-character ID number or credit code) with a wrong check character."""
    return number[:17] + ("0" if number[17] != "0" else "1")


# --- accounts and societies ------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """A user who logs in with PASSWORD; `roles=[{"role": ..., "society": ...}]` grants roles."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for row in extracted or ():
            grant_role(actor=None, user=self, **row)


class SocietyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Society

    code = factory.Sequence(lambda n: f"soc{n}")
    name = factory.Sequence(lambda n: f"测试学会{n}")
    name_en = factory.Sequence(lambda n: f"Test Society {n}")
    discipline = "science"
    credit_code = factory.Sequence(make_credit_code)
    business_scope = factory.LazyFunction(lambda: ["150"])


def society_registration_data(**overrides) -> dict:
    """What CAST enters to register a society (web form and `POST societies/`)."""
    data = {
        "code": "cms",
        "name": "中国数学会",
        "name_en": "Chinese Mathematical Society",
        "discipline": "science",
        "credit_code": make_credit_code(90001),
        "business_scope": ["110", "11014"],
        "business_scope_text": "数学研究与交流",
        "founded_on": "1935-07-25",
    }
    data.update(overrides)
    return data


class CharterVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharterVersion

    society = factory.SubFactory(SocietyFactory)
    version = 1
    adopted_on = date(2020, 1, 1)


class GovernanceBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceBody

    society = factory.SubFactory(SocietyFactory)
    kind = "council"


class TermFactory(factory.django.DjangoModelFactory):
    """The current term of a council (of a new society unless `body` or `body__society` is given)."""

    class Meta:
        model = Term

    body = factory.SubFactory(GovernanceBodyFactory)
    number = 1
    starts_on = date(2022, 1, 1)
    ends_on = date(2027, 1, 1)
    seats = 0
    status = "current"


def council_with_term(society, seats=5) -> GovernanceBody:
    """A council of `society` whose current term (2021–2026) is the one an election replaces."""
    term = TermFactory(
        body__society=society, seats=seats, starts_on=date(2021, 1, 1), ends_on=date(2026, 1, 1)
    )
    return term.body


# --- members ---------------------------------------------------------------------------------------


class PersonFactory(factory.django.DjangoModelFactory):
    """A mainland person with a valid, unique ID number, an employer of their own and no birth date."""

    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{n}号")
    id_type = IdType.MAINLAND_ID
    id_number = factory.LazyFunction(valid_mainland_id)
    region = Region.MAINLAND
    employer = factory.Sequence(lambda n: f"单位{n}")
    sector = "university"
    email = factory.Sequence(lambda n: f"person{n}@example.cn")


def profile_form_data(person, **overrides) -> dict:
    """The member profile form (members/profile/) as the person's record fills it, with `overrides`."""
    data = {
        "name": person.name,
        "id_type": person.id_type,
        "id_number": person.id_number,
        "gender": person.gender,
        "region": person.region,
        "employer": person.employer,
        "sector": person.sector,
        "title": person.title,
        "disciplines": "",
        "email": person.email,
        "phone": person.phone,
    }
    return {**data, **overrides}


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active ordinary membership of a new person (of a new society unless `society` is given)."""

    class Meta:
        model = Membership

    society = factory.SubFactory(SocietyFactory)
    person = factory.SubFactory(PersonFactory)
    status = "active"
    number = factory.Sequence(lambda n: f"T-2026-{n:06d}")


def member_of(society, **person) -> Person:
    """A new person (PersonFactory with `person`) holding an active membership of `society`."""
    return MembershipFactory(society=society, person=PersonFactory(**person)).person


def add_active_members(society, n: int) -> None:
    """`n` active members of `society`, saved in bulk (the branch ceiling counts hundreds; no history)."""
    people = Person.objects.bulk_create(PersonFactory.build_batch(n))
    Membership.objects.bulk_create([MembershipFactory.build(society=society, person=p) for p in people])


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An open application of `person` (applied by the person's own account) to `society`."""

    class Meta:
        model = MembershipApplication

    society = factory.SubFactory(SocietyFactory)
    person = factory.SubFactory(PersonFactory)
    applicant = factory.LazyAttribute(lambda o: o.person.user)


class CreditRecordFactory(factory.django.DjangoModelFactory):
    """A sanction in force since 2020 with no end (R-ETH-02 refuses the person)."""

    class Meta:
        model = CreditRecord

    person = factory.SubFactory(PersonFactory)
    kind = CreditKind.SANCTION
    summary = "学术不端处理"
    starts_on = date(2020, 1, 1)
    ends_on = None
    source_document = "科协〔2020〕1号"
    recorded_by = factory.SubFactory(UserFactory)


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    term = factory.SubFactory(TermFactory)
    person = factory.SubFactory(PersonFactory)
    birth_year = 1970
    grassroots = False
    sector = "university"


# --- branches and activities -----------------------------------------------------------------------


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    society = factory.SubFactory(SocietyFactory)
    name = factory.Sequence(lambda n: f"专业委员会{n}")
    status = BranchStatus.ACTIVE
    business_scope = factory.LazyFunction(lambda: ["150"])


class BranchResolutionFactory(factory.django.DjangoModelFactory):
    """A founding resolution that meets R-BR-02 (quorum and majority), held ten days ago."""

    class Meta:
        model = BranchResolution

    branch = factory.SubFactory(BranchFactory)
    body = "council"
    held_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    seats = 90
    present = 70
    votes_for = 60
    votes_against = 5
    abstain = 5


def good_resolution(**overrides) -> dict:
    """BranchResolutionFactory's fields as `propose_branch(resolution=...)` takes them."""
    data = factory.build(dict, FACTORY_CLASS=BranchResolutionFactory, branch=None)
    del data["branch"]
    data.update(overrides)
    return data


class ActivityFactory(factory.django.DjangoModelFactory):
    """A one-day seminar that took place today and was approved (of `branch`'s society if given)."""

    class Meta:
        model = Activity

    branch = None
    society = factory.Maybe(
        "branch",
        yes_declaration=factory.SelfAttribute("branch.society"),
        no_declaration=factory.SubFactory(SocietyFactory),
    )
    title = factory.LazyAttribute(lambda o: f"{o.branch.name}学术研讨会" if o.branch else "学术研讨会")
    kind = "seminar"
    ends_on = factory.LazyFunction(timezone.localdate)
    starts_on = factory.SelfAttribute("ends_on")
    location = "北京"
    scope_codes = factory.LazyFunction(lambda: ["150"])
    status = "approved"
    created_by = factory.SubFactory(UserFactory)


def filing_data(**overrides) -> dict:
    """A complete, valid activity filing a month ahead, as `activities.services.create_filing` takes it."""
    start = timezone.localdate() + timedelta(days=30)
    data = {
        "title": "有机合成前沿研讨会",
        "kind": "seminar",
        "role": "host",
        "duties": "主办：学术委员会负责议程与评审",
        "starts_on": start,
        "ends_on": start + timedelta(days=1),
        "location": "北京",
        "scope_codes": ["15020"],
        "participants": 120,
        "budget": Decimal("80000.00"),
    }
    data.update(overrides)
    return data


# --- awards ----------------------------------------------------------------------------------------


class AwardProgramFactory(factory.django.DjangoModelFactory):
    """A program of a new society on the dynamic list (listed): quota 5, the default 30% cap, no fee."""

    class Meta:
        model = AwardProgram

    society = factory.SubFactory(SocietyFactory)
    name = factory.Sequence(lambda n: f"青年科技奖{n}")
    category = "youth"
    cycle_years = 1
    quota = 5
    winner_ratio_cap = Decimal("0.300")
    status = "listed"
    created_by = factory.SubFactory(UserFactory)
    listed_at = factory.LazyFunction(timezone.now)


class AwardRoundFactory(factory.django.DjangoModelFactory):
    """This year's round of a listed program, open for nominations from yesterday for a month."""

    class Meta:
        model = AwardRound

    program = factory.SubFactory(AwardProgramFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    nominations_open_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    nominations_close_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status = "open"


class NominationFactory(factory.django.DjangoModelFactory):
    """A secretariat nomination (on behalf of a unit) of a new person in an open round."""

    class Meta:
        model = Nomination

    round = factory.SubFactory(AwardRoundFactory)
    nominee = factory.SubFactory(PersonFactory)
    nominator_kind = "secretariat"
    nominating_unit = "南开大学化学学院"
    submitted_by = factory.SubFactory(UserFactory)


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    """A reviewer (a new user unless given) asked to review a nomination, due in two weeks. Built
    directly: the R-AW-04 checks are `assign_reviewers`'s, tested there."""

    class Meta:
        model = ReviewAssignment

    nomination = factory.SubFactory(NominationFactory)
    reviewer = factory.SubFactory(UserFactory)
    assigned_by = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))


class ReviewFactory(factory.django.DjangoModelFactory):
    """A scored review (80) of a nomination by a reviewer (pair it with a ReviewAssignmentFactory)."""

    class Meta:
        model = Review

    nomination = factory.SubFactory(NominationFactory)
    reviewer = factory.SubFactory(UserFactory)
    score = 80
    conflict_declared = False


# --- governance officers, Party building, finance, training (compliance checks) ---------------------


class OfficerFactory(factory.django.DjangoModelFactory):
    """A sitting, full-time secretary-general appointed a month ago."""

    class Meta:
        model = Officer

    society = factory.SubFactory(SocietyFactory)
    person = factory.SubFactory(PersonFactory)
    position = "secretary_general"
    full_time = True
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


class PartyOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrganization

    society = factory.SubFactory(SocietyFactory)
    level = "council_committee"
    secretary_name = "李书记"
    members_count = 12
    established_on = date(2018, 7, 1)


class DonationFactory(factory.django.DjangoModelFactory):
    """A confirmed domestic donation below the large-donation threshold."""

    class Meta:
        model = Donation

    society = factory.SubFactory(SocietyFactory)
    amount = Decimal("50000.00")
    purpose = "青年人才基金"
    donor = "某科技有限公司"
    status = "confirmed"
    recorded_by = factory.SubFactory(UserFactory)
    received_on = factory.LazyFunction(timezone.localdate)


class ExpenditureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expenditure

    society = factory.SubFactory(SocietyFactory)
    amount = Decimal("80000.00")
    purpose = "学术年会场地"
    status = "confirmed"
    recorded_by = factory.SubFactory(UserFactory)
    spent_on = factory.LazyFunction(timezone.localdate)


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election

    society = factory.SubFactory(SocietyFactory)
    body = factory.SubFactory(GovernanceBodyFactory, society=factory.SelfAttribute("..society"))
    term_start = date(2027, 1, 1)
    term_end = date(2032, 1, 1)
    seats = 5
    status = "draft"
    created_by = factory.SubFactory(UserFactory)


class MajorMatterFactory(factory.django.DjangoModelFactory):
    """An approved pre-review; pass `subject=` to link it to an object."""

    class Meta:
        model = MajorMatter
        exclude = ["subject"]

    subject = None
    society = factory.SubFactory(SocietyFactory)
    kind = "large_donation"
    title = "重大事项"
    status = "approved"
    created_by = factory.SubFactory(UserFactory)
    content_type = factory.LazyAttribute(
        lambda o: ContentType.objects.get_for_model(o.subject) if o.subject is not None else None
    )
    object_id = factory.LazyAttribute(lambda o: o.subject.pk if o.subject is not None else None)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    person = factory.SubFactory(PersonFactory)
    society = factory.SubFactory(SocietyFactory)
    kind = "new_leader"
    course = "新任负责人培训班"
    attended_on = factory.LazyFunction(timezone.localdate)
    hours = 16
    recorded_by = factory.SubFactory(UserFactory)


def token_for(user) -> str:
    """A fresh API token of `user`, minted as a login through the API does (accounts.tokens)."""
    from accounts.tokens import issue_token

    return issue_token(user=user)[1]
