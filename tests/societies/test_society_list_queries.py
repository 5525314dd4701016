"""The public society directory runs a constant number of queries whatever the number of societies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import SocietyFactory


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [None, "secretary_a", "cast_admin"])
def test_society_list_query_count_is_constant(request, client, login, persona):
    if persona:
        client = login(request.getfixturevalue(persona))
    SocietyFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/societies/").status_code == 200
    SocietyFactory.create_batch(25)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/societies/")
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
