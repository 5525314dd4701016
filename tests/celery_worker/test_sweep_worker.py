"""A compliance sweep runs in a real worker; a worker killed (SIGKILL) mid-sweep loses nothing: running
the sweep again in a new worker carries on after the last committed check and opens no duplicate."""

import os
import signal
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Count
from django.utils import timezone

from compliance import services
from compliance.models import Finding, Sweep
from compliance.registry import checks
from tests.factories import BranchFactory, DonationFactory, OfficerFactory, SocietyFactory

from .conftest import worker_output

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _wait(sweep_pk, until, proc, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sweep = Sweep.objects.get(pk=sweep_pk)
        if until(sweep):
            return sweep
        time.sleep(0.05)
    pytest.fail(f"sweep {sweep_pk} stuck at {sweep.status} {sweep.progress}%\n" + worker_output(proc))


def test_killed_sweep_completes_on_rerun_without_duplicates(start_worker, cast_admin):
    for _ in range(3):
        society = SocietyFactory()
        OfficerFactory(society=society, full_time=False)
        BranchFactory(society=society, established_on=timezone.localdate() - timedelta(days=800))
        DonationFactory(society=society, amount=Decimal("300000.00"))
    _, slow = start_worker(COMPLIANCE_SWEEP_PAUSE="0.4")  # time to kill it between two checks
    sweep = services.start_sweep(actor=cast_admin)
    midway = _wait(sweep.pk, lambda s: len(s.checks_done) >= 2, slow)
    os.kill(slow.pid, signal.SIGKILL)
    slow.wait(timeout=10)
    killed = Sweep.objects.get(pk=sweep.pk)
    assert killed.status == "running" and 0 < killed.progress < 100
    assert len(killed.checks_done) < len(checks())
    opened_before = Finding.objects.count()
    assert opened_before == killed.findings_opened  # what was committed is counted, nothing half-written
    print(f"killed at {killed.progress}% after {killed.checks_done} (midway saw {midway.progress}%)")

    _, fresh = start_worker()
    services.resume_sweep(actor=cast_admin, sweep=killed)
    done = _wait(sweep.pk, lambda s: s.is_finished, fresh)
    assert done.status == "done" and done.progress == 100, done.error
    assert sorted(done.checks_done) == sorted(c.id for c in checks())  # every check once
    duplicates = (
        Finding.objects.values("rule", "content_type", "object_id", "society")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert list(duplicates) == []
    assert Finding.objects.count() == done.findings_opened
    assert {"R-GOV-04", "R-BR-05", "R-PB-02"} <= set(Finding.objects.values_list("rule", flat=True))
    # and a sweep run from scratch now finds nothing new
    again = services.start_sweep(actor=cast_admin)
    again = _wait(again.pk, lambda s: s.is_finished, fresh)
    assert (again.status, again.findings_opened, again.findings_resolved) == ("done", 0, 0)
