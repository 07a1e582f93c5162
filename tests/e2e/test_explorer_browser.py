"""The explorer in a real browser: the page draws, and a key press on the kernel-size slider changes the shape chain."""
import re

import pytest

from cnnviz.web.harness import open_page, wait_idle

DEFAULT_CHAIN = "224 × 224 × 3 → 222 × 222 × 8 → 111 × 111 × 8"
SCREENSHOT = "/tmp/explorer.png"


def slider_thumb(page, key: str):
    """The keyboard-focusable range input of the slider with Streamlit key `key` (container class st-key-<key>)."""
    return page.locator(f'.st-key-{key.replace(".", "-")} input[type="range"]')


@pytest.fixture
def explorer(page, app_server):
    open_page(page, app_server, "/explorer")
    page.get_by_text(DEFAULT_CHAIN).wait_for(timeout=90_000)
    wait_idle(page)
    return page


def test_kernel_size_slider_changes_the_chain_with_the_keyboard(explorer):
    page = explorer
    thumb = slider_thumb(page, "explorer.kernel_size")
    assert thumb.input_value() == "3"
    thumb.focus()
    page.keyboard.press("ArrowRight")
    page.get_by_text("224 × 224 × 3 → 221 × 221 × 8 → 110 × 110 × 8").wait_for(timeout=30_000)
    wait_idle(page)
    assert "kernel_size=4" in page.url  # the link follows the knobs
    assert page.locator('[data-testid="stImage"] img').count() == 5
    page.screenshot(path=SCREENSHOT, full_page=True)


def test_korean_link_and_a_hostile_value(page, app_server):
    open_page(page, app_server, "/explorer?lang=ko&filters=%3Cb%3Ex%3C%2Fb%3E")
    page.get_by_text(DEFAULT_CHAIN).wait_for(timeout=90_000)
    wait_idle(page)
    assert page.locator("h1").first.inner_text().strip() == "합성곱 탐색기"
    warning = page.locator('[data-testid="stAlertContentWarning"]').first.inner_text()
    assert "filters" in warning and re.search("[가-힣]", warning)
    assert page.locator("b", has_text="x").count() == 0  # the value is shown as text, never as HTML


def test_upload_runs_the_stage_on_the_learners_image(explorer, tmp_path):
    from PIL import Image

    picture = tmp_path / "mine.png"
    Image.new("RGB", (40, 30), (10, 200, 30)).save(picture)
    first_image = '[data-testid="stImage"] img'
    before = explorer.locator(first_image).first.get_attribute("src")
    explorer.locator('.st-key-explorer-upload input[type="file"]').set_input_files(str(picture))
    # The upload is selected at once, so the input picture changes (to the green square).
    explorer.wait_for_function("([sel, old]) => document.querySelector(sel).src !== old", arg=[first_image, before],
                               timeout=60_000)
    explorer.get_by_text("224 × 224 × 3 → 222 × 222 × 8 → 111 × 111 × 8").wait_for(timeout=60_000)
    assert "image=" not in explorer.url  # an upload cannot travel in a link
    bad = tmp_path / "notes.png"
    bad.write_text("not a picture")
    explorer.locator('.st-key-explorer-upload input[type="file"]').set_input_files(str(bad))
    explorer.locator('[data-testid="stAlertContentError"]').first.wait_for(timeout=60_000)
    wait_idle(explorer)
    assert "Traceback" not in explorer.content()


def test_a_teachers_link_locks_the_named_knobs(page, app_server):
    open_page(page, app_server, "/explorer?stride=2&lock=stride,padding")
    page.get_by_text("224 × 224 × 3 → 111 × 111 × 8 → 55 × 55 × 8").wait_for(timeout=90_000)
    wait_idle(page)
    stride = slider_thumb(page, "explorer.stride")
    assert stride.is_disabled()
    stride.focus()
    page.keyboard.press("ArrowRight")  # a locked slider ignores the keyboard
    page.wait_for_timeout(1500)
    wait_idle(page)
    assert stride.input_value() == "2" and "stride=2" in page.url
    assert not slider_thumb(page, "explorer.filters").is_disabled()


def test_point_do_not_type_a_click_picks_the_filter_and_the_pixel(page, app_server):
    """Clicking a filter's tile picks the filter; clicking a pixel of its map picks the position (forwards and backwards)."""
    open_page(page, app_server, "/explorer?lang=en&size=32&filters=4")
    page.get_by_text("one pixel's arithmetic").click()
    wait_idle(page)
    tiles = page.locator(".st-key-explorer-pick_filter .hm image").first
    tiles.wait_for(timeout=60_000)
    tiles.scroll_into_view_if_needed()  # a click lands where the page shows it
    box = tiles.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 2.5 / 4, box["y"] + box["height"] / 2)  # the third tile: filter 2
    page.wait_for_function("() => document.querySelector('.st-key-explorer-filter input').value === '2'", timeout=30_000)
    wait_idle(page)
    pixel_map = page.locator(".st-key-explorer-pick_pixel .hm image").first
    pixel_map.scroll_into_view_if_needed()
    pixels = pixel_map.bounding_box()  # the 30 × 30 map
    page.mouse.click(pixels["x"] + pixels["width"] * 7.5 / 30, pixels["y"] + pixels["height"] * 20.5 / 30)
    page.wait_for_function("() => document.querySelector('.st-key-explorer-row input').value === '20'", timeout=30_000)
    assert page.locator(".st-key-explorer-col input").input_value() == "7"
    page.get_by_text("backwards").click()
    wait_idle(page)
    page.get_by_text("L = the mean of all 900").wait_for(timeout=30_000)
