"""Held uploads are cleaned (issue 16 item 6): the copies kept across a validation error (core.uploads)
are removed by the hourly task core.purge_held_uploads once their tokens have expired (24 h); a file still
within its token's lifetime stays and still comes back."""

import os
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from core.tasks import purge_held_uploads
from core.uploads import HELD_DIR, HELD_MAX_AGE, held_upload, hold_upload

from ..factories import UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _age(media, token_path: str, seconds: int) -> None:
    """Make a held file look `seconds` old."""
    then = time.time() - seconds
    os.utime(media / token_path, (then, then))


def test_expired_held_uploads_are_removed_and_fresh_ones_kept(media):
    user = UserFactory()
    old = hold_upload(SimpleUploadedFile("旧.pdf", PDF), user=user)
    fresh = hold_upload(SimpleUploadedFile("新.pdf", PDF), user=user)
    (old_dir, fresh_dir) = sorted(
        (p for p in (media / HELD_DIR).iterdir()), key=lambda p: next(p.iterdir()).name != "旧.pdf"
    )
    _age(media, f"{HELD_DIR}/{old_dir.name}/旧.pdf", HELD_MAX_AGE + 60)
    _age(media, f"{HELD_DIR}/{fresh_dir.name}/新.pdf", HELD_MAX_AGE - 600)

    assert purge_held_uploads() == {"removed": 1}  # the task function, in process
    assert not old_dir.exists()  # the emptied folder went too
    assert held_upload(fresh, user=user).read() == PDF
    assert held_upload(old, user=user) is None
    assert purge_held_uploads() == {"removed": 0}


def test_nothing_held_nothing_to_do(media):
    assert not default_storage.exists(HELD_DIR)
    assert purge_held_uploads() == {"removed": 0}


def test_the_purge_runs_hourly_under_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["core-purge-held-uploads"]
    assert entry["task"] == "core.purge_held_uploads"
    assert entry["schedule"].is_due(entry["schedule"].now() - timedelta(hours=1, minutes=1)).is_due
