"""Load demo data: real national societies, a few branches, and one login per role.

Idempotent: running it again leaves existing rows alone. Prints the demo logins.
"""

import random
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.roles import Role
from accounts.services import create_user
from branches.models import Branch, BranchStatus
from societies.demo_data import SOCIETIES
from societies.models import Society
from societies.validators import CREDIT_CODE_ALPHABET, credit_code_check_char

User = get_user_model()

DEMO_ROLES = [
    # username, name, role, society code, branch name
    ("cast_admin", "王科协", Role.CAST_ADMIN, None, None),
    ("regulator", "李民政", Role.REGULATOR, None, None),
    ("secretary", "张秘书", Role.SECRETARY, "ccs", None),
    ("party_reviewer", "赵党委", Role.PARTY_REVIEWER, "ccs", None),
    ("branch_officer", "陈分会", Role.BRANCH_OFFICER, "ccs", "有机化学专业委员会"),
    ("member", "刘会员", Role.MEMBER, None, None),
]
DEMO_BRANCHES = [
    "有机化学专业委员会",
    "分析化学专业委员会",
    "高分子专业委员会",
    "化学教育专业委员会",
    "催化专业委员会",
]


def credit_code(rng: random.Random) -> str:
    # 5 = registered by civil affairs, 1 = social organization, 100000 = national level.
    body = "51100000" + "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(9))
    return body + credit_code_check_char(body)


class Command(BaseCommand):
    help = "Load demo societies, branches and one login per role (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        rng = random.Random(20261125)  # noqa: S311  demo data, not security
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
        ccs = Society.objects.get(code="ccs")
        for branch_name in DEMO_BRANCHES:
            Branch.objects.get_or_create(
                society=ccs,
                name=branch_name,
                defaults={
                    "status": BranchStatus.ACTIVE,
                    "business_scope": ["150"],
                    "established_on": date(2015, 5, 1),
                },
            )
        password = settings.DEMO_PASSWORD
        for username, name, role, society_code, branch_name in DEMO_ROLES:
            if User.objects.filter(username=username).exists():
                continue
            society = Society.objects.get(code=society_code) if society_code and not branch_name else None
            branch = Branch.objects.get(society__code=society_code, name=branch_name) if branch_name else None
            create_user(
                actor=None,
                username=username,
                password=password,
                name=name,
                email=f"{username}@demo.portal.local",
                roles=[{"role": role, "society": society, "branch": branch}],
            )
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {Society.objects.count()} societies."))
        self.stdout.write(f"Demo logins (password for all: {password}):")
        for username, _name, role, society_code, branch_name in DEMO_ROLES:
            where = branch_name or (Society.objects.get(code=society_code).name if society_code else "")
            self.stdout.write(f"  {username:<16} {Role(role).label} {where}")
