"""Journey: a member of staff builds a survey on one admin page (a Likert and a matrix
question, without saving in between), previews it, opens it, a visitor answers it,
and staff see it on the results page.

The screenshots of docs/editors.md come from this walk
(test-artifacts/screenshots/editors-*.png, copied to docs/screenshots/ after a look).
"""

import sys

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from lejerbo_site.roles import role_group
from surveys.content import DEMO_SLUG
from surveys.models import Answer, Question, Response, Survey
from surveys.selectors import min_group_size
from tests.browser.forms import fill_visible_fields
from tests.browser.helpers import SCREENSHOT_DIR, axe_violations, describe_violations

pytestmark = pytest.mark.browser

PASSWORD = "hemmeligt-ord-3"
SLUG = "naboskab-2027"
LAPTOP = {"width": 1366, "height": 768}


def survey_builder_staff():
    """A survey editor: the role that builds surveys (docs/roles.md), nothing added by hand."""
    user = get_user_model().objects.create_user(
        "bygger", "bygger@example.org", PASSWORD, is_staff=True
    )
    user.groups.add(role_group("survey_editor"))
    return user


def shoot(page, name, *, full_page=False):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"editors-{name}.png"), full_page=full_page)


def add(scope, model):
    """nested_admin's "Add another …" link of a section, question or option list."""
    scope.locator(f".djn-add-handler.djn-model-surveys-{model}").last.click()


def boxes_overlap(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_staff_build_preview_open_and_read_a_survey(new_context):
    survey_builder_staff()
    page = new_context(javascript=True, viewport=LAPTOP).new_page()
    page.goto("/django-admin/login/")
    page.locator("input[name=username]").fill("bygger")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.wait_for_url("**/django-admin/")

    # 1. A new survey: title, address; everything else has a sensible default.
    page.goto("/django-admin/surveys/survey/add/")
    shoot(page, "1-add")
    page.locator("[name=title_da]").press_sequentially("Naboskab 2027")  # the address follows
    expect(page.locator("[name=slug]")).to_have_value(SLUG)

    # 2. A section with a Likert and a matrix question, before anything is saved.
    add(page, "section")
    page.locator("[name='sections-0-title_da']").fill("Om dit naboskab")
    section = page.locator("#sections-0")
    add(section, "question")
    page.locator("[name='sections-0-questions-0-type']").select_option("likert")
    page.locator("[name='sections-0-questions-0-text_da']").fill("Jeg kender mine naboer.")
    add(section, "question")
    page.locator("[name='sections-0-questions-1-type']").select_option("matrix")
    page.locator("[name='sections-0-questions-1-text_da']").fill("Hvor enig er du?")
    page.locator("[name='sections-0-questions-1-low_label_da']").fill("Slet ikke")
    page.locator("[name='sections-0-questions-1-high_label_da']").fill("I høj grad")
    matrix = page.locator("#sections-0-questions-1")
    for i, item in enumerate(["Vi hjælper hinanden", "Der er roligt om natten"]):
        add(matrix, "option")
        page.locator(f"[name='sections-0-questions-1-options-{i}-label_da']").fill(item)
    shoot(page, "2-builder", full_page=True)

    # 3. Save and preview: the draft as respondents see it, stored nowhere.
    page.locator("input[name=_preview]").click()
    page.wait_for_url(f"**/survey/{SLUG}/preview/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Forhåndsvisning – svarene gemmes ikke")
    expect(main).to_contain_text("1 – Meget uenig")  # the Likert's default end labels
    expect(main).to_contain_text("5 – I høj grad")
    shoot(page, "3-preview")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    fill_visible_fields(page.locator("main form[method=post]"))
    page.locator("main form[method=post] button[name=submit]").click()
    expect(main).to_contain_text("Tak for dine svar")
    expect(main).to_contain_text("Forhåndsvisning – svarene gemmes ikke")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    survey = Survey.objects.get(slug=SLUG)
    assert not Response.objects.filter(survey=survey).exists()
    assert list(survey.questions.order_by("order").values_list("type", flat=True)) == [
        Question.Type.LIKERT,
        Question.Type.MATRIX,
    ]

    # 4. Open it: status "open", save. The toolbar never covers the title.
    page.goto(f"/django-admin/surveys/survey/{survey.pk}/change/")
    title = page.locator("#content h1, #content h2").first.bounding_box()
    for tool in page.locator(".object-tools li").all():
        assert not boxes_overlap(title, tool.bounding_box())
    # A survey editor builds; exporting the responses is the analysts' (docs/roles.md).
    expect(page.locator("#content a[href*='/export/']")).to_have_count(0)
    page.locator("[name=status]").select_option("open")
    shoot(page, "4-open")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN

    # 5. Visitors answer (without JavaScript): enough for the results to show figures.
    respondents = min_group_size()
    for _ in range(respondents):
        visitor = new_context().new_page()
        visitor.goto(f"/survey/{SLUG}/")
        fill_visible_fields(visitor.locator("main form[method=post]"))
        visitor.locator("main form[method=post] button[name=submit]").click()
        expect(visitor.get_by_role("main")).to_contain_text("Tak for dine svar")
    assert Response.objects.filter(survey=survey).count() == respondents
    # Each: the Likert and both matrix items.
    assert Answer.objects.filter(response__survey=survey).count() == 3 * respondents

    # 6. Staff read the results.
    page.goto(f"/django-admin/surveys/survey/{survey.pk}/change/")
    page.locator(".object-tools a[href$='/results/']").click()
    expect(page.locator("#content h1")).to_contain_text("Naboskab 2027")
    expect(page.locator("#content")).to_contain_text("Jeg kender mine naboer.")
    title = page.locator("#content h1").bounding_box()
    for tool in page.locator(".object-tools li").all():
        assert not boxes_overlap(title, tool.bounding_box())
    expect(page.locator("#content a[href*='/export/']")).to_have_count(0)
    shoot(page, "5-results")


def test_the_builder_of_the_seeded_survey_stays_compact(new_context, capsys):
    """The demo copy of the source survey, with every question and option on the page."""
    get_user_model().objects.create_superuser("stab", "stab@example.org", PASSWORD)
    page = new_context(javascript=True, viewport=LAPTOP).new_page()
    page.goto("/django-admin/login/")
    page.locator("input[name=username]").fill("stab")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.wait_for_url("**/django-admin/")
    survey = Survey.objects.get(slug=DEMO_SLUG)
    page.goto(f"/django-admin/surveys/survey/{survey.pk}/change/")
    height = page.evaluate("document.documentElement.scrollHeight")
    with capsys.disabled():
        sys.stdout.write(
            f"\nsurvey change form, {survey.questions.count()} questions: {height} px\n"
        )
    shoot(page, "6-seeded-builder", full_page=True)
    assert height < 9_000  # 11,089 px before the builder, without the options
