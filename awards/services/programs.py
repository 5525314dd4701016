"""Award programs: a society registers and submits them; CAST lists them on the dynamic list or returns
them, and may suspend, reinstate or withdraw a listed one (R-AW-01). No fee of any kind (R-AW-03)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import CHANGE, DECIDE, require
from core.audit import log_action
from core.errors import DomainError
from core.history import apply_changes, attribute_change
from core.uploads import IMAGE, PDF, check_document

from ..choices import AwardCategory, ProgramStatus
from ..models import AwardProgram

PROGRAM_FIELDS = (
    "name",
    "category",
    "cycle_years",
    "quota",
    "winner_ratio_cap",
    "entry_fee",
    "member_nominations",
    "approval_ref",
    "description",
)
FEE_RULE = "R-AW-03"


def _decimal(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter a number."), field=field) from None
    if not number.is_finite():
        raise DomainError(_("Enter a number."), field=field)
    return number


def clean_program_fields(data: dict) -> dict:
    """Check the fields of a program: every fee is zero (R-AW-03), the cap lies in (0, 1] (R-AW-02)."""
    unknown = sorted(set(data) - set(PROGRAM_FIELDS))
    if unknown:
        raise DomainError(_("Unknown field."), field=unknown[0])
    clean = dict(data)
    if "name" in clean:
        clean["name"] = (clean["name"] or "").strip()
        if not clean["name"] or len(clean["name"]) > 200 or "\x00" in clean["name"]:
            raise DomainError(_("Give the program a name (at most 200 characters)."), field="name")
    if "category" in clean and clean["category"] not in AwardCategory.values:
        raise DomainError(_("Choose a category."), field="category")
    for field, low, high in (("cycle_years", 1, 10), ("quota", 1, 100000)):
        if field in clean:
            try:
                clean[field] = int(clean[field])
            except (TypeError, ValueError):
                raise DomainError(_("Enter a whole number."), field=field) from None
            if not low <= clean[field] <= high:
                raise DomainError(
                    _("Enter a number from %(low)d to %(high)d.") % {"low": low, "high": high}, field=field
                )
    if "entry_fee" in clean:
        fee = _decimal(clean["entry_fee"] if clean["entry_fee"] not in (None, "") else 0, "entry_fee")
        if fee != 0:
            raise DomainError(
                _("Awards take no fee of any kind from nominees or nominators (严禁收取任何费用)."),
                rule=FEE_RULE,
                field="entry_fee",
            )
        clean["entry_fee"] = Decimal("0")
    if "winner_ratio_cap" in clean:
        cap = _decimal(clean["winner_ratio_cap"], "winner_ratio_cap")
        if not Decimal("0") < cap <= Decimal("1"):
            raise DomainError(
                _("The winner-ratio cap lies between 0 and 100%."), rule="R-AW-02", field="winner_ratio_cap"
            )
        clean["winner_ratio_cap"] = cap.quantize(Decimal("0.001"))
    for text in ("approval_ref", "description"):
        if text in clean:
            clean[text] = (clean[text] or "").replace("\x00", "")
    return clean


def create_program(*, actor, society, **fields) -> AwardProgram:
    """A society's secretariat registers an award program (a draft until submitted)."""
    require(actor, society, CHANGE, _("Only the society's secretariat registers its award programs."))
    data = clean_program_fields(fields)
    for required in ("name", "category", "quota"):
        if required not in data:
            raise DomainError(_("This field is required."), field=required)
    program = AwardProgram(society=society, created_by=actor, **data)
    attribute_change(program, actor=actor, reason="created")
    try:
        program.full_clean(exclude=["created_by", "approval_document"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(" ".join(messages), field=field) from None
    program.save()
    log_action(
        "awards.awardprogram.created",
        actor=actor,
        obj=program,
        to_status=program.status,
        data={"name": program.name},
    )
    return program


def update_program(*, actor, program: AwardProgram, **fields) -> AwardProgram:
    """Edit a draft program (the society's secretariat)."""
    AwardProgram.workflow.require_editable(
        program, actor, _("Only the society's secretariat edits its award programs.")
    )
    data = clean_program_fields(fields)
    if (
        "name" in data
        and AwardProgram.objects.filter(society=program.society, name=data["name"])
        .exclude(pk=program.pk)
        .exists()
    ):
        raise DomainError(_("The society already has an award program of this name."), field="name")
    diff = apply_changes(program, data, shown=str)
    if diff:
        attribute_change(program, actor=actor, reason="edited")
        program.save(update_fields=list(diff))
        log_action("awards.awardprogram.edited", actor=actor, obj=program, data=diff)
    return program


def attach_approval_document(*, actor, program: AwardProgram, upload) -> AwardProgram:
    AwardProgram.workflow.require_editable(program, actor)
    check_document(upload, field="approval_document", allowed=(PDF, IMAGE))
    program.approval_document.save(upload.name[-100:], upload, save=True)
    log_action(
        "awards.awardprogram.document_attached", actor=actor, obj=program, data={"name": upload.name[:100]}
    )
    return program


def submit_program(*, actor, program: AwardProgram, comment: str = "") -> AwardProgram:
    require(actor, program, CHANGE, _("Only the society's secretariat submits its award programs."))

    def check(locked):
        if locked.entry_fee != 0:
            raise DomainError(_("Awards take no fee of any kind."), rule=FEE_RULE, field="entry_fee")

    return AwardProgram.workflow.apply(
        program, "submit", actor=actor, comment=comment, check=check, changes={"submitted_at": timezone.now()}
    )


def decide_program(*, actor, program: AwardProgram, step: str, comment: str = "") -> AwardProgram:
    """CAST's steps on the dynamic list: list, return, suspend, reinstate, withdraw (R-AW-01)."""
    if step not in ("list", "return", "suspend", "reinstate", "withdraw"):
        raise DomainError(_("Unknown step."), field="step")
    require(actor, program, DECIDE, _("Only CAST administrators keep the dynamic list."))
    changes = {"listed_at": timezone.now()} if step == "list" else None
    return AwardProgram.workflow.apply(program, step, actor=actor, comment=comment, changes=changes)


LISTED_STATES = (ProgramStatus.LISTED,)
