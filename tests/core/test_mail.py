"""core.mail: tasks queued after commit (robustly), messages grouped and rendered per language."""

import logging

import pytest
from django.db import transaction
from django.utils.translation import gettext as _

from core.mail import enqueue_on_commit, language_of, localized


class FakeTask:
    name = "tests.fake"

    def __init__(self, error=None):
        self.calls, self.error = [], error

    def delay(self, *args):
        self.calls.append(args)
        if self.error:
            raise self.error


@pytest.mark.django_db(transaction=True)
def test_enqueued_after_commit_and_not_at_all_after_rollback():
    task = FakeTask()
    with transaction.atomic():
        enqueue_on_commit(task, 1, "approved")
        assert task.calls == []
    assert task.calls == [(1, "approved")]
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(task, 2)
        raise RuntimeError
    assert task.calls == [(1, "approved")]


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_is_logged_not_raised(caplog):
    task = FakeTask(error=ConnectionRefusedError("broker down"))
    with caplog.at_level(logging.ERROR), transaction.atomic():
        enqueue_on_commit(task, 7)
    assert task.calls == [(7,)]
    assert "enqueue tests.fake(7,)" in caplog.text and "broker down" in caplog.text


def test_language_of_falls_back_to_the_site_language(settings):
    class U:
        preferred_language = "en"

    assert language_of(U()) == "en"
    U.preferred_language = "fr"  # not a language of the portal
    assert language_of(U()) == settings.LANGUAGE_CODE == "zh-hans"
    assert language_of(None) == "zh-hans"


def test_one_message_per_language_rendered_in_it():
    messages = localized(
        [("a@x.cn", "zh-hans"), ("b@x.org", "en"), ("", "en"), ("c@x.cn", "zh-hans"), ("a@x.cn", "zh-hans")],
        lambda: (_("rejected"), "body"),
    )
    assert [(m.to, m.subject) for m in messages] == [
        (["a@x.cn", "c@x.cn"], "不予备案"),
        (["b@x.org"], "rejected"),
    ]
    assert localized([("", "en")], lambda: ("s", "b")) == []
