"""Search takes any text: characters of the database's query syntax are not errors."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("query", ['"', 'beboer"', "AND OR NOT", "a* NEAR(b)", "(", "-", "^x"])
def test_query_syntax_characters_are_searched_as_text(client, home_page, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
