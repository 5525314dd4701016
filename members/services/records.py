"""CAST's records about people: academic credit records (R-ETH-01) and training attendance (R-TR-01)."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from core.access import DECIDE, require
from core.audit import log_action
from core.errors import DomainError
from core.history import attribute_change
from core.uploads import check_document

from ..choices import CreditKind, TrainingKind
from ..models import CreditRecord, Person, TrainingRecord
from .common import _check_choice, _today


def record_credit(
    *,
    actor,
    person: Person,
    kind: str,
    summary: str,
    starts_on: date,
    source_document: str,
    ends_on: date | None = None,
    source_file=None,
) -> CreditRecord:
    """An academic credit record with its source document. CAST administrators only (R-ETH-01)."""
    require(actor, None, DECIDE, _("Only CAST administrators record academic credit (R-ETH-01)."))
    _check_choice("kind", kind, CreditKind.values)
    if not (summary or "").strip():
        raise DomainError(_("Describe the finding or sanction."), field="summary")
    if not (source_document or "").strip():
        raise DomainError(
            _("Name the source document (decision, file number)."), rule="R-ETH-01", field="source_document"
        )
    if starts_on is None:
        raise DomainError(_("Give the start date."), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("The period ends before it starts."), field="ends_on")
    if source_file:
        check_document(source_file, field="source_file", rule="R-ETH-01")
    with transaction.atomic():
        record = CreditRecord(
            person=person,
            kind=kind,
            summary=summary.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            source_document=source_document.strip(),
            recorded_by=actor,
        )
        if source_file:
            record.source_file = source_file
        attribute_change(record, actor=actor)
        record.save()
        log_action(
            "members.creditrecord.recorded",
            actor=actor,
            obj=record,
            data={
                "person": person.pk,
                "kind": kind,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat() if ends_on else None,
                "source_document": record.source_document,
            },
        )
    return record


def record_training(
    *, actor, person: Person, kind: str, course: str, attended_on: date, hours, society=None
) -> TrainingRecord:
    """Attendance of new-leader, secretary-general rotation or staff training (R-TR-01). CAST records it."""
    require(actor, None, DECIDE, _("Only CAST administrators record training attendance."))
    _check_choice("kind", kind, TrainingKind.values)
    if not (course or "").strip():
        raise DomainError(_("Name the course."), field="course")
    if attended_on is None:
        raise DomainError(_("Give the date."), field="attended_on")
    if attended_on > _today() + timedelta(days=1):
        raise DomainError(_("Attendance cannot be recorded for a future date."), field="attended_on")
    try:
        hours = Decimal(str(hours))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Hours must be a number."), field="hours") from None
    hours = hours.quantize(Decimal("0.1")) if hours.is_finite() else hours
    if not hours.is_finite() or hours <= 0 or hours > 1000:
        raise DomainError(_("Hours must be more than 0."), field="hours")
    with transaction.atomic():
        record = TrainingRecord.objects.create(
            person=person,
            society=society,
            kind=kind,
            course=course.strip(),
            attended_on=attended_on,
            hours=hours,
            recorded_by=actor,
        )
        log_action(
            "members.trainingrecord.recorded",
            actor=actor,
            obj=record,
            data={
                "person": person.pk,
                "kind": kind,
                "attended_on": attended_on.isoformat(),
                "hours": str(hours),
            },
        )
    return record
