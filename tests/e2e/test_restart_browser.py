"""Nothing is lost: a server killed (SIGKILL, mid-run) and started again still lists the learner's runs in the same browser.

A finished run comes back as it was; the run that was training when the server died comes back as
interrupted, with the epochs that finished, and its last snapshot opens on /network.
"""
import os
import signal
import time

import pytest

from cnnviz.web.harness import open_page, start_streamlit, stop, wait_idle

CURVES = '[data-testid="stPlotlyChart"] .js-plotly-plot'
VAL_POINTS = """() => { const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
  if (!plot || !plot.data) return -1; const t = plot.data.find(t => t.name === 'val_accuracy');
  return t ? t.x.length : -1; }"""


def _train(page, url: str, query: str, name: str) -> None:
    open_page(page, url, f"/training?lang=en&{query}")
    page.locator('.st-key-training-run_name input').fill(name)
    page.locator('.st-key-training-run_name input').press("Enter")
    wait_idle(page)
    page.locator(".st-key-training-train button").click()


@pytest.mark.slow
def test_runs_survive_a_sigkill_and_a_restart(browser, tmp_path):
    env = {"CNNVIZ_DATA_DIR": str(tmp_path / "data")}
    proc, url = start_streamlit(env=env)
    context = browser.new_context(viewport={"width": 1400, "height": 1400})  # one browser: its owner cookie
    try:
        page = context.new_page()
        _train(page, url, "epochs=2&batch_size=128", "finished before the crash")
        page.get_by_text("Validation accuracy").wait_for(timeout=240_000)
        _train(page, url, "epochs=40&batch_size=128", "training when the server died")
        page.wait_for_selector(CURVES, timeout=120_000)
        page.wait_for_function(f"({VAL_POINTS})() >= 2", timeout=240_000)  # two epochs stored
        os.kill(proc.pid, signal.SIGKILL)  # no goodbye: the run is cut mid-epoch
        proc.wait(timeout=30)

        proc, url = start_streamlit(env=env)  # a new process on the same data folder
        page = context.new_page()
        open_page(page, url, "/training?lang=en")
        table = page.locator('[data-testid="stDataFrame"]').last
        table.wait_for(timeout=120_000)
        from cnnviz.runs.store import open_store
        from cnnviz.web.owner import COOKIE

        cookie = next(c["value"] for c in context.cookies() if c["name"] == COOKIE)
        store = open_store(f"sqlite:///{tmp_path / 'data' / 'cnnviz.db'}", root=tmp_path / "data" / "runs")
        runs = {r.name: r for r in store.list_runs(cookie)}
        assert runs["finished before the crash"].status == "done" and runs["finished before the crash"].epochs_done == 2
        cut = runs["training when the server died"]
        assert cut.status == "interrupted" and 2 <= cut.epochs_done < 40
        assert page.get_by_text("Your runs").count() == 1  # the table of this browser's runs is drawn

        open_page(page, url, f"/network?lang=en&model=run&run={cut.id}")
        page.get_by_text(f"training when the server died · epoch {cut.epochs_done}", exact=False).first.wait_for(
            timeout=120_000)
        assert page.locator(".st-key-net-probs_chart, [class*='st-key-net'] .js-plotly-plot").count() >= 1
    finally:
        context.close()
        if proc.poll() is None:
            stop(proc)
        time.sleep(0.1)
