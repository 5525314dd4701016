"""The one place test data is built (factory_boy)."""

import factory
from django.contrib.auth import get_user_model

from accounts.services import grant_role
from branches.models import Branch, BranchStatus
from societies.models import Society
from societies.validators import credit_code_check_char

PASSWORD = "Test-Passw0rd-2026"


def make_credit_code(n: int) -> str:
    body = f"511000000{n:08d}"
    return body + credit_code_check_char(body)


class SocietyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Society

    code = factory.Sequence(lambda n: f"soc{n}")
    name = factory.Sequence(lambda n: f"测试学会{n}")
    name_en = factory.Sequence(lambda n: f"Test Society {n}")
    discipline = "science"
    credit_code = factory.Sequence(make_credit_code)
    business_scope = factory.LazyFunction(lambda: ["150"])


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    society = factory.SubFactory(SocietyFactory)
    name = factory.Sequence(lambda n: f"专业委员会{n}")
    status = BranchStatus.ACTIVE
    business_scope = factory.LazyFunction(lambda: ["150"])


class UserFactory(factory.django.DjangoModelFactory):
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
