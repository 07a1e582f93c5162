"""The lesson in a real browser: Korean from ?lang=ko, the switch to English, the presenter view, a step's link."""
import re

from cnnviz.web.harness import open_page, wait_idle

SCREENSHOT = "/tmp/lesson_ko.png"
TITLE_KO, TITLE_EN = "CNN, 한 단계씩", "A CNN, step by step"


def open_lesson(page, app_server, query: str):
    open_page(page, app_server, f"/?{query}")
    page.get_by_role("heading", name=re.compile(re.escape(TITLE_KO if "lang=ko" in query else TITLE_EN))).first \
        .wait_for(timeout=90_000)
    wait_idle(page)
    return page


def test_korean_then_english(page, app_server):
    open_lesson(page, app_server, "lang=ko")
    assert page.locator("h1").first.inner_text().strip() == TITLE_KO
    body = page.locator('[data-testid="stMain"]').inner_text()
    for word in ("합성곱", "피처맵", "패딩", "스트라이드", "풀링", "과대적합", "드롭아웃"):
        assert word in body
    page.screenshot(path=SCREENSHOT, full_page=False)
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    page.locator("h1", has_text=TITLE_EN).wait_for(timeout=30_000)
    wait_idle(page)
    assert "lang=en" in page.url
    assert not re.search("[가-힣]", page.locator('[data-testid="stMain"]').inner_text())


def _paragraph_px(page) -> float:
    size = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"] p').first.evaluate(
        "el => getComputedStyle(el).fontSize")
    return float(size.removesuffix("px"))


def test_presenter_view_makes_the_type_larger(page, app_server):
    open_lesson(page, app_server, "lang=en")
    normal = _paragraph_px(page)
    page.goto(f"{app_server}/?lang=en&presenter=1")
    page.locator("h1", has_text=TITLE_EN).wait_for(timeout=60_000)
    wait_idle(page)
    # The stylesheet arrives with the script run; wait for it rather than racing it.
    page.wait_for_function(
        """min => { const p = document.querySelector('[data-testid="stMain"] [data-testid="stMarkdownContainer"] p');
                   return p && parseFloat(getComputedStyle(p).fontSize) >= min; }""",
        arg=1.3 * normal, timeout=30_000)
    assert _paragraph_px(page) >= 1.3 * normal


def test_padding_link_opens_the_explorer_with_its_settings(page, app_server):
    open_lesson(page, app_server, "lang=ko")
    page.get_by_role("link", name=re.compile("padding='same'")).first.click()
    page.wait_for_url(re.compile(r"/explorer\?.*padding=same"), timeout=60_000)
    page.locator("h1", has_text="합성곱 탐색기").wait_for(timeout=90_000)
    wait_idle(page)
    assert "lang=ko" in page.url and "kernel_size=3" in page.url
