"""Compliance check of leaders' training (compliance.registry): R-TR-01, from the queries of
members.training (new-leader training within 12 months, secretary-general rotation every 3 years)."""

from django.utils.translation import gettext_lazy as _

from compliance.registry import Check, Hit, Scope
from societies.models import Officer, Society

from .choices import TrainingKind
from .training import new_leader_training_overdue, rotation_training_overdue


def training_overdue(scope: Scope):
    society = Society(pk=next(iter(scope.society_ids))) if scope.society_ids else None
    owed: dict[int, dict] = {}
    for kind, officers in (
        (TrainingKind.NEW_LEADER, new_leader_training_overdue(scope.today, society)),
        (TrainingKind.SG_ROTATION, rotation_training_overdue(scope.today, society)),
    ):
        for officer in officers:
            entry = owed.setdefault(
                officer.pk,
                {
                    "society_id": officer.society_id,
                    "facts": {
                        "person": officer.person.name,
                        "position": officer.position,
                        "kinds": [],
                        "due_on": officer.due_on.isoformat(),
                    },
                },
            )
            entry["facts"]["kinds"].append(str(kind))
    for pk, entry in owed.items():
        yield Hit(entry["society_id"], pk, entry["facts"])


def _describe(facts: dict) -> dict:
    kinds = dict(TrainingKind.choices)
    positions = dict(Officer._meta.get_field("position").choices)
    return {
        "kinds": "、".join(str(kinds.get(k, k)) for k in facts.get("kinds", [])),
        "position": str(positions.get(facts.get("position"), facts.get("position", ""))),
    }


CHECKS = [
    Check(
        rule="R-TR-01",
        severity="advisory",
        area="training",
        model=Officer,
        message=_("%(position)s %(person)s has not completed %(kinds)s (due %(due_on)s)."),
        find=training_overdue,
        describe=_describe,
    )
]
