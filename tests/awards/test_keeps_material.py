"""Forms keep the user's work (issue 16 item 6): the supporting material chosen on the nomination form
survives a refusal of another field (here the nominee under an active sanction, R-ETH-02) and is attached
with the corrected nomination without choosing the file again."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards.models import Nomination

from ..factories import AwardProgramFactory, AwardRoundFactory, CreditRecordFactory, member_of

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def open_round(society_a, secretary_a):
    return AwardRoundFactory(program=AwardProgramFactory(society=society_a, created_by=secretary_a))


def test_the_material_survives_a_refused_nominee(login, secretary_a, society_a, open_round):
    barred = member_of(society_a, name="受处分者")
    CreditRecordFactory(person=barred, starts_on=timezone.localdate() - timedelta(days=3))
    good = member_of(society_a, name="李娜")
    client = login(secretary_a)
    url = f"/awards/rounds/{open_round.pk}/nominate/"
    material = SimpleUploadedFile("推荐书.pdf", PDF, content_type="application/pdf")
    res = client.post(
        url, {"nominee": barred.pk, "nominee_q": "", "nominating_unit": "某大学", "file": material}
    )
    assert res.status_code == 200 and "R-ETH-02" in str(res.context["form"].errors["nominee"])
    assert not Nomination.objects.exists()
    html = res.content.decode()
    assert "已上传：推荐书.pdf" in html
    token = re.search(r'name="file__held" value="([^"]+)"', html).group(1)

    # corrected, without choosing the file again: the held material is attached
    res = client.post(
        url, {"nominee": good.pk, "nominee_q": "", "nominating_unit": "某大学", "file__held": token}
    )
    assert res.status_code == 302
    nomination = Nomination.objects.get()
    material = nomination.materials.get()
    assert material.original_name == "推荐书.pdf" and material.file.read() == PDF


def test_a_material_of_the_wrong_kind_is_not_kept(login, secretary_a, society_a, open_round):
    nominee = member_of(society_a)
    res = login(secretary_a).post(
        f"/awards/rounds/{open_round.pk}/nominate/",
        {
            "nominee": nominee.pk,
            "nominee_q": "",
            "nominating_unit": "某大学",
            "file": SimpleUploadedFile("x.pdf", b"nope"),
        },
    )
    assert res.status_code == 200 and "file" in res.context["form"].errors
    assert not Nomination.objects.exists() and "file__held" not in res.content.decode()
