"""A branch's establishment and edits: proposal, resolution and document (R-BR-01..04), submission."""

from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import CHANGE, require
from core.audit import log_action
from core.errors import DomainError, TransitionNotAllowed
from core.uploads import IMAGE, PDF, check_document

from .. import rules
from ..choices import BranchStatus
from ..models import Branch, BranchResolution
from .common import (
    BRANCH_FIELDS,
    RESOLUTION_FIELDS,
    _clean_data,
    _require_secretary,
)

# --- proposal --------------------------------------------------------------------------------------


def _check_document(document) -> None:
    """The establishing resolution is a scanned or signed document: PDF or image, checked by content."""
    if document is not None:
        check_document(document, field="document", allowed=(PDF, IMAGE), rule="R-BR-03")


@transaction.atomic
def propose_branch(*, actor, society, data: dict, resolution: dict | None = None, document=None) -> Branch:
    """A secretary records a proposed branch office (status proposed), with its resolution if known."""
    _require_secretary(actor, society)
    data = _clean_data(data, BRANCH_FIELDS)
    branch = Branch(society=society, created_by=actor, status=BranchStatus.PROPOSED, **data)
    rules.check_branch(branch)
    branch.save()
    log_action(
        "branches.branch.proposed",
        actor=actor,
        obj=branch,
        to_status=branch.status,
        data={"name": branch.name, "kind": branch.kind, "business_scope": branch.business_scope},
    )
    if resolution is not None or document is not None:
        save_resolution(actor=actor, branch=branch, data=resolution or {}, document=document)
    return branch


# Fields that define what CAST approved: after the proposal only the society decides on them.
DEFINING_FIELDS = ("name", "business_scope")


@transaction.atomic
def update_branch(*, actor, branch: Branch, data: dict) -> Branch:
    """Edit or rename a branch (the society's secretary or CAST; the branch's own officer for the
    descriptive fields only). A rename or a new scope is checked against R-BR-01/R-BR-02 like a new
    branch; the kind changes only while the branch is a proposal. Nothing changes while CAST decides
    (submitted) or once the branch is rejected or revoked."""
    data = _clean_data(data, BRANCH_FIELDS)
    locked = Branch.objects.select_for_update().get(pk=branch.pk)
    Branch.workflow.require_editable(
        locked, actor, _("Only the society's secretariat or the branch's own officer does this.")
    )
    redefined = [f for f in DEFINING_FIELDS if f in data and data[f] != getattr(locked, f)]
    if redefined:
        require(
            actor,
            locked.society,
            CHANGE,
            _("Only the society's secretariat renames a branch office or changes its business scope."),
        )
    if "kind" in data and data["kind"] != locked.kind and locked.status != BranchStatus.PROPOSED:
        rules.check_kind(data["kind"])
        raise DomainError(_("The kind of an established branch office does not change."), field="kind")
    before = {f: getattr(locked, f) for f in data}
    for field, value in data.items():
        setattr(locked, field, value)
    rules.check_branch(locked)
    changed = [f for f in data if before[f] != getattr(locked, f)]
    if changed:
        locked.save(update_fields=changed)
        log_action(
            "branches.branch.renamed" if "name" in changed else "branches.branch.edited",
            actor=actor,
            obj=locked,
            data={f: {"old": before[f], "new": getattr(locked, f)} for f in changed},
        )
    return locked


# Files stored by save_resolution inside a `files_removed_on_failure` block. A database rollback does not
# take a stored file with it; the block deletes what it stored when it fails.
_stored_files: ContextVar[list | None] = ContextVar("branches_stored_files", default=None)


@contextmanager
def files_removed_on_failure():
    """Wrap a transaction that may store resolution documents: when the block raises (its transaction
    rolled back, e.g. a combined propose+submit refused on submit), the files stored in it are deleted
    so that no document of a proposal that does not exist stays in MEDIA_ROOT. Put it outside the
    `transaction.atomic()` block so the files go only after the rollback."""
    outer = _stored_files.get()
    stored: list = []
    token = _stored_files.set(stored)
    try:
        yield
    except BaseException:
        for storage, name in stored:
            with suppress(OSError):
                storage.delete(name)
        raise
    else:
        if outer is not None:  # an enclosing block may still fail: it takes over the files
            outer.extend(stored)
    finally:
        _stored_files.reset(token)


def _remember_stored(field_file) -> None:
    stored = _stored_files.get()
    if stored is not None:
        stored.append((field_file.storage, field_file.name))


def _store_document(resolution: BranchResolution, document) -> None:
    """Store a checked document on the resolution (not yet saved). The file it replaces is deleted once
    the transaction commits: a rollback keeps the old file (still referenced) and, inside a
    `files_removed_on_failure` block, deletes the new one."""
    old = resolution.document.name if resolution.pk and resolution.document else ""
    storage = resolution.document.storage
    resolution.document_name = Path(document.name).name[:200]
    resolution.document.save(resolution.document_name, document, save=False)
    _remember_stored(resolution.document)
    if old and old != resolution.document.name:
        transaction.on_commit(lambda: _delete_quietly(storage, old))


def _delete_quietly(storage, name: str) -> None:
    with suppress(OSError):
        storage.delete(name)


def _require_proposal(branch: Branch) -> None:
    if branch.status != BranchStatus.PROPOSED:
        raise TransitionNotAllowed(
            _("The resolution can only change while the branch is a proposal."), status=branch.status
        )


@transaction.atomic
def save_resolution(*, actor, branch: Branch, data: dict, document=None) -> BranchResolution:
    """Record (or correct, while the proposal is not yet submitted) the establishing resolution."""
    _require_secretary(actor, branch.society)
    _require_proposal(branch)
    data = _clean_data(data, RESOLUTION_FIELDS)
    _check_document(document)
    resolution = BranchResolution.objects.filter(branch=branch).first() or BranchResolution(branch=branch)
    for field, value in data.items():
        setattr(resolution, field, value)
    missing = [f for f in ("held_on", "seats", "present", "votes_for") if getattr(resolution, f) is None]
    if missing:
        raise DomainError(_("This field is required."), rule="R-BR-03", field=missing[0])
    with files_removed_on_failure():
        if document is not None:
            _store_document(resolution, document)
        resolution.save()
        log_action(
            "branches.resolution.recorded",
            actor=actor,
            obj=branch,
            data={f: str(getattr(resolution, f)) for f in RESOLUTION_FIELDS}
            | {"document": resolution.document_name},
        )
    return resolution


def attach_resolution_document(*, actor, branch: Branch, document, field: str = "file") -> BranchResolution:
    """Attach (or replace) the signed document of a proposal's recorded resolution: the society's
    secretary or CAST, only while the branch is proposed. PDF or image by content, within the size limit
    (R-BR-03); the replaced file is deleted after the commit, the new one if anything fails."""
    require(
        actor,
        branch.society,
        CHANGE,
        _("Only the society's secretariat or CAST attaches the resolution document."),
    )
    with files_removed_on_failure(), transaction.atomic():
        locked = Branch.objects.select_for_update().get(pk=branch.pk)
        _require_proposal(locked)
        if document is None:
            raise DomainError(_("Choose the signed resolution document."), rule="R-BR-03", field=field)
        check_document(document, field=field, allowed=(PDF, IMAGE), rule="R-BR-03")
        resolution = BranchResolution.objects.select_for_update().filter(branch=locked).first()
        if resolution is None:
            raise DomainError(
                _("Record the resolution (meeting and votes) first, then attach its document."),
                rule="R-BR-03",
                field="resolution",
            )
        replaced = resolution.document_name
        _store_document(resolution, document)
        resolution.save(update_fields=["document", "document_name"])
        log_action(
            "branches.resolution.document_attached",
            actor=actor,
            obj=locked,
            data={"document": resolution.document_name, "replaced": replaced},
        )
    return resolution


def submit_branch(*, actor, branch: Branch, over_ceiling_reason: str | None = None) -> Branch:
    """Send the proposal to CAST: every rule is checked on the locked row (R-BR-01..04); over the
    ceiling it needs a written reason and is marked for CAST's attention."""
    _require_secretary(actor, branch.society)
    with transaction.atomic():
        # The ceiling counts the society's branches: submissions of one society go one at a time.
        type(branch.society).objects.select_for_update().filter(pk=branch.society_id).first()
        locked = Branch.objects.select_for_update().select_related("society").get(pk=branch.pk)
        if not Branch.workflow.can(locked, "submit"):
            raise TransitionNotAllowed(status=locked.status, action=str(Branch.workflow["submit"].label))
        reason = locked.over_ceiling_reason if over_ceiling_reason is None else over_ceiling_reason
        rules.check_branch(locked)
        rules.check_resolution(BranchResolution.objects.filter(branch=locked).first())
        over = rules.check_ceiling(locked, reason)
        return Branch.workflow.apply(
            locked,
            "submit",
            actor=actor,
            changes={
                "submitted_at": timezone.now(),
                "needs_cast_attention": over,
                "over_ceiling_reason": (reason or "").strip() if over else "",
            },
            data={"over_ceiling": over},
        )
