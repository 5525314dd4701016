"""Issue 14, finding 8: CAST's reasons for a status change are read by CAST, the regulator and the
society's own staff only — not by every signed-in user reading a public record."""

import pytest

from awards.services import programs
from societies import services
from tests.factories import AwardProgramFactory

pytestmark = pytest.mark.django_db


def test_society_history_is_not_read_across_the_society_line(
    api, cast_admin, regulator, secretary_a, secretary_b, member, society_a
):
    services.change_society_status(
        actor=cast_admin, society=society_a, action="suspend", comment="年检不合格"
    )
    url = f"/api/v1/societies/{society_a.pk}/history/"
    for reader in (cast_admin, regulator, secretary_a):
        assert api.as_user(reader).get(url).json()[-1]["comment"] == "年检不合格", reader
    for outsider in (secretary_b, member):
        assert api.as_user(outsider).get(url).status_code == 403, outsider


def test_public_program_history_hides_cast_reasons_from_outsiders(
    api, cast_admin, regulator, secretary_a, secretary_b, member, society_a
):
    program = AwardProgramFactory(society=society_a, status="listed")
    programs.decide_program(actor=cast_admin, program=program, step="suspend", comment="评审程序不规范")
    programs.decide_program(actor=cast_admin, program=program, step="reinstate", comment="已整改")
    url = f"/api/v1/award-programs/{program.pk}/history/"
    for reader in (cast_admin, regulator, secretary_a):
        comments = [e["comment"] for e in api.as_user(reader).get(url).json()]
        assert "评审程序不规范" in comments, reader
    for outsider in (secretary_b, member):
        response = api.as_user(outsider).get(url)
        assert response.status_code == 200
        entries = response.json()
        assert entries and all(e["comment"] == "" for e in entries), outsider
