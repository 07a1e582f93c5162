"""The whole-network view in a real browser: the shipped model's class probabilities and every layer's maps."""
from cnnviz.web.harness import open_page, wait_idle

SCREENSHOT = "/tmp/network.png"
CLASSES = "['circle', 'square', 'triangle', 'cross']"
CHART_NAMES_ALL_CLASSES = (f"() => [...document.querySelectorAll(\"[data-testid='stPlotlyChart']\")]"
                           f".some(el => {CLASSES}.every(n => el.textContent.includes(n)))")


def test_open_the_network_view_and_see_the_probabilities(page, app_server):
    page.set_viewport_size({"width": 1500, "height": 3600})
    open_page(page, app_server, "/network")
    page.locator("[data-testid='stPlotlyChart']").first.wait_for(timeout=120_000)
    wait_idle(page, timeout=120_000)
    # plotly draws its SVG after the element appears, and a rerun may replace the element: look the
    # charts up afresh on every poll (a handle taken once can go stale) until one names every class;
    # the wait fails the test when none does
    page.wait_for_function(CHART_NAMES_ALL_CLASSES, timeout=90_000)
    assert page.get_by_text("Prediction: triangle").count() == 1
    assert page.locator('[data-testid="stImage"] img').count() >= 5  # input, overview, detail, Grad-CAM ×2
    page.wait_for_timeout(1000)
    page.screenshot(path=SCREENSHOT, full_page=True)


def test_korean_network_view(page, app_server):
    open_page(page, app_server, "/network?lang=ko")
    page.get_by_text("예측: 삼각형").wait_for(timeout=120_000)
    wait_idle(page, timeout=120_000)
    assert page.locator("h1").first.inner_text().strip() == "네트워크 보기"
