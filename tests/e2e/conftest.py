"""Browser tests: `app_server` runs `streamlit run app.py` on a free port; `page` is a headless Chromium tab.

Debian's Chromium at /usr/bin/chromium drives the tests. Without it they skip with a reason,
except in CI (env CI set), where a missing browser is a failure.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
IDLE = '[data-test-script-state="notRunning"]'
STARTUP_SECONDS = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(script: str | Path, cwd: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run script` headless on a free port; return the process and its base URL once healthy."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise RuntimeError(f"streamlit did not become healthy within {STARTUP_SECONDS} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing and CI is set: browser tests must run in CI")
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium to run the browser tests)")


@pytest.fixture(scope="session")
def app_server(browser):
    """The app's base URL, e.g. http://127.0.0.1:54321, served for the whole test session.

    One page load of the root first warms the server (imports, first script run), so the first
    test's timeouts measure the page, not the start. A fresh server's very first visit opening a
    page directly is tested on a server of its own in test_sessions_browser.py.
    """
    proc, url = start_streamlit("app.py")
    try:
        warm = browser.new_page()
        warm.goto(url)
        wait_idle(warm, timeout=STARTUP_SECONDS * 1000)
        warm.close()
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh tab (1400 × 1000) in its own context, so sessions do not share cookies."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    yield tab
    context.close()


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script (the app shows its idle marker)."""
    page.wait_for_selector(IDLE, state="attached", timeout=timeout)


def open_page(page, base_url: str, path: str, timeout: float = 90_000) -> None:
    """Open `path` (e.g. '/explorer?lang=ko') directly, as a learner's link does, and wait until the script is idle.

    Pages reach app.py's navigation even as a fresh server's first visit (cnnviz.web.entry).
    """
    page.goto(f"{base_url}{path}")
    wait_idle(page, timeout)
