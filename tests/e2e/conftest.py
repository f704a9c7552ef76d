"""Browser journeys: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

They run in the same pytest process as the rest of the suite (each xdist worker starts its own browser once). A
journey is a transactional test: the flush after it empties the database, and post_migrate's setup_site puts the
site structure back before the next test.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise refuse to run there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason):
    """Outside CI a missing browser skips with a clear message; in CI (CI=true) it fails the run."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"CI=true but the browser journey cannot run: {reason}", pytrace=False)
    pytest.skip(f"browser journey skipped: {reason} (install Debian's chromium; with CI=true this fails)")


@pytest.fixture(scope="session")
def chromium():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not shutil.which(CHROMIUM):
        _unavailable(f"no Chromium at {CHROMIUM} (set CHROMIUM_PATH to use another)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _no_admin_autosave(settings):
    """Wagtail's editor autosaves every half second; a new page autosaved while the journey clicks "publish" makes the
    publish a second create of the same slug. An editor's journey here is typing, then publishing, so autosave is off
    (the live server thread reads the same settings)."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices (landmarks, one h1, unique ids...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Wagtail's editing toolbar (staff only) is Wagtail's own markup, and it runs its own accessibility checker whose
# issue markers (<wagtail-inline-userbar>, one <aside> per issue, all named alike) land in the page. The page itself
# is checked; Wagtail's overlay is left to Wagtail.
AXE_EXCLUDE = [["wagtail-userbar"], ["wagtail-inline-userbar"]]


def _describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:8]:
            lines.append(f"    at {' > '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            summary = " ".join(node.get("failureSummary", "").split())
            if summary:
                lines.append(f"       {summary[:400]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ...and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def check_a11y(page, label=""):
    """Run axe-core on the page as it stands and fail on any violation, listing each rule, element and fix.

    Called after every page a journey reaches, once the page has settled. axe is injected with page.evaluate, which
    goes through the DevTools protocol, so the site's Content-Security-Policy does not stand in the way.
    """
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    # Let finite animations finish (the admin's message banners fade in): axe measures colours as they are painted,
    # and half-way through a fade every colour is too pale.
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
            .map((animation) => animation.finished.catch(() => null)))"""
    )
    results = Axe().run(
        page,
        context={"exclude": AXE_EXCLUDE},
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    violations = results.response["violations"]
    if violations:
        where = label or page.url
        pytest.fail(f"accessibility violations on {where}:\n{_describe(violations)}", pytrace=False)


def signed_in_page(
    chromium, live_server, user, *, locale="zh-CN", prefix="", viewport=None, timeout=15_000, a11y=False
):
    """A fresh browser context (its own cookies) signed in through allauth's login form as ``user``.

    ``locale`` is the browser's language, ``prefix`` the site's language prefix ("/en" for English pages); with
    ``a11y`` axe checks the login page and the dashboard the member lands on.
    """
    from tests.factories import DEFAULT_PASSWORD

    context = chromium.new_context(locale=locale, viewport=viewport or {"width": 1280, "height": 900})
    context.set_default_timeout(timeout)
    page = context.new_page()
    page.goto(f"{live_server.url}{prefix}/accounts/login/")
    if a11y:
        check_a11y(page)
    form = page.locator("form:has(input[name='password'])")
    form.locator("input[name='login']").fill(user.email)
    form.locator("input[name='password']").fill(DEFAULT_PASSWORD)
    form.locator("button[type='submit']").click()
    page.wait_for_url("**/portal/**")
    if a11y:
        check_a11y(page)
    return page


def sideways(page, *, scrolling_boxes=False):
    """How far the page, or an element in main, reaches past the viewport: (px, the element), px <= 0 when nothing
    does. What an ancestor clips or scrolls is not past the page. With ``scrolling_boxes`` a box that scrolls
    sideways inside itself counts too (a list that should become cards on a phone); without, such a box is its own
    business (the check-in completion table is meant to scroll)."""
    return page.evaluate(
        """(scrollingBoxes) => {
            const width = window.innerWidth;
            const name = (element) => `${element.tagName.toLowerCase()}.${element.className}`;
            let worst = [document.documentElement.scrollWidth - width, "html"];
            for (const element of document.querySelectorAll("main *")) {
                let right = element.getBoundingClientRect().width ? element.getBoundingClientRect().right : -Infinity;
                for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
                    if (getComputedStyle(box).overflowX !== "visible") {
                        right = Math.min(right, box.getBoundingClientRect().right);
                    }
                }
                if (right - width > worst[0]) worst = [right - width, name(element)];
                if (scrollingBoxes && ["auto", "scroll"].includes(getComputedStyle(element).overflowX)) {
                    const inside = element.scrollWidth - element.clientWidth;
                    if (inside > worst[0]) worst = [inside, name(element) + " (inside)"];
                }
            }
            return [Math.ceil(worst[0]), worst[1]];
        }""",
        scrolling_boxes,
    )


PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


def check_fits(page, name, *, shots=None, scrolling_boxes=False):
    """The page at a laptop's width and then a phone's: nothing reaches past the screen (``sideways``), then axe on
    the phone layout. With ``shots`` (a directory) each width is saved as ``<name>-<width>.png``. Ends on a phone."""
    for label, viewport in (("1366", LAPTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(150)
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / f"{name}-{label}.png"), full_page=True)
        overflow, where = sideways(page, scrolling_boxes=scrolling_boxes)
        assert overflow <= 0, f"{name} at {label} px: {where} reaches {overflow}px past the screen"
    check_a11y(page, f"{name} on a phone")
