"""The app served for a real browser: `streamlit run` on a free loopback port, and Debian's Chromium to drive it.

Shared by the browser tests (``tests/e2e``) and the benchmarks (``bench/``). `start_streamlit`
returns once ``/_stcore/health`` answers; `wait_idle` waits for Streamlit's own marker of a
finished script run (``data-test-script-state="notRunning"``), as Streamlit's e2e suite does.
Chromium is Debian's (``/usr/bin/chromium``, never a downloaded one), started without the
background services that would try to reach the internet.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

APP_ROOT = Path(__file__).resolve().parents[2]  # the checkout: app.py, pages/, cnnviz/
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
IDLE = '[data-test-script-state="notRunning"]'
STARTUP_SECONDS = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(script: str | Path = "app.py", cwd: Path = APP_ROOT, env: dict | None = None,
                    port: int | None = None) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run script` headless on a free port; return the process and its base URL once healthy."""
    port = port or free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **(env or {})},
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
    """End a server started by `start_streamlit` (politely, then for sure)."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


def launch(playwright, **kwargs):
    """Debian's Chromium, headless, through a Playwright instance (sync or async API)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **kwargs)


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script (the app shows its idle marker)."""
    page.wait_for_selector(IDLE, state="attached", timeout=timeout)


def open_page(page, base_url: str, path: str, timeout: float = 90_000) -> None:
    """Open `path` (e.g. '/explorer?lang=ko') directly, as a learner's link does, and wait until the script is idle."""
    page.goto(f"{base_url}{path}")
    wait_idle(page, timeout)
