"""The results page as staff (and readers of published results) see it: question texts,
charts with their tables, the cross-table, and never a withheld figure in the HTML."""

import re
import uuid

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from surveys import services
from surveys.models import Survey
from tests.surveys.factories import opt, q

pytestmark = pytest.mark.django_db


def submit(survey, *, who=1, board=1):
    values = {
        q(survey, "who").pk: {"option": opt(survey, "who", who).pk, "other": ""},
        q(survey, "board").pk: board,
    }
    services.response_submit(survey=survey, language="da", token=uuid.uuid4(), values=values)


def results_url(survey, **params):
    url = reverse("admin:surveys_survey_results", kwargs={"pk": survey.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def section(html, heading_text) -> BeautifulSoup:
    soup = BeautifulSoup(html, "html.parser")
    heading = soup.find("h3", string=re.compile(re.escape(heading_text)))
    return heading.find_parent("section")


def bars(part) -> list[str]:
    return [rect["width"] for rect in part.select("svg rect.survey-chart-bar")]


def test_the_group_filter_names_each_question_by_its_text(survey, staff_client, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 3
    for who in [1] * 3 + [2] * 3:
        submit(survey, who=who)

    soup = BeautifulSoup(staff_client.get(results_url(survey)).content, "html.parser")

    groups = [g["label"] for g in soup.select("#id_group optgroup")]
    assert groups == ["Hvem er I?"]
    headings = [h.get_text(" ", strip=True) for h in soup.select("section.survey-result h3")]
    assert headings[0] == "1. Hvem er I?" and not any("who" in h for h in headings)


def test_the_page_speaks_the_staff_members_admin_language(survey, staff_client, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 3
    settings.LANGUAGE_CODE = "en"  # the Django admin speaks the site's language
    for who in [1] * 3 + [2] * 3:
        submit(survey, who=who)

    html = staff_client.get(results_url(survey)).content.decode()

    assert 'optgroup label="Who are you?"' in html


def test_a_withheld_answer_gets_no_bar_and_no_figure(survey, staff_client, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    # Kommune 9, Udlejer 1 (withheld), Other 0 (withheld); board: 1 "no" takes "yes" with it.
    for n in range(10):
        submit(survey, who=2 if n == 0 else 1, board=0 if n == 0 else 1)

    html = staff_client.get(results_url(survey)).content.decode()

    who = section(html, "Hvem er I?")
    assert bars(who) == ["90.0%"]
    labels = [t.get_text() for t in who.select("svg text")]
    assert labels[0].startswith("Kommune: 9 ")
    assert not re.search(r"\d", "".join(labels[1:]))  # "Udlejer: skjult", "Andet: skjult"
    cells = [[c.get_text(strip=True) for c in tr.find_all(["td"])] for tr in who.select("tbody tr")]
    assert cells == [["9", "90,0"], ["Skjult"], ["Skjult"]]
    board = section(html, "Har I en beboerbestyrelse?")
    assert bars(board) == [] and not re.search(r"\d", " ".join(board.select_one("svg").strings))
    assert {td.get_text(strip=True) for td in board.select("tbody td")} == {"Skjult"}


def test_each_chart_is_named_and_followed_by_its_table(survey, staff_client, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 2
    for n in range(6):
        submit(survey, who=1 + n % 2, board=n % 2)

    soup = BeautifulSoup(staff_client.get(results_url(survey)).content, "html.parser")

    for svg in soup.select("svg.survey-chart"):
        assert svg["role"] == "img"
        assert soup.find(id=svg["aria-labelledby"]).name == "title"
        table = svg.find_parent("figure").find_next_sibling("table")
        assert table.caption.get_text(strip=True)
        assert all(th["scope"] for th in table.find_all("th"))
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_the_crosstab_shows_counts_and_withholds_small_cells(survey, staff_client, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 3
    # Kommune: 5 yes, 1 no; Udlejer: 4 yes, 4 no.
    for who, board in [(1, 1)] * 5 + [(1, 0)] + [(2, 1)] * 4 + [(2, 0)] * 4:
        submit(survey, who=who, board=board)
    url = results_url(survey, row=q(survey, "who").pk, column=q(survey, "board").pk)

    soup = BeautifulSoup(staff_client.get(url).content, "html.parser")

    table = soup.select_one("table.survey-crosstab-table")
    assert (
        "Hvem er I?" in table.caption.get_text() and "beboerbestyrelse" in table.caption.get_text()
    )
    assert [th.get_text() for th in table.thead.find_all("th")] == ["Ja", "Nej", "I alt"]
    rows = {
        tr.th.get_text(): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in table.select("tbody tr, tfoot tr")
    }
    # The one "no" of Kommune is withheld, and with it enough that 6 - 5 and 5 - 4 say nothing.
    assert rows["Kommune"].count("Skjult") >= 2
    assert [rows[r][1] for r in ("Kommune", "Udlejer")].count("Skjult") >= 2
    assert rows["I alt"][-1] == "14"
    assert "1" not in [cell for cells in rows.values() for cell in cells]
    # The form keeps what was chosen.
    assert soup.select_one("#id_row option[selected]").get_text() == "Hvem er I?"


def test_the_same_question_twice_gets_a_message_next_to_the_form(survey, staff_client):
    who = q(survey, "who").pk
    page = staff_client.get(results_url(survey, row=who, column=who))

    soup = BeautifulSoup(page.content, "html.parser")
    assert page.status_code == 200
    assert soup.select_one("#crosstab-error").get_text() == "Vælg to forskellige spørgsmål."
    assert soup.select_one("#id_column")["aria-describedby"] == "crosstab-error"


def test_staff_without_the_results_permission_get_403_on_the_crosstab_too(survey, client):
    user = User.objects.create_user("coordinator", password="pw-123456789", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename="view_invitationcode"))
    client.force_login(user)
    url = results_url(survey, row=q(survey, "who").pk, column=q(survey, "board").pk)

    assert client.get(url).status_code == 403
    assert client.get(results_url(survey)).status_code == 403


def test_published_results_show_charts_without_withheld_figures(client, survey, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    for n in range(10):
        submit(survey, who=2 if n == 0 else 1)
    survey.status = Survey.Status.CLOSED
    survey.results_published = True
    survey.save()

    html = client.get(f"/survey/{survey.slug}/results/").content.decode()

    who = section(html, "Hvem er I?")
    assert bars(who) == ["90.0%"]
    assert "surveys/results.css" in html
