"""The generic form fillers the survey and sign-up journeys rely on answer a form the
way crispy-bootstrap5 renders it, by mouse and by keyboard alone.

The sample form sits inside the real site (its CSS, focus styles, header and footer)
and submits with GET, so the address afterwards shows exactly what was sent.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.forms import TEXT_ANSWER, complete_with_keyboard, fill_visible_fields

pytestmark = pytest.mark.browser

SAMPLE_FORM = """
<form method="get" action="/search/" id="sample">
  <div class="mb-3"><label for="id_name" class="form-label">Navn*</label>
    <input type="text" name="name" class="textinput form-control" required id="id_name"></div>
  <div class="mb-3"><label for="id_email" class="form-label">E-post*</label>
    <input type="email" name="email" class="emailinput form-control" required id="id_email"></div>
  <div class="mb-3"><label for="id_kind" class="form-label">Type*</label>
    <select name="kind" class="select form-select" id="id_kind" required>
      <option value="" selected>---------</option><option value="kommune">Kommune</option>
      <option value="annet">Annet</option></select></div>
  <fieldset class="mb-3"><legend class="form-label">Hvem svarer?*</legend>
    <div class="form-check"><input type="radio" class="form-check-input" name="role"
      value="kommune" id="id_role_0" required><label class="form-check-label"
      for="id_role_0">Kommune</label></div>
    <div class="form-check"><input type="radio" class="form-check-input" name="role"
      value="bydel" id="id_role_1">
      <label class="form-check-label" for="id_role_1">Bydel</label></div>
    <label for="id_role_other" class="form-label">Annet, oppgi</label>
    <input type="text" name="role_other" class="form-control" id="id_role_other"></fieldset>
  <fieldset class="mb-3"><legend class="form-label">Metoder</legend>
    <div class="form-check"><input type="checkbox" class="form-check-input" name="methods"
      value="m1" id="id_methods_0">
      <label class="form-check-label" for="id_methods_0">Møter</label></div>
    <div class="form-check"><input type="checkbox" class="form-check-input" name="methods"
      value="m2" id="id_methods_1">
      <label class="form-check-label" for="id_methods_1">Råd</label></div>
  </fieldset>
  <div class="mb-3"><label for="id_homes" class="form-label">Antall boliger</label>
    <input type="number" name="homes" min="1" max="10000" class="form-control" id="id_homes"></div>
  <div class="mb-3"><label for="id_barriers" class="form-label">Hindringer</label>
    <textarea name="barriers" class="form-control" id="id_barriers"></textarea></div>
  <div class="mb-3 form-check"><input type="checkbox" name="consent" class="form-check-input"
    id="id_consent" required>
    <label for="id_consent" class="form-check-label">Samtykke*</label></div>
  <div class="visually-hidden" aria-hidden="true"><label for="id_website">La feltet stå tomt</label>
    <input type="text" name="website" tabindex="-1" autocomplete="off" id="id_website"></div>
  <button type="submit" name="back" value="1" class="btn btn-secondary">Forrige</button>
  <button type="submit" class="btn btn-primary">Neste</button>
</form>
"""


def open_sample_form(page):
    page.goto("/")
    page.evaluate(
        "html => { document.querySelector('main .container').innerHTML = html; }", SAMPLE_FORM
    )


def sent(page):
    return parse_qs(urlsplit(page.url).query)


def test_fill_visible_fields_answers_every_kind_of_field_except_other(js_page):
    open_sample_form(js_page)
    fill_visible_fields(js_page.locator("#sample"), email="a@example.org")
    js_page.locator("#sample").get_by_role("button", name="Neste").click()
    js_page.wait_for_url(re.compile(r"/search/\?"))

    answers = sent(js_page)
    assert answers["name"] == [TEXT_ANSWER] and answers["email"] == ["a@example.org"]
    assert answers["kind"] == ["kommune"] and answers["role"] == ["kommune"]
    assert answers["methods"] == ["m1"] and answers["homes"] == ["1"]
    assert answers["barriers"] == [TEXT_ANSWER] and answers["consent"] == ["on"]
    assert "role_other" not in answers or answers["role_other"] == [""]
    assert answers.get("website", [""]) == [""], "the honeypot (core.abuse) stays empty"
    assert "back" not in answers


def test_complete_with_keyboard_fills_the_form_and_presses_the_chosen_button(js_page):
    open_sample_form(js_page)
    complete_with_keyboard(js_page, submit=re.compile("^Neste$"), email="k@example.org")
    js_page.wait_for_url(re.compile(r"/search/\?"))

    answers = sent(js_page)
    assert answers["name"] == [TEXT_ANSWER] and answers["email"] == ["k@example.org"]
    assert answers["kind"] == ["kommune"] and answers["role"] == ["kommune"]
    assert answers["methods"] == ["m1"] and answers["consent"] == ["on"]
    assert answers["homes"] == ["5"] and answers["barriers"] == [TEXT_ANSWER]
    assert answers.get("website", [""]) == [""]
    assert "back" not in answers
