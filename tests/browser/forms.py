"""Answer forms the way a person does, without knowing the questions in advance.

The survey and sign-up journeys use these, so they keep working when questions,
labels or languages change: every visible field gets a plausible answer by its type.
Selectors are Playwright's (`:visible`), so they also work with JavaScript off.
"""

import json
import re

TEXT_ANSWER = "Svar med æøå og ÆØÅ – «sitat»"
TEXT_LIKE = (
    "input[type=text], input[type=search], input[type=tel], input[type=url], input:not([type])"
)
# A honeypot (core.abuse) is visually hidden but still has a box, so Playwright
# calls it visible; it is also out of the tab order, which is how a person never meets it.
NOT_FOR_PEOPLE = ":not([tabindex='-1'])"
# Fields that stay empty unless their "other" option is picked (the lead may need to
# adjust this to the surveys app's field names).
OTHER_FIELD = re.compile(r"other|annet|andet", re.I)
# Elements reachable with Tab, in document order (tabindex="-1" is reachable only by script).
FOCUSABLE = (
    ":is(a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]),"
    " select:not([disabled]), textarea:not([disabled]), [tabindex]):not([tabindex='-1'])"
)
# What makes focus visible: the outline and box-shadow, read from the computed style.
FOCUS_STYLE = """e => {
    const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | ');
}"""


def _by_name(name: str) -> str:
    return f"[name={json.dumps(name)}]"


def fill_visible_fields(scope, *, email="deltaker@example.org", text=TEXT_ANSWER, values=None):
    """Give every visible, still empty field of `scope` (a form or page) an answer.

    Radio groups and checkbox groups get their first option, selects their first real
    option, numbers their minimum (or 5), e-mail fields `email`, other text `text`.
    `values` maps a field name to the exact text to type instead.
    """
    values = values or {}
    done = set()
    for kind in ("radio", "checkbox"):
        boxes = scope.locator(f"input[type={kind}]:visible")
        for i in range(boxes.count()):
            box = boxes.nth(i)
            name = box.get_attribute("name")
            if name in done:
                continue
            done.add(name)
            if scope.locator(f"input{_by_name(name)}:checked").count() == 0:
                box.check()

    selects = scope.locator("select:visible")
    for i in range(selects.count()):
        select = selects.nth(i)
        if not select.input_value():
            real = [v for v in select.locator("option").evaluate_all(_OPTION_VALUES) if v]
            select.select_option(real[0])

    for selector, answer in (
        ("input[type=email]", email),
        ("input[type=number]", None),
        (TEXT_LIKE, text),
        ("textarea", text),
    ):
        fields = scope.locator(f":is({selector}){NOT_FOR_PEOPLE}:visible")
        for i in range(fields.count()):
            field = fields.nth(i)
            name = field.get_attribute("name") or ""
            if field.input_value():
                continue
            if name in values:
                field.fill(values[name])
            elif answer is None:  # a number: the lowest allowed, or a small count
                field.fill(field.get_attribute("min") or "5")
            elif not OTHER_FIELD.search(name):
                field.fill(answer)


_OPTION_VALUES = "options => options.map(o => o.value)"


def mark_focus_baseline(page) -> list[str]:
    """Number the rendered focusable elements (data-focus-index) and return how each
    looks unfocused; elements with display:none cannot take focus and are left out."""
    return page.evaluate(
        """([selector, styleOf]) => {
            const style = eval(styleOf);
            const shown = [...document.querySelectorAll(selector)]
                .filter(e => e.getClientRects().length > 0);
            shown.forEach((e, i) => { e.dataset.focusIndex = i; });
            return shown.map(style);
        }""",
        [FOCUSABLE, FOCUS_STYLE],
    )


def focused_element(page) -> dict:
    """What has focus now: its focus index, look, tag, type, name, value and text."""
    return page.evaluate(
        """styleOf => {
            const e = document.activeElement;
            const group = e.name ? [...document.getElementsByName(e.name)] : [e];
            return {
                index: Number(e.dataset.focusIndex ?? -1),
                style: eval(styleOf)(e),
                tag: e.tagName.toLowerCase(),
                type: (e.getAttribute('type') || '').toLowerCase(),
                name: e.name || '',
                value: e.value ?? '',
                groupChecked: group.some(g => g.checked),
                text: (e.innerText || e.value || '').trim(),
                html: e.outerHTML.slice(0, 160),
            };
        }""",
        FOCUS_STYLE,
    )


def complete_with_keyboard(page, *, submit: re.Pattern, email="deltaker@example.org"):
    """Fill the form on `page` with Tab, Space, arrow keys and typing only, then press
    Enter on the button whose text matches `submit`. Every element focused on the way
    must look different from its unfocused self (a visible focus indicator).

    Needs a JavaScript-enabled page (it reads document.activeElement).
    """
    baseline = mark_focus_baseline(page)
    for _ in range(len(baseline) + 5):
        page.keyboard.press("Tab")
        now = focused_element(page)
        assert now["index"] >= 0, f"focus went somewhere unexpected: {now['html']}"
        assert now["style"] != baseline[now["index"]], f"no visible focus on {now['html']}"
        kind, tag = now["type"], now["tag"]
        if tag == "button" or kind == "submit":
            if submit.search(now["text"]):
                page.keyboard.press("Enter")
                return
        elif kind in ("radio", "checkbox"):
            if not now["groupChecked"] and not OTHER_FIELD.search(now["value"]):
                page.keyboard.press("Space")
        elif tag == "select":
            if not now["value"]:
                page.keyboard.press("ArrowDown")
        elif tag == "textarea" or (
            # Only inputs: a link has no type either, and typing on one does nothing good.
            tag == "input" and kind in ("", "text", "email", "number", "tel", "url")
        ):
            if not now["value"] and not OTHER_FIELD.search(now["name"]):
                answer = {"email": email, "number": "5"}.get(kind, TEXT_ANSWER)
                page.keyboard.type(answer)
    raise AssertionError(f"never reached a button matching {submit.pattern!r} with Tab")
