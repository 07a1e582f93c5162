"""Teacher links in a real browser: locked controls are disabled on every page, a shared link restores a page in a
fresh browser, a knob moved does not add a Back step, and nothing the app shows is fetched from outside the machine."""
from urllib.parse import parse_qs, urlsplit

import pytest

from cnnviz.web.harness import open_page, wait_idle

# A control of each page a teacher can lock, and the widget it disables.
LOCKED = [
    ("/explorer?lock=stride", '.st-key-explorer-stride input[type="range"]'),
    ("/architecture?lock=preset", ".st-key-arch-start input"),
    ("/network?lock=model", ".st-key-network-model input"),
    ("/training?lock=epochs", '.st-key-training-epochs input[type="range"]'),
]


def _disabled(page, selector: str) -> bool:
    return page.locator(selector).first.evaluate(
        "el => el.disabled === true || el.getAttribute('aria-disabled') === 'true'"
        " || !!el.closest('[aria-disabled=\"true\"], [disabled]')")


@pytest.mark.parametrize("path, selector", LOCKED)
def test_a_locked_control_is_disabled_on_each_page(page, app_server, path, selector):
    open_page(page, app_server, path + "&lang=en")
    page.locator(selector).first.wait_for(state="attached", timeout=120_000)
    assert _disabled(page, selector)
    assert page.get_by_text("Locked: ").count() == 1


def _share_link(page) -> str:
    """Open the sidebar's share box and read the link it offers."""
    page.get_by_text("Link to this page with these settings").click()
    wait_idle(page)
    code = page.locator('[data-testid="stSidebar"] [data-testid="stCode"] code')
    code.first.wait_for(timeout=30_000)
    return code.first.inner_text().strip()


def _query(url: str) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def test_a_shared_explorer_link_restores_the_page_in_a_fresh_browser(browser, page, app_server):
    open_page(page, app_server, "/explorer?lang=en&size=64")
    stride = page.locator('.st-key-explorer-stride input[type="range"]')
    stride.focus()
    page.keyboard.press("ArrowRight")  # stride 2
    wait_idle(page)
    filters = page.locator('.st-key-explorer-filters input[type="range"]')
    filters.focus()
    page.keyboard.press("ArrowLeft")  # 7 filters
    wait_idle(page)
    page.get_by_text("64 × 64 × 3 → 31 × 31 × 7 → 15 × 15 × 7").wait_for(timeout=30_000)
    link = _share_link(page)
    query = _query(link)
    assert (query["stride"], query["filters"], query["size"]) == ("2", "7", "64")

    filters.focus()
    page.keyboard.press("ArrowLeft")  # a move with the box open: the link follows it
    wait_idle(page)
    page.get_by_text("64 × 64 × 3 → 31 × 31 × 6 → 15 × 15 × 6").wait_for(timeout=30_000)
    code = page.locator('[data-testid="stSidebar"] [data-testid="stCode"] code').first
    # looked up on every poll: a handle taken once goes stale when a rerun redraws the sidebar
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stSidebar\"] [data-testid=\"stCode\"] code')]"
                           ".some(el => el.innerText.includes('filters=6'))", timeout=30_000)

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = fresh.new_page()
        other.goto(code.inner_text().strip().replace("http://localhost", app_server.rsplit(":", 1)[0]))
        wait_idle(other, 120_000)
        other.get_by_text("64 × 64 × 3 → 31 × 31 × 6 → 15 × 15 × 6").wait_for(timeout=60_000)
    finally:
        fresh.close()


def test_a_shared_training_link_restores_the_form(browser, page, app_server):
    open_page(page, app_server, "/training?lang=en&epochs=7&preset=tinyvgg&dropout=0.2")
    page.locator(".st-key-training-epochs input[type=\"range\"]").wait_for(state="attached", timeout=120_000)
    link = _share_link(page)
    query = _query(link)
    assert (query["epochs"], query["preset"], query["dropout"]) == ("7", "tinyvgg", "0.2")
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        open_page(other, app_server, "/training?" + urlsplit(link).query)
        assert other.locator(".st-key-training-epochs input[type=\"range\"]").input_value() == "7"
    finally:
        fresh.close()


def test_moving_a_knob_does_not_add_a_back_step(page, app_server):
    open_page(page, app_server, "/lesson?lang=en")
    open_page(page, app_server, "/explorer?lang=en&size=32")
    before = page.evaluate("history.length")
    slider = page.locator('.st-key-explorer-kernel_size input[type="range"]')
    for _ in range(4):
        slider.focus()
        page.keyboard.press("ArrowRight")
        wait_idle(page)
    page.get_by_text("32 × 32 × 3 → 26 × 26 × 8").wait_for(timeout=30_000)  # kernel 7: 32 − 7 + 1
    assert "kernel_size=7" in page.url
    assert page.evaluate("history.length") == before  # every move replaced the entry
    page.go_back()  # one step back: the lesson (the app's default page, "/"), not an earlier move
    page.wait_for_function("() => !location.pathname.includes('explorer')", timeout=30_000)
    assert "kernel_size" not in page.url


@pytest.mark.parametrize("path", ["/lesson", "/explorer", "/architecture", "/network", "/training"])
def test_nothing_the_app_shows_leaves_the_machine(browser, app_server, path):
    """Every request a page makes goes to the app's own loopback address (no font server, no CDN)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        open_page(page, app_server, f"{path}?lang=ko")
        page.wait_for_timeout(1500)  # late fetches (fonts, icons) after the script is idle
    finally:
        context.close()
    outside = [url for url in requests
               if urlsplit(url).hostname not in ("127.0.0.1", "localhost") and not url.startswith(("data:", "blob:"))]
    assert requests and not outside, outside
