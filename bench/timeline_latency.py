"""How long a move of the timeline's epoch slider takes on /training, against a minimal Streamlit app in the same run.

A run of the default model is trained once through the command line (``cnnviz train --dataset shapes``) into a
fresh data folder; the browser gets that command line's owner token as its ``cnnviz_owner`` cookie, so /training
lists the run as the learner's own. The bench picks the run in the runs table, waits until the timeline has
prepared every epoch's frame (the page does this once, with a progress bar), then presses the arrow keys on the
epoch slider: the time runs until the kernels' caption names the new epoch and the changed pictures (kernels,
maps, Grad-CAM) have loaded. The baseline (bench/minimal_app.py) redraws eight 112 × 112 grey images and a line
of text on the same key press. The two take turns press by press, `--pause` seconds after the previous press
settled. Prints the medians, the median of the rounds' ratios and their spread (the explorer's budget: ≤ 1.5).

    python bench/timeline_latency.py [--epochs 6] [--rounds 4] [--pause 0.5]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from explorer_latency import open_minimal, press_and_time  # bench/ is on sys.path when this file runs

from cnnviz.web.harness import CHROMIUM, CHROMIUM_ARGS, IDLE, start_streamlit, stop

HERE = Path(__file__).resolve().parent
CAPTIONS = '[data-testid="stCaptionContainer"], [data-testid="stImageCaption"]'  # where the epoch is written


def train_run(folder: Path, epochs: int) -> str:
    """A run of the default model on the shapes data in `folder`'s store; returns the command line's owner token."""
    env = {**os.environ, "CNNVIZ_DATA_DIR": str(folder), "CNNVIZ_DATABASE_URL": ""}
    out = subprocess.run([sys.executable, "-m", "cnnviz", "train", "--dataset", "shapes", "--epochs", str(epochs),
                          "--name", "timeline bench", "--json"], env=env, capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-2000:])
    return (folder / "owner_token").read_text(encoding="ascii").strip()


def open_timeline(page, url: str, epochs: int):
    """/training with the run picked in the table and every epoch's frame prepared; the epoch slider."""
    page.goto(f"{url}/training?lang=en")
    table = page.locator(".st-key-training-runs_table")
    table.wait_for(timeout=120_000)
    page.wait_for_selector(IDLE, state="attached", timeout=120_000)
    header = page.get_by_text("Timeline: the network epoch by epoch")
    for _ in range(5):  # the grid takes its first click once it has drawn
        box = table.bounding_box()
        page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first row's selection box (header row 35 px high)
        try:
            header.wait_for(timeout=15_000)
            break
        except Exception:
            continue
    t0 = time.perf_counter()
    page.get_by_text(f"at epoch {epochs}", exact=False).first.wait_for(timeout=600_000)
    page.wait_for_selector(IDLE, state="attached", timeout=600_000)
    print(f"the timeline prepared {epochs} epochs' frames in {time.perf_counter() - t0:.1f} s (once per run and image)")
    return page.locator('.st-key-training-timeline-epoch input[type="range"]')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=6, help="epochs of the run (the slider's length)")
    parser.add_argument("--rounds", type=int, default=4, help="sweeps down and up the slider, paired presses")
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between one settled press and the next")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="timeline_bench_"))
    t0 = time.perf_counter()
    token = train_run(folder, args.epochs)
    print(f"trained a {args.epochs}-epoch run in {time.perf_counter() - t0:.0f} s")
    app, app_url = start_streamlit("app.py", env={"CNNVIZ_DATA_DIR": str(folder), "CNNVIZ_DATABASE_URL": ""})
    minimal, minimal_url = start_streamlit(HERE / "minimal_app.py")
    timeline, base = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(viewport={"width": 1400, "height": 1400})
            context.add_cookies([{"name": "cnnviz_owner", "value": token, "url": app_url}])
            page, minimal_page = context.new_page(), browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(app_url)  # the first session lets app.py's st.navigation take over
            page.wait_for_selector(IDLE, state="attached", timeout=120_000)
            slider = open_timeline(page, app_url, args.epochs)
            minimal_slider = open_minimal(minimal_page, minimal_url)
            epoch, k, direction = args.epochs, 3, 1
            for r in range(args.rounds):
                for step in [-1] * (args.epochs - 1) + [1] * (args.epochs - 1):
                    if not 1 <= k + direction <= 11:  # the baseline's slider turns at its ends
                        direction = -direction
                    k += direction
                    time.sleep(args.pause)
                    base.append(press_and_time(minimal_page, minimal_slider, f"value = {k}", 8,
                                               "ArrowRight" if direction > 0 else "ArrowLeft"))
                    time.sleep(args.pause)
                    epoch += step
                    timeline.append(press_and_time(page, slider, f"at epoch {epoch}", 2,
                                                   "ArrowLeft" if step < 0 else "ArrowRight", CAPTIONS))
            browser.close()
    finally:
        stop(app)
        stop(minimal)
    per_round = len(timeline) // args.rounds
    rounds = sorted(statistics.median(timeline[i:i + per_round]) / statistics.median(base[i:i + per_round])
                    for i in range(0, len(timeline), per_round))
    ratio = statistics.median(rounds)
    result = {"timeline_ms": round(1000 * statistics.median(timeline)), "minimal_ms": round(1000 * statistics.median(base)),
              "presses": len(timeline), "ratio": round(ratio, 2), "ratio_min": round(rounds[0], 2),
              "ratio_max": round(rounds[-1], 2), "paired_median": round(statistics.median(
                  t / b for t, b in zip(timeline, base)), 2)}
    print(json.dumps(result))
    print(f"timeline epoch slider: median {result['timeline_ms']} ms over {len(timeline)} presses; minimal app "
          f"{result['minimal_ms']} ms; ratio {ratio:.2f} (median of {args.rounds} rounds, spread {rounds[0]:.2f}–"
          f"{rounds[-1]:.2f}; paired presses {result['paired_median']}; budget ≤ 1.5)")


if __name__ == "__main__":
    main()
