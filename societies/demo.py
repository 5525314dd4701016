"""Demo societies: real national societies under CAST (names as registered), with valid credit codes."""

import random
from datetime import date

from .demo_data import SOCIETIES
from .models import Society
from .validators import CREDIT_CODE_ALPHABET, credit_code_check_char


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
