"""The whole-network view in a real browser: the shipped model's class probabilities and every layer's maps."""
from cnnviz.web.harness import open_page, wait_idle

SCREENSHOT = "/tmp/network.png"


def test_open_the_network_view_and_see_the_probabilities(page, app_server):
    page.set_viewport_size({"width": 1500, "height": 3600})
    open_page(page, app_server, "/network")
    chart = page.locator(".st-key-net-probs_chart, [data-testid='stPlotlyChart']").first
    chart.wait_for(timeout=120_000)
    wait_idle(page, timeout=120_000)
    bars = page.locator("[data-testid='stPlotlyChart']").first
    # plotly draws its SVG after the element appears: wait for the class names, then read them
    page.wait_for_function("el => ['circle', 'square', 'triangle', 'cross'].every(n => el.textContent.includes(n))",
                           arg=bars.element_handle(), timeout=60_000)
    text = bars.text_content()
    for name in ("circle", "square", "triangle", "cross"):
        assert name in text
    assert page.get_by_text("Prediction: triangle").count() == 1
    assert page.locator('[data-testid="stImage"] img').count() >= 5  # input, overview, detail, Grad-CAM ×2
    page.wait_for_timeout(1000)
    page.screenshot(path=SCREENSHOT, full_page=True)


def test_korean_network_view(page, app_server):
    open_page(page, app_server, "/network?lang=ko")
    page.get_by_text("예측: 삼각형").wait_for(timeout=120_000)
    wait_idle(page, timeout=120_000)
    assert page.locator("h1").first.inner_text().strip() == "네트워크 보기"
