"""Every state change of a branch office, one function each; web views, the API, the import, the admin
and the Celery task call these. Rules live in branches.rules."""

from contextlib import contextmanager, suppress
from contextvars import ContextVar
from datetime import date, timedelta
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import CHANGE, DECIDE, require
from core.audit import log_action
from core.disciplines import parse_codes
from core.errors import DomainError, TransitionNotAllowed
from core.rule_settings import rule_setting
from core.tabular import as_dicts, read_table
from core.uploads import IMAGE, PDF, check_document

from . import rules
from .choices import STANDING, AssessmentGrade, BranchKind, BranchStatus
from .models import Branch, BranchAssessment, BranchOfficer, BranchResolution
from .permissions import is_secretary_of, runs_branch

BRANCH_FIELDS = ("name", "kind", "business_scope", "purpose")
RESOLUTION_FIELDS = ("body", "held_on", "seats", "present", "votes_for", "votes_against", "abstain")


# --- who -------------------------------------------------------------------------------------------


def _require_secretary(user, society) -> None:
    if not is_secretary_of(user, society.pk):
        raise PermissionDenied(_("Only the society's secretariat proposes its branch offices."))


def _require_runner(user, branch) -> None:
    if not runs_branch(user, branch):
        raise PermissionDenied(_("Only the society's secretariat or the branch's own officer does this."))


def _require_cast(user) -> None:
    require(user, None, DECIDE, _("Only CAST administrators decide on branch offices."))


def _clean_data(data: dict, allowed) -> dict:
    rules.check_no_nesting_keys(data)
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise DomainError(_("Unknown field “%(field)s”.") % {"field": unknown[0]}, field=unknown[0])
    out = dict(data)
    if "name" in out:
        out["name"] = (out["name"] or "").strip()
    if "business_scope" in out:
        out["business_scope"] = [str(c).strip() for c in out["business_scope"] or [] if str(c).strip()]
    return out


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


# --- CAST's decisions --------------------------------------------------------------------------------


def approve_branch(*, actor, branch: Branch, comment: str = "") -> Branch:
    """CAST approves: the branch is established today. A society now above its ceiling gets an
    R-BR-04 warning finding."""
    _require_cast(actor)
    approved = Branch.workflow.apply(
        branch,
        "approve",
        actor=actor,
        comment=comment,
        changes={"established_on": timezone.localdate(), "decided_at": timezone.now()},
    )
    ceiling = rules.ceiling_for(approved.society)
    if ceiling.over_now:
        from compliance.services import open_finding

        open_finding(
            rule="R-BR-04",
            severity="warning",
            society=approved.society,
            subject=approved.society,
            actor=actor,
            message=_("%(society)s has %(n)d branch offices, above its ceiling of %(allowed)d.")
            % {"society": approved.society.name, "n": ceiling.counted, "allowed": ceiling.allowed},
            facts={
                "branches": ceiling.counted,
                "allowed": ceiling.allowed,
                "active_members": ceiling.active_members,
            },
        )
    return approved


def reject_branch(*, actor, branch: Branch, comment: str) -> Branch:
    _require_cast(actor)
    return Branch.workflow.apply(
        branch, "reject", actor=actor, comment=comment, changes={"decided_at": timezone.now()}
    )


def default_rectification_deadline(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=int(rule_setting("branch_rectification_days")))


def flag_branch(*, actor, branch: Branch, comment: str = "", deadline: date | None = None) -> Branch:
    """Put an active branch under rectification 整改 with a deadline (default: the setting's days)."""
    _require_cast(actor)
    deadline = deadline or default_rectification_deadline()
    if deadline < timezone.localdate():
        raise DomainError(_("The deadline cannot lie in the past."), rule="R-BR-05", field="deadline")
    return Branch.workflow.apply(
        branch,
        "flag",
        actor=actor,
        comment=comment,
        changes={"rectification_deadline": deadline},
        data={"deadline": deadline.isoformat()},
    )


def confirm_rectified(*, actor, branch: Branch, comment: str = "") -> Branch:
    """CAST confirms the rectification: the branch is active again and its R-BR-05 findings resolved."""
    from compliance.services import resolve_all_for

    _require_cast(actor)
    with transaction.atomic():
        done = Branch.workflow.apply(
            branch, "rectified", actor=actor, comment=comment, changes={"rectification_deadline": None}
        )
        resolve_all_for(actor=actor, rule="R-BR-05", subject=done, comment=comment or _("Rectified."))
    return done


def revoke_branch(*, actor, branch: Branch, comment: str) -> Branch:
    """Revoke 撤销 a branch. It stays on record (never deleted), with its history and assessments."""
    from compliance.services import resolve_all_for

    _require_cast(actor)
    with transaction.atomic():
        done = Branch.workflow.apply(
            branch,
            "revoke",
            actor=actor,
            comment=comment,
            changes={"revoked_on": timezone.localdate(), "decided_at": timezone.now()},
        )
        resolve_all_for(actor=actor, rule="R-BR-05", subject=done, comment=_("Branch office revoked."))
    return done


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


# --- R-BR-05: yearly assessment and long inactivity -----------------------------------------------


def activity_counts(branch: Branch, year: int) -> tuple[int, int]:
    """Activities of the branch that year: (filed — anything sent to CAST, approved 已备案)."""
    from django.db.models import Count, Q

    from activities.models import Activity

    counts = Activity.objects.filter(branch=branch, starts_on__year=year).aggregate(
        filed=Count("id", filter=~Q(status="draft")),
        approved=Count("id", filter=Q(status="approved")),
    )
    return counts["filed"], counts["approved"]


@transaction.atomic
def record_assessment(
    *, actor, branch: Branch, year: int, members_served: int, grade: str, reason: str
) -> BranchAssessment:
    """The yearly assessment of a standing branch (secretariat or CAST). Activity counts come from the
    filings. A failing grade opens an R-BR-05 finding; the branch shows on CAST's clean-up list."""
    require(
        actor, branch.society, CHANGE, _("Only the society's secretariat or CAST assesses a branch office.")
    )
    if branch.status not in STANDING:
        raise TransitionNotAllowed(_("Only an active branch office is assessed."), status=branch.status)
    if grade not in AssessmentGrade.values:
        raise DomainError(_("Choose a grade."), rule="R-BR-05", field="grade")
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for the grade."), rule="R-BR-05", field="reason")
    this_year = timezone.localdate().year
    if year > this_year or (branch.established_on and year < branch.established_on.year):
        raise DomainError(_("The branch office did not exist in that year."), rule="R-BR-05", field="year")
    filed, approved = activity_counts(branch, year)
    assessment, created = BranchAssessment.objects.update_or_create(
        branch=branch,
        year=year,
        defaults={
            "activities_filed": filed,
            "activities_approved": approved,
            "members_served": members_served,
            "grade": grade,
            "reason": reason.strip(),
            "assessed_by": actor,
            "assessed_at": timezone.now(),
        },
    )
    log_action(
        "branches.assessment.recorded" if created else "branches.assessment.revised",
        actor=actor,
        obj=branch,
        data={"year": year, "grade": grade, "filed": filed, "approved": approved},
    )
    if grade == AssessmentGrade.FAIL:
        from compliance.services import open_finding

        open_finding(
            rule="R-BR-05",
            severity="violation",
            society=branch.society,
            subject=branch,
            actor=actor,
            message=_("%(branch)s failed its %(year)d assessment: %(reason)s")
            % {"branch": branch.name, "year": year, "reason": reason.strip()},
            facts={"year": year, "grade": grade, "filed": filed, "approved": approved},
        )
    return assessment


def open_inactivity_findings(actor=None, today: date | None = None) -> list:
    """For each long-inactive active branch: open an R-BR-05 finding and put the branch under
    rectification with a deadline of today + `branch_rectification_days`. Idempotent; the compliance
    engine runs it on schedule (branches.tasks), CAST can run it from the clean-up list."""
    from compliance.services import mark_rectifying, open_finding

    _require_cast(actor)
    today = today or timezone.localdate()
    cutoff = rules.inactivity_cutoff(today)
    deadline = default_rectification_deadline(today)
    months = int(rule_setting("branch_inactive_months"))
    opened = []
    candidates = rules.long_inactive_branches(
        Branch.objects.filter(status=BranchStatus.ACTIVE).select_related("society"), today
    )
    for branch in candidates.order_by("pk"):
        with transaction.atomic():
            finding = open_finding(
                rule="R-BR-05",
                severity="violation",
                society=branch.society,
                subject=branch,
                actor=actor,
                deadline=deadline,
                message=_("%(branch)s has held no approved activity since %(cutoff)s (%(months)d months).")
                % {"branch": branch.name, "cutoff": cutoff.isoformat(), "months": months},
                facts={"cutoff": cutoff.isoformat(), "months": months},
            )
            Branch.workflow.apply(
                branch,
                "flag",
                actor=actor,
                comment=_("Long inactive (R-BR-05)."),
                changes={"rectification_deadline": deadline},
                data={"deadline": deadline.isoformat(), "finding": finding.pk},
            )
            mark_rectifying(actor=actor, rule="R-BR-05", subject=branch, deadline=deadline)
            finding.refresh_from_db()
        opened.append(finding)
    return opened


# --- CSV import ---------------------------------------------------------------------------------------

IMPORT_COLUMNS = {
    "name": "name",
    "名称": "name",
    "kind": "kind",
    "类型": "kind",
    "business_scope": "business_scope",
    "业务范围": "business_scope",
    "purpose": "purpose",
    "宗旨": "purpose",
}
KIND_LABELS = {
    "分支机构": BranchKind.BRANCH,
    "代表机构": BranchKind.REPRESENTATIVE,
    "境外分支机构": BranchKind.OVERSEAS,
    "境外代表机构": BranchKind.OVERSEAS,
    "境外分支(代表)机构": BranchKind.OVERSEAS,
    "境外分支（代表）机构": BranchKind.OVERSEAS,
}


def import_columns() -> list[dict]:
    """The columns of the import file as the import page lists them: key, Chinese header also accepted,
    meaning, whether required, and the allowed values (for `kind`, with the Chinese labels accepted)."""
    aliases = {key: header for header, key in IMPORT_COLUMNS.items() if header != key}
    kind_aliases: dict[str, list[str]] = {}
    for label, value in KIND_LABELS.items():
        kind_aliases.setdefault(value, []).append(label)
    return [
        {"key": "name", "alias": aliases["name"], "label": _("Name"), "required": True, "help": ""},
        {
            "key": "kind",
            "alias": aliases["kind"],
            "label": _("Kind"),
            "required": False,
            "help": _("Empty means “branch”."),
            "allowed": [(value, label, kind_aliases.get(value, [])) for value, label in BranchKind.choices],
        },
        {
            "key": "business_scope",
            "alias": aliases["business_scope"],
            "label": _("Business scope (GB/T 13745 codes)"),
            "required": True,
            "help": _("Codes separated by “;”, e.g. 15020;15030; inside the society's scope (R-BR-02)."),
        },
        {"key": "purpose", "alias": aliases["purpose"], "label": _("Purpose"), "required": False, "help": ""},
    ]


class ImportRefused(DomainError):
    """The file was refused as a whole; `errors` lists every row problem found."""

    def __init__(self, errors: list[dict]):
        first = errors[0]
        super().__init__(
            _("Nothing was imported: %(n)d problem(s); row %(row)s: %(message)s")
            % {"n": len(errors), "row": first["row"], "message": first["message"]},
            rule=first.get("rule") or None,
            field=first.get("field") or None,
        )
        self.errors = errors


def _read_rows(file) -> list[dict]:
    """The import file's rows keyed by (stripped) header: CSV in UTF-8 or GB18030, or XLSX."""
    header, rows = read_table(file, field="file")
    return as_dicts(header, rows)


def import_branches(*, actor, society, file) -> list[Branch]:
    """Import proposed branches from a CSV (UTF-8 or GB18030) or XLSX file (name, kind, business_scope,
    purpose). All or nothing: every row is checked by the same rules as the form (a parent/branch column
    or a sub-branch name refuses the file with R-BR-01) and nothing is written unless every row passes."""
    _require_secretary(actor, society)
    try:
        rows = _read_rows(file)
    except DomainError as exc:
        raise ImportRefused([{"row": 1, "field": "", "rule": "", "message": str(exc.message)}]) from None
    errors, seen, prepared = [], set(), []
    headers = set(rows[0].keys()) if rows else set()
    try:
        rules.check_no_nesting_keys([h for h in headers if h])
    except DomainError as exc:
        raise ImportRefused(
            [{"row": 1, "field": exc.field, "rule": exc.rule, "message": str(exc.message)}]
        ) from None
    if not rows:
        raise ImportRefused([{"row": 1, "field": "", "rule": "", "message": _("The file has no rows.")}])
    for number, row in enumerate(rows, start=2):
        data = {}
        for header, value in row.items():
            key = IMPORT_COLUMNS.get((header or "").strip().lower()) or IMPORT_COLUMNS.get(
                (header or "").strip()
            )
            if key is None:
                if (value or "").strip():
                    errors.append(
                        {
                            "row": number,
                            "field": header,
                            "rule": "",
                            "message": _("Unknown column “%(col)s”.") % {"col": header},
                        }
                    )
                continue
            data[key] = (value or "").strip()
        kind = data.get("kind") or BranchKind.BRANCH
        data["kind"] = KIND_LABELS.get(kind, kind)
        data["business_scope"] = parse_codes(data.get("business_scope", ""))
        branch = Branch(society=society, created_by=actor, status=BranchStatus.PROPOSED, **data)
        try:
            rules.check_branch(branch)
            if branch.name in seen:
                raise DomainError(_("The name appears twice in the file."), field="name")
        except DomainError as exc:
            errors.append(
                {"row": number, "field": exc.field or "", "rule": exc.rule or "", "message": str(exc.message)}
            )
            continue
        seen.add(branch.name)
        prepared.append(branch)
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        for branch in prepared:
            branch.save()
            log_action(
                "branches.branch.proposed",
                actor=actor,
                obj=branch,
                to_status=branch.status,
                data={"imported": True},
            )
        log_action(
            "branches.branch.imported",
            actor=actor,
            obj=society,
            data={"count": len(prepared), "names": [b.name for b in prepared]},
        )
    return prepared
