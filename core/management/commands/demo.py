"""Load demo data: each app's demo.load in PORTAL_APPS order, then one login per role.

Idempotent: running it again leaves existing rows alone. Prints the demo logins. Apps may offer
`after_users(rng, log)` to tie demo accounts to their records (the member's profile, …).
"""

import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from accounts.services import create_user
from branches.models import Branch
from core.registry import app_modules
from core.roles import Role
from societies.models import Society

User = get_user_model()

DEMO_ROLES = [
    # username, name, role, society code, branch name
    ("cast_admin", "王科协", Role.CAST_ADMIN, None, None),
    ("regulator", "李民政", Role.REGULATOR, None, None),
    ("secretary", "张秘书", Role.SECRETARY, "ccs", None),
    ("party_reviewer", "赵党委", Role.PARTY_REVIEWER, "ccs", None),
    ("branch_officer", "陈分会", Role.BRANCH_OFFICER, "ccs", "有机化学专业委员会"),
    ("award_reviewer", "孙评审", Role.AWARD_REVIEWER, "ccs", None),
    ("member", "刘会员", Role.MEMBER, None, None),
]


class Command(BaseCommand):
    help = "Load demo societies, their data and one login per role (idempotent)."

    def handle(self, *args, **options):
        translation.activate("zh-hans")
        rng = random.Random(20261125)
        modules = list(app_modules("demo"))
        with transaction.atomic():
            for module in modules:
                module.load(rng, self.stdout.write)
            self._users()
            for module in modules:
                if hasattr(module, "after_users"):
                    module.after_users(rng, self.stdout.write)
        password = settings.DEMO_PASSWORD
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / Demo data ready."))
        self.stdout.write(f"演示账号 Demo logins (password 密码: {password}) at http://127.0.0.1:8000/")
        for username, _name, role, society_code, branch_name in DEMO_ROLES:
            where = branch_name or (Society.objects.get(code=society_code).name if society_code else "")
            self.stdout.write(f"  {username:<16} {Role(role).label} {where}")

    def _users(self):
        for username, name, role, society_code, branch_name in DEMO_ROLES:
            if User.objects.filter(username=username).exists():
                continue
            society = Society.objects.get(code=society_code) if society_code and not branch_name else None
            branch = Branch.objects.get(society__code=society_code, name=branch_name) if branch_name else None
            create_user(
                actor=None,
                username=username,
                password=settings.DEMO_PASSWORD,
                name=name,
                email=f"{username}@demo.portal.local",
                roles=[{"role": role, "society": society, "branch": branch}],
            )
