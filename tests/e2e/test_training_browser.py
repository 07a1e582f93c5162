"""The training page in a real browser: train the offline default for a few epochs and watch the curves grow."""
import time

import pytest

from cnnviz.web.harness import open_page, wait_idle

SCREENSHOT = "/tmp/training.png"
CURVES = '[data-testid="stPlotlyChart"] .js-plotly-plot'
COUNT_JS = """([selector, name]) => {
    const plot = document.querySelector(selector);
    if (!plot || !plot.data) return -1;
    const trace = plot.data.find(t => t.name === name);
    return trace ? trace.x.length : -1;
}"""


def points(page, name: str) -> int:
    return page.evaluate(COUNT_JS, [CURVES, name])


@pytest.mark.slow
def test_training_the_default_grows_the_curves(page, app_server):
    """Waits on the app's state, not on this machine's speed: 30 epochs take minutes, the test stops the run
    once it has seen the curve grow three times and two validation points, then checks what stayed."""
    open_page(page, app_server, "/training?epochs=30")
    page.get_by_role("heading", name="Train a CNN").wait_for(timeout=90_000)
    wait_idle(page)
    assert page.locator('.st-key-training-epochs input[type="range"]').input_value() == "30"
    page.evaluate("document.querySelector('h1').dataset.marker = 'kept'")
    page.locator(".st-key-training-train button").click()

    # The training curve grows every few batches, without reloading the rest of the page.
    page.wait_for_selector(CURVES, timeout=120_000)
    seen = []
    while not (len({a for a, _ in seen if a > 0}) >= 3 and any(v >= 2 for _, v in seen)):
        assert not page.get_by_text("Validation accuracy").count(), f"30 epochs finished before: {seen}"
        seen.append((points(page, "accuracy"), points(page, "val_accuracy")))
        time.sleep(0.2)
    train_counts = [a for a, _ in seen if a >= 0]
    assert train_counts == sorted(train_counts), "the curve only grows"
    page.locator(".st-key-training-stop_button button").click()

    page.get_by_text("Validation accuracy").wait_for(timeout=120_000)  # a stopped run keeps its results
    wait_idle(page)
    epochs = points(page, "val_accuracy")
    assert 2 <= epochs < 30 and points(page, "val_loss") == epochs  # one validation point per finished epoch
    assert points(page, "accuracy") == points(page, "loss") >= epochs * 5
    assert page.evaluate("document.querySelector('h1').dataset.marker") == "kept"
    assert page.get_by_text("Confusion matrix").count() >= 1
    page.set_viewport_size({"width": 1400, "height": 3200})  # Streamlit scrolls inside its own container
    wait_idle(page)
    page.screenshot(path=SCREENSHOT, full_page=True)


def _zip_with_hostile_entries(path):
    import io
    import zipfile

    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(0)
    with zipfile.ZipFile(path, "w") as zf:
        for name in ("cats", "dogs"):
            for i in range(10):
                out = io.BytesIO()
                Image.fromarray(rng.integers(0, 256, (20, 20, 3), dtype=np.uint8)).save(out, format="PNG")
                zf.writestr(f"pets/{name}/{i}.png", out.getvalue())
        zf.writestr("../evil.png", b"\x89PNG\r\n\x1a\n")
        zf.writestr("pets/<b>notes</b>.txt", "not an image")
    return path


def test_own_zip_upload_in_korean_skips_hostile_entries(page, app_server, tmp_path):
    open_page(page, app_server, "/training?lang=ko")
    page.get_by_role("heading", name="CNN 학습시키기").wait_for(timeout=90_000)
    wait_idle(page)
    page.locator('.st-key-training-dataset [role="combobox"]').click(timeout=60_000)
    page.get_by_role("option", name="내 이미지 (.zip 또는 .tar.gz, 클래스마다 폴더 하나)").click(timeout=60_000)
    wait_idle(page)
    page.locator('.st-key-training-zip input[type="file"]').set_input_files(str(_zip_with_hostile_entries(tmp_path / "pets.zip")))
    page.get_by_text("학습 이미지 16장, 검증 이미지 4장").wait_for(timeout=60_000)
    wait_idle(page)
    assert page.get_by_text("압축 파일에서 2개 파일을 건너뛰었습니다").count() == 1
    assert page.locator("b", has_text="notes").count() == 0  # a file name is shown as text, never as HTML
    assert not (tmp_path.parent / "evil.png").exists()
    assert page.locator(".st-key-training-train button").is_enabled()


def _start_training(tab, url: str) -> None:
    open_page(tab, url, "/training")
    tab.get_by_role("heading", name="Train a CNN").wait_for(timeout=90_000)
    wait_idle(tab)
    slider = tab.locator('.st-key-training-epochs input[type="range"]')
    slider.focus()
    tab.keyboard.press("End")  # 50 epochs: far longer than this test
    wait_idle(tab)
    tab.locator(".st-key-training-train button").click()


@pytest.mark.slow
def test_closed_tab_frees_its_place_for_the_next_in_line(browser, monkeypatch):
    """One training place: A trains, B waits as number 1; A's tab closes; B's training starts."""
    from cnnviz.web.harness import start_streamlit, stop

    monkeypatch.setenv("CNNVIZ_MAX_TRAININGS", "1")
    proc, url = start_streamlit("app.py")
    try:
        first = browser.new_context(viewport={"width": 1400, "height": 1000})
        a = first.new_page()
        _start_training(a, url)
        a.locator('[data-testid="stProgress"]').get_by_text("Epoch 1 of 50").wait_for(timeout=120_000)
        second = browser.new_context(viewport={"width": 1400, "height": 1000})
        b = second.new_page()
        _start_training(b, url)
        b.get_by_text("you are number 1 in line (trainings running on this server: 1)").wait_for(timeout=60_000)
        first.close()  # the learner closes the tab: no more heartbeats, the session disconnects
        b.locator('[data-testid="stProgress"]').get_by_text("Epoch 1 of 50").wait_for(timeout=120_000)
        b.locator(".st-key-training-stop_button button").click()
        b.get_by_text("Validation accuracy").wait_for(timeout=120_000)
        second.close()
    finally:
        stop(proc)


@pytest.mark.slow
def test_reloading_the_page_keeps_the_training(page, app_server):
    _start_training(page, app_server)  # 50 epochs: still training after the reload
    page.wait_for_selector(CURVES, timeout=120_000)
    assert "run=" in page.url  # the link names this learner's run

    page.reload()  # F5: a new browser session
    page.get_by_role("heading", name="Train a CNN").wait_for(timeout=90_000)
    page.wait_for_selector(CURVES, timeout=60_000)  # the same run, taken up again
    before = points(page, "accuracy")
    deadline = time.monotonic() + 60
    while points(page, "accuracy") <= before and time.monotonic() < deadline:
        time.sleep(0.5)
    assert points(page, "accuracy") > before, "the training goes on after the reload"
    page.locator(".st-key-training-stop_button button").click()
    page.get_by_text("Stopped after").wait_for(timeout=60_000)
