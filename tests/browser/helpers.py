"""Constants and helpers shared by the browser tests."""

import json
import os
import re
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = "Chromium not installed: apt-get install chromium chromium-driver"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Every public page of the loaded site: (name for screenshots, address, <html lang>).
PUBLIC_PAGES = [
    ("da-home", "/", "da"),
    ("da-mission", "/mission/", "da"),
    ("da-grundlag", "/grundlag/", "da"),
    ("da-visioner", "/visioner-2010-2013/", "da"),
    ("da-nyheder", "/nyheder/", "da"),
    ("da-search", "/search/?q=bolig", "da"),
    ("da-search-nothing-found", "/search/?q=xyzzy", "da"),
    ("da-404", "/findes-ikke/", "da"),
    ("da-surveys", "/surveys/", "da"),
    ("da-accessibility", "/tilgaengelighed/", "da"),
    ("nb-home", "/nb/", "nb"),
    ("nb-nyheter", "/nb/nyheter/", "nb"),
    ("nb-article", "/nb/nyheter/kunnskap-om-leieboermedvirkning/", "nb"),
    ("nb-project", "/nb/leieboermedvirkning/", "nb"),
    ("nb-404", "/nb/finnes-ikke/", "nb"),
    ("nb-surveys", "/nb/surveys/", "nb"),
    ("nb-search", "/nb/search/?q=leieboer", "nb"),
    ("nb-events", "/events/?lang=nb", "nb"),
    ("nb-event-past", "/events/innspillsmote-2022/", "nb"),
    ("nb-survey-closed", "/survey/kartlegging-medvirkning/", "nb"),
    ("nb-accessibility", "/nb/tilgjengelighet/", "nb"),
    ("en-home", "/en/", "en"),
    ("en-news", "/en/news/", "en"),
    ("en-surveys", "/en/surveys/", "en"),
    ("en-events", "/events/?lang=en", "en"),
    ("en-accessibility", "/en/accessibility/", "en"),
]
# The WCAG 2.1 A and AA rules of axe-core; best-practice rules are left out on purpose.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


SITE_CONTENT = (
    Path(__file__).resolve().parents[2] / "lejerbo_site" / "content" / "site_content.json"
)


def site_content_data() -> dict:
    """The source texts `load_site_content` loads, so tests check the words a visitor reads."""
    return json.loads(SITE_CONTENT.read_text(encoding="utf-8"))


def chromium_installed() -> bool:
    return CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)


def save_screenshot(page, name: str) -> Path:
    """Save the viewport as test-artifacts/screenshots/<name>-<width>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "page"
    path = SCREENSHOT_DIR / f"{slug}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path))
    return path


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def describe_violations(violations: list[dict]) -> str:
    """One block per violation: rule id, help text, link and the offending nodes."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {target}: {summary}")
            lines.append(f"       {node.get('html', '')[:200]}")
    return "\n".join(lines)


class AxeLog:
    """axe's findings (plus the contrast of form control borders, which axe leaves out)
    over a walk through several states, asserted once at the end, so one failing run
    names every state, rule and element that needs fixing."""

    def __init__(self):
        self.failures = []
        self.checked = []

    def check(self, page, label: str) -> None:
        self.checked.append(label)
        violations = axe_violations(page)
        if violations:
            self.failures.append(f"{label} <{page.url}>:\n{describe_violations(violations)}")
        for html, ratio in low_contrast_borders(page):
            self.failures.append(f"{label}: border contrast {ratio}:1 < 3:1 (1.4.11) on {html}")

    def assert_clean(self) -> None:
        assert not self.failures, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(self.failures)


# The border of every form control against what is behind it (WCAG 2.1 1.4.11, which
# axe-core does not check): the controls whose contrast is below 3:1.
_LOW_CONTRAST_BORDERS = """() => {
    const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
        const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = e => {
        for (let p = e.parentElement; p; p = p.parentElement) {
            const c = rgb(getComputedStyle(p).backgroundColor);
            if (c.length === 3 || c[3] > 0) return c;
        }
        return [255, 255, 255];
    };
    return [...document.querySelectorAll('input, select, textarea')]
        // The focused control is drawn by the site's focus ring instead.
        .filter(e => e !== document.activeElement)
        .filter(e => e.getClientRects().length && e.type !== 'hidden' && e.tabIndex >= 0)
        .map(e => {
            const a = lum(rgb(getComputedStyle(e).borderTopColor)), b = lum(background(e));
            const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            return [e.outerHTML.slice(0, 120), Math.round(ratio * 100) / 100];
        })
        .filter(([, ratio]) => ratio < 3);
}"""


def low_contrast_borders(page) -> list:
    return page.evaluate(_LOW_CONTRAST_BORDERS)
