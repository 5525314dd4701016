"""A branch's officers."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import log_action
from core.errors import DomainError, TransitionNotAllowed

from ..choices import BranchStatus
from ..models import Branch, BranchOfficer
from .common import _require_runner

# --- officers --------------------------------------------------------------------------------------


@transaction.atomic
def add_officer(*, actor, branch: Branch, name: str, position: str, person=None, since=None) -> BranchOfficer:
    _require_runner(actor, branch)
    if branch.status in (BranchStatus.REVOKED, BranchStatus.REJECTED):
        raise TransitionNotAllowed(
            _("A revoked or rejected branch office is kept as it was."), status=branch.status
        )
    name = (name or (person.name if person else "")).strip()
    if not name:
        raise DomainError(_("Give the officer's name."), field="name")
    officer = BranchOfficer.objects.create(
        branch=branch, person=person, name=name, position=position, since=since
    )
    log_action("branches.officer.added", actor=actor, obj=branch, data={"name": name, "position": position})
    return officer


@transaction.atomic
def remove_officer(*, actor, officer: BranchOfficer) -> None:
    _require_runner(actor, officer.branch)
    log_action(
        "branches.officer.removed",
        actor=actor,
        obj=officer.branch,
        data={"name": officer.name, "position": officer.position},
    )
    BranchOfficer.objects.filter(pk=officer.pk).delete()
