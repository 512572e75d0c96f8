"""WCAG 2.2 AA on every page type, in Debian's Chromium: axe-core, keyboard, structure, zoom, reduced motion.

axe-core (npm package ``axe-core``) is injected into the page through Playwright in a browser context that
bypasses the Content-Security-Policy, for the injection only; all other checks run under the site's CSP.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.site_pages import PAGE_NAMES, site_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="module")
def axe_page(chromium, demo_site):
    """A tab in a context that lets axe-core be injected despite the site's CSP."""
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run `make install` (npm ci)"
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def axe_violations(tab) -> list[dict]:
    tab.add_script_tag(path=str(AXE_JS))
    results = tab.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return results["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(
                f"    {', '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}"
            )
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_no_axe_violations(axe_page, demo_site, name):
    axe_page.goto(demo_site + site_page(name))
    violations = axe_violations(axe_page)
    assert not violations, f"{name} ({site_page(name)}):\n{describe_violations(violations)}"


@pytest.mark.parametrize("template", ["500.html", "400.html", "403_csrf.html"])
def test_error_pages_have_no_axe_violations(axe_page, demo_site, template):
    from django.template.loader import render_to_string

    axe_page.goto(demo_site + "/")
    axe_page.set_content(render_to_string(template))
    violations = axe_violations(axe_page)
    assert not violations, describe_violations(violations)


def test_form_errors_are_linked_to_their_fields_and_pass_axe(axe_page, demo_site):
    """The newsletter sign-up, sent with an invalid address, says what is wrong next to the field."""
    axe_page.goto(demo_site + site_page("nieuwsbrief-aanmelden"))
    form = axe_page.locator("main form").first
    form.evaluate("(form) => { form.noValidate = true; }")  # let the server, not the browser, judge the address
    form.locator("input[type=email]").fill("naam@")
    with axe_page.expect_navigation():
        form.locator("button[type=submit]").click()
    field = axe_page.locator("main input[type=email]").first
    assert field.get_attribute("aria-invalid") == "true"
    error = axe_page.locator("#" + field.get_attribute("aria-describedby"))
    assert "geen geldig e-mailadres" in error.inner_text()
    structure = axe_page.evaluate(STRUCTURE_JS)
    assert not structure["unlinkedErrors"]
    violations = axe_violations(axe_page)
    assert not violations, describe_violations(violations)


@pytest.mark.parametrize("width", [320, 1280])
def test_axe_finds_no_violations_on_a_narrow_screen_either(axe_page, demo_site, width):
    axe_page.set_viewport_size({"width": width, "height": 800})
    try:
        for name in ["home", "verdiepen-item", "agenda-item"]:
            axe_page.goto(demo_site + site_page(name))
            violations = axe_violations(axe_page)
            assert not violations, f"{name} at {width}px:\n{describe_violations(violations)}"
    finally:
        axe_page.set_viewport_size({"width": 1280, "height": 900})


def test_axe_gate_reports_a_violation(axe_page, demo_site):
    """The gate itself works: an image without alt text and low-contrast text are reported."""
    axe_page.goto(demo_site + "/")
    axe_page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.insertAdjacentHTML('afterbegin', '<img src="/static/img/favicon.svg">');
            const p = document.createElement('p');
            p.textContent = 'Nauwelijks leesbaar';
            p.style.color = '#bbbbbb';
            main.prepend(p);
        }"""
    )
    ids = {violation["id"] for violation in axe_violations(axe_page)}
    assert {"image-alt", "color-contrast"} <= ids


# --- Structure: language, landmarks, one h1, headings in order. ---

STRUCTURE_JS = r"""() => {
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
        .filter((h) => h.getClientRects().length > 0 || h.closest('.visually-hidden'))
        .map((h) => ({level: Number(h.tagName[1]), text: h.textContent.trim()}));
    return {
        lang: document.documentElement.lang,
        title: document.title,
        mains: document.querySelectorAll('main').length,
        banners: document.querySelectorAll('body > header, [role=banner]').length,
        contentinfos: document.querySelectorAll('body > footer, [role=contentinfo]').length,
        navs: document.querySelectorAll('nav').length,
        outside: [...document.body.children]
            .filter((el) => !el.matches('header, main, footer, .skip-link, script, template, [hidden]'))
            .map((el) => el.outerHTML.slice(0, 80)),
        headings,
        // Form errors: an invalid field names its error message with aria-describedby.
        unlinkedErrors: [...document.querySelectorAll('[aria-invalid=true]')].filter((field) => {
            const ids = (field.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
            return !ids.some((id) => (document.getElementById(id)?.textContent || '').trim());
        }).map((field) => field.name || field.id),
    };
}"""


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_language_landmarks_one_h1_headings_in_order_and_linked_errors(browser_page, demo_site, name):
    browser_page.goto(demo_site + site_page(name))
    page = browser_page.evaluate(STRUCTURE_JS)
    assert page["lang"] == "nl"
    assert page["title"].endswith("WijkWijzer")
    assert (page["mains"], page["banners"], page["contentinfos"]) == (1, 1, 1)
    assert page["navs"] >= 1
    assert not page["unlinkedErrors"], "invalid fields without a linked error message"
    assert not page["outside"], "content outside the landmarks"
    levels = [heading["level"] for heading in page["headings"]]
    assert levels.count(1) == 1, page["headings"]
    assert levels[0] == 1, "the first heading is the h1"
    for previous, heading in zip(page["headings"], page["headings"][1:], strict=False):
        assert heading["level"] <= previous["level"] + 1, (
            f"{heading['text']!r} is an h{heading['level']} after an h{previous['level']}"
        )


# --- Keyboard: skip link, visible focus, logical order, no trap. ---

SNAPSHOT_JS = """() => {
    const props = ['outlineStyle', 'outlineWidth', 'outlineColor', 'boxShadow', 'backgroundColor',
                   'borderColor', 'textDecorationLine', 'textDecorationThickness', 'color'];
    const style = (el) => { const s = getComputedStyle(el); return props.map((p) => s[p]).join('|'); };
    const chain = (el) => {
        const out = [];
        for (let i = 0; el && i < 4; i++, el = el.parentElement) out.push(style(el));
        return out;
    };
    const tabbable = [...document.querySelectorAll(
        'a[href], button, input, select, textarea, summary, iframe, [tabindex]:not([tabindex="-1"]), [contenteditable]'
    )].filter((el) => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length > 0
                && getComputedStyle(el).visibility !== 'hidden')
      // Tab stops at one radio button of a group: the checked one, or the first.
      .filter((el) => {
        if (el.type !== 'radio' || !el.name) return true;
        const radios = [...(el.form || document).querySelectorAll('input[type=radio]')];
        const group = radios.filter((r) => r.name === el.name);
        return el === (group.find((r) => r.checked) || group[0]);
      });
    window.__wwUnfocused = new Map(tabbable.map((el) => [el, chain(el)]));
    window.__wwChain = chain;
    window.__wwTabbable = tabbable;
    return {
        count: tabbable.length,
        positive: [...document.querySelectorAll('[tabindex]')]
            .filter((el) => el.tabIndex > 0).map((el) => el.outerHTML.slice(0, 80)),
    };
}"""

FOCUSED_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const before = window.__wwUnfocused.get(el);
    const after = window.__wwChain(el);
    const changed = before ? after.some((style, i) => style !== before[i]) : false;
    const indicator = after.some((style) => {
        const [outlineStyle, outlineWidth, , boxShadow] = style.split('|');
        return (outlineStyle !== 'none' && parseFloat(outlineWidth) > 0) || boxShadow !== 'none';
    });
    const rect = el.getBoundingClientRect();
    return {
        index: window.__wwTabbable.indexOf(el),
        label: (el.textContent || el.value || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 60),
        changed, indicator, inView: rect.width > 0 && rect.height > 0,
    };
}"""


def keyboard_problems(tab) -> list[str]:
    """Walk the page with Tab from the top; what a keyboard user would find wrong."""
    snapshot = tab.evaluate(SNAPSHOT_JS)
    problems = [f"positive tabindex breaks the order: {html}" for html in snapshot["positive"]]
    visited = []
    for _ in range(snapshot["count"] + 2):
        tab.keyboard.press("Tab")
        focused = tab.evaluate(FOCUSED_JS)
        if focused is None or (visited and focused["index"] == 0):
            break
        visited.append(focused)
    if not visited:
        return [*problems, "Tab focuses nothing"]
    if visited[0]["label"] != "Naar hoofdinhoud":
        problems.append(f"the first stop is {visited[0]['label']!r}, not the skip link")
    if [stop["index"] for stop in visited] != list(range(snapshot["count"])):
        problems.append(
            "Tab does not visit every control once in page order: " + ", ".join(s["label"] for s in visited)
        )
    problems += [f"no visible focus on {s['label']!r}" for s in visited if not (s["changed"] and s["indicator"])]
    return problems


TOGGLE_STATE_JS = (
    """(el) => el.matches('summary') ? el.parentElement.open : el.getAttribute('aria-expanded') === 'true'"""
)


def disclosure_problems(tab) -> list[str]:
    """Menus and other disclosures (``aria-expanded`` controls, ``<details>``) open and close with Enter."""
    problems = []
    toggles = tab.locator("button[aria-expanded], [role=button][aria-expanded], details > summary")
    for index in range(toggles.count()):
        toggle = toggles.nth(index)
        if not toggle.is_visible():
            continue
        label = toggle.inner_text().strip()[:60]
        before = toggle.evaluate(TOGGLE_STATE_JS)
        toggle.focus()
        tab.keyboard.press("Enter")
        if toggle.evaluate(TOGGLE_STATE_JS) == before:
            problems.append(f"Enter does not open or close {label!r}")
            continue
        controlled = toggle.get_attribute("aria-controls")
        if controlled and not before and not tab.locator(f"#{controlled}").is_visible():
            problems.append(f"{label!r} says it is open, but #{controlled} is not visible")
        tab.keyboard.press("Enter")
        if toggle.evaluate(TOGGLE_STATE_JS) != before:
            problems.append(f"a second Enter does not close {label!r} again")
    return problems


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_keyboard_reaches_every_control_in_order_with_visible_focus(browser_page, demo_site, name):
    browser_page.goto(demo_site + site_page(name))
    problems = keyboard_problems(browser_page)
    problems += disclosure_problems(browser_page)
    assert not problems, "\n".join(problems)


def test_keyboard_gate_reports_invisible_focus_a_positive_tabindex_and_a_dead_menu(axe_page, demo_site):
    """The gate itself works: no focus styles, a positive tabindex and a menu deaf to Enter are reported."""
    axe_page.set_viewport_size({"width": 1280, "height": 900})
    axe_page.goto(demo_site + site_page("verdiepen"))
    axe_page.add_style_tag(
        content="*, *:focus, *:focus-visible, *:focus-within { outline: none !important; box-shadow: none !important; }"
    )
    axe_page.evaluate("() => document.querySelector('footer a').setAttribute('tabindex', '1')")
    axe_page.evaluate(
        "() => document.querySelector('main').insertAdjacentHTML('afterbegin', "
        "'<div role=button tabindex=0 aria-expanded=false>Menu</div>')"
    )
    problems = keyboard_problems(axe_page) + disclosure_problems(axe_page)
    assert "Enter does not open or close 'Menu'" in problems, problems
    assert any(problem.startswith("positive tabindex") for problem in problems), problems
    assert any(problem.startswith("no visible focus on") for problem in problems), problems


@pytest.mark.parametrize("name", ["home", "verdiepen", "agenda-item"])
def test_skip_link_moves_focus_to_the_main_content(browser_page, demo_site, name):
    browser_page.goto(demo_site + site_page(name))
    browser_page.keyboard.press("Tab")
    skip_link = browser_page.get_by_role("link", name="Naar hoofdinhoud")
    assert skip_link.evaluate("(el) => el === document.activeElement")
    assert skip_link.is_visible() and skip_link.bounding_box()["y"] >= 0, "the focused skip link is on screen"
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "hoofdinhoud"
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("document.activeElement.closest('main') !== null")


# --- Zoom, narrow screens and reduced motion. ---


@pytest.mark.parametrize(
    ("viewport", "zoom"),
    [({"width": 320, "height": 640}, 1), ({"width": 640, "height": 450}, 2)],
    ids=["320px", "200%-zoom"],
)
def test_every_page_fits_without_horizontal_scrolling(chromium, demo_site, viewport, zoom):
    """320 CSS pixels wide (WCAG 1.4.10) and a 1280×900 window zoomed to 200 % (WCAG 1.4.4)."""
    context = chromium.new_context(locale="nl-NL", viewport=viewport, device_scale_factor=zoom)
    tab = context.new_page()
    try:
        too_wide = {}
        for name in PAGE_NAMES:
            tab.goto(demo_site + site_page(name))
            overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                too_wide[name] = overflow
        assert not too_wide, f"pages that scroll sideways (overflow in px): {too_wide}"
    finally:
        context.close()


def test_reduced_motion_turns_off_animations_and_transitions(chromium, demo_site):
    context = chromium.new_context(locale="nl-NL", reduced_motion="reduce")
    tab = context.new_page()
    try:
        for name in PAGE_NAMES:
            tab.goto(demo_site + site_page(name))
            moving = tab.evaluate(
                """() => [document.documentElement, ...document.querySelectorAll('body, body *')].flatMap((el) => {
                    const s = getComputedStyle(el);
                    const seconds = (v) => Math.max(
                        ...v.split(',').map((t) => parseFloat(t) * (t.endsWith('ms') ? 0.001 : 1)));
                    const moves = (s.animationName !== 'none' && seconds(s.animationDuration) > 0.01)
                        || seconds(s.transitionDuration) > 0.01 || s.scrollBehavior === 'smooth';
                    return moves ? [el.tagName + '.' + el.className] : [];
                })"""
            )
            assert not moving, f"{name}: still moves with prefers-reduced-motion: {moving[:5]}"
    finally:
        context.close()
