"""How long a slider move takes on /explorer, against a minimal Streamlit app measured in the same run.

Headless Chromium (Playwright) focuses the kernel-size slider and presses the arrow key; the
time runs until the new shape chain is on the page and the changed map images have loaded.
The explorer runs a 224 × 224 RGB input with 8 filters. The baseline (bench/minimal_app.py)
redraws eight 112 × 112 grey images and a line of text on the same key press. The two apps
take turns press by press (two tabs), so a change in machine load hits both alike. A new image
each round makes every press compute new arrays (no cache hits); the first round also builds a
Keras model per kernel size. Prints the medians and their ratio (target ≤ 1.5).

The explorer computes the next step of the moving knob in the background, 0.2 s after a stage is
on screen, so a press usually finds its arrays and pictures cached; `--cold` turns that off
(CNNVIZ_LOOK_AHEAD=0) to measure presses that compute everything. Each press waits `--pause`
seconds (default 0.5) after the previous one has settled, as a learner looks before pressing
again; the pause also keeps one app's leftover work out of the other app's measurement.

    python bench/explorer_latency.py [--rounds 4] [--cold] [--pause 0.5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from cnnviz.web.harness import CHROMIUM, CHROMIUM_ARGS, IDLE, start_streamlit, stop

IMAGES = ("astronaut", "cat", "coffee", "rocket", "camera", "brick")
PRESSES = 8  # kernel size 3 → 11

# True when an element matching `selector` shows `text` and at least `changed` images have a new, fully loaded
# src. Both apps write the text as a markdown heading (####); the timeline bench looks in captions. textContent,
# unlike innerText, does not force a layout of the whole page on every animation frame, which would charge the
# bigger page for the measuring itself.
READY = """([selector, text, oldSrcs, changed]) => {
    if (![...document.querySelectorAll(selector)].some(el => el.textContent.includes(text))) return false;
    const fresh = [...document.querySelectorAll('[data-testid="stImage"] img')]
        .filter(img => !oldSrcs.includes(img.src) && img.complete && img.naturalWidth > 0);
    return fresh.length >= changed;
}"""
SRCS = """() => [...document.querySelectorAll('[data-testid="stImage"] img')].map(img => img.src)"""


def chain(k: int) -> str:
    out = 224 - k + 1
    return f"224 × 224 × 3 → {out} × {out} × 8 → {out // 2} × {out // 2} × 8"


def press_and_time(page, slider, expected_text: str, changed: int, key: str = "ArrowRight",
                   selector: str = "h4") -> float:
    """Seconds from pressing `key` on `slider` until `expected_text` shows in `selector` and `changed` new pictures
    have loaded; then waits for the run to end (not timed)."""
    old = page.evaluate(SRCS)
    slider.focus()
    start = time.perf_counter()
    page.keyboard.press(key)
    page.wait_for_function(READY, arg=[selector, expected_text, old, changed], polling="raf", timeout=60_000)
    elapsed = time.perf_counter() - start
    page.wait_for_selector(IDLE, state="attached", timeout=60_000)
    return elapsed


def open_explorer(page, url: str, image: str):
    page.goto(f"{url}/explorer?image={image}&size=224&color=rgb&filters=8&kernel_size=3&lang=en")
    page.get_by_text(chain(3)).wait_for(timeout=90_000)
    page.wait_for_selector(IDLE, state="attached", timeout=90_000)
    return page.locator('.st-key-explorer-kernel_size input[type="range"]')


def open_minimal(page, url: str):
    page.goto(url)
    page.get_by_text("value = 3").wait_for(timeout=90_000)
    page.wait_for_selector(IDLE, state="attached", timeout=90_000)
    return page.locator('.st-key-kernel_size input[type="range"]')


def measure(browser, app_url: str, minimal_url: str, rounds: int, pause: float) -> tuple[list[float], list[float]]:
    """Paired presses: the baseline and the explorer take turns, so a change in machine load hits both."""
    explorer_page = browser.new_page(viewport={"width": 1400, "height": 1000})
    minimal_page = browser.new_page(viewport={"width": 1400, "height": 1000})
    explorer_page.goto(app_url)  # first session: let app.py's st.navigation take over from pages/
    explorer_page.wait_for_selector(IDLE, state="attached", timeout=90_000)
    explorer_times, minimal_times = [], []
    for image in IMAGES[:rounds]:
        explorer_slider = open_explorer(explorer_page, app_url, image)
        minimal_slider = open_minimal(minimal_page, minimal_url)
        for k in range(4, 4 + PRESSES):
            time.sleep(pause)
            minimal_times.append(press_and_time(minimal_page, minimal_slider, f"value = {k}", changed=8))
            time.sleep(pause)
            # kernels, feature maps, activation maps and pooled maps change; the input does not
            explorer_times.append(press_and_time(explorer_page, explorer_slider, chain(k), changed=4))
    explorer_page.close()
    minimal_page.close()
    return explorer_times, minimal_times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4, help="images (one page load each), 8 paired presses per round")
    parser.add_argument("--cold", action="store_true", help="no computing ahead: every press computes its stage")
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between one settled press and the next")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    if args.cold:
        os.environ["CNNVIZ_LOOK_AHEAD"] = "0"

    app, app_url = start_streamlit("app.py")
    minimal, minimal_url = start_streamlit(Path("bench") / "minimal_app.py")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            explorer, base = measure(browser, app_url, minimal_url, args.rounds, args.pause)
            browser.close()
    finally:
        stop(app)
        stop(minimal)
    first_round = explorer[:PRESSES]
    later = explorer[PRESSES:] or explorer
    ms = lambda xs: f"{1000 * statistics.median(xs):.0f} ms"  # noqa: E731
    print(f"minimal app (8 grey images + text): median {ms(base)} over {len(base)} presses")
    print(f"explorer, all presses:              median {ms(explorer)} over {len(explorer)} presses")
    print(f"explorer, first image (builds models): median {ms(first_round)}; other images: median {ms(later)}")
    pairs = statistics.median(e / b for e, b in zip(explorer, base))
    rounds = sorted(statistics.median(explorer[i:i + PRESSES]) / statistics.median(base[i:i + PRESSES])
                    for i in range(0, len(explorer), PRESSES))
    print(f"ratio explorer / minimal: {statistics.median(explorer) / statistics.median(base):.2f} "
          f"(median of paired ratios {pairs:.2f}; rounds' ratios {rounds[0]:.2f}–{rounds[-1]:.2f}; target ≤ 1.5)")


if __name__ == "__main__":
    main()
