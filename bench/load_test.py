"""A class on one server: N headless browser sessions move /explorer sliders at once; latency percentiles and memory.

Each session is its own browser context (its own Streamlit session) on loopback, opens
/explorer with its own random kernel seed (so no session is served from another's cache), then
moves the kernel-size slider up and down with a think time between moves. A move's latency runs
from the key press until the new shape chain is on the page. The server's memory (resident set of
the `streamlit run` process) is read before the sessions, with all of them connected and idle, and
after the load. Browsers and server share this machine's cores, as they would not in a classroom,
so the figures are a pessimistic bound.

    python bench/load_test.py [--sessions 30] [--moves 10] [--think 1.0 3.0] [--size 224]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from conftest import CHROMIUM, CHROMIUM_ARGS, IDLE, start_streamlit, stop  # noqa: E402

SLIDER = '.st-key-explorer-kernel_size input[type="range"]'
IMAGES = ("astronaut", "cat", "coffee", "rocket", "camera", "brick")


def chain(size: int, k: int, filters: int) -> str:
    out = size - k + 1
    return f"{size} × {size} × 3 → {out} × {out} × {filters} → {out // 2} × {out // 2} × {filters}"


def rss_mb(proc: psutil.Process) -> float:
    return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20


async def open_session(browser, url: str, i: int, size: int, filters: int):
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    query = f"image={IMAGES[i % len(IMAGES)]}&size={size}&filters={filters}&kernel_size=3&kernel=random&seed={i}&lang=en"
    await page.goto(f"{url}/explorer?{query}", timeout=300_000)
    await page.get_by_text(chain(size, 3, filters)).wait_for(timeout=300_000)
    await page.wait_for_selector(IDLE, state="attached", timeout=300_000)
    return context, page


async def move_sliders(page, i: int, moves: int, think: tuple[float, float], size: int, filters: int) -> list[float]:
    rng = random.Random(i)
    latencies, k = [], 3
    slider = page.locator(SLIDER)
    for _ in range(moves):
        await asyncio.sleep(rng.uniform(*think))
        up = k < 11 and (k == 3 or rng.random() < 0.5)
        k += 1 if up else -1
        await slider.focus()
        start = time.perf_counter()
        await page.keyboard.press("ArrowRight" if up else "ArrowLeft")
        await page.wait_for_function("t => document.body.innerText.includes(t)", arg=chain(size, k, filters),
                                     polling="raf", timeout=120_000)
        latencies.append(time.perf_counter() - start)
        await page.wait_for_selector(IDLE, state="attached", timeout=120_000)
    return latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def run(args) -> dict:
    from playwright.async_api import async_playwright

    server, url = start_streamlit("app.py")
    proc = psutil.Process(server.pid)
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            warm, warm_page = await open_session(browser, url, 10_000, args.size, args.filters)  # imports, first model
            await warm.close()
            await asyncio.sleep(2)
            base = rss_mb(proc)
            sessions = []
            for start in range(0, args.sessions, 5):  # connect in waves, as a class does
                sessions += await asyncio.gather(*(open_session(browser, url, i, args.size, args.filters)
                                                   for i in range(start, min(start + 5, args.sessions))))
            await asyncio.sleep(2)
            idle = rss_mb(proc)
            began = time.perf_counter()
            results = await asyncio.gather(*(move_sliders(page, i, args.moves, tuple(args.think), args.size, args.filters)
                                             for i, (_, page) in enumerate(sessions)))
            wall = time.perf_counter() - began
            after = rss_mb(proc)
            for context, _ in sessions:
                await context.close()
            await browser.close()
    finally:
        stop(server)
    latencies = [x for r in results for x in r]
    return {
        "sessions": args.sessions, "moves_per_session": args.moves, "think_s": args.think,
        "input": f"{args.size}x{args.size}x3", "filters": args.filters, "moves": len(latencies),
        "latency_p50_s": round(statistics.median(latencies), 3), "latency_p90_s": round(percentile(latencies, 0.9), 3),
        "latency_p99_s": round(percentile(latencies, 0.99), 3), "latency_max_s": round(max(latencies), 3),
        "server_rss_before_mb": round(base), "server_rss_idle_mb": round(idle), "server_rss_after_mb": round(after),
        "rss_per_idle_session_mb": round((idle - base) / args.sessions, 1), "load_wall_s": round(wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("--think", type=float, nargs=2, default=[1.0, 3.0], metavar=("MIN", "MAX"))
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--filters", type=int, default=8)
    result = asyncio.run(run(parser.parse_args()))
    print(json.dumps(result))
    print(f"{result['sessions']} sessions, {result['moves']} slider moves: p50 {result['latency_p50_s']} s, "
          f"p90 {result['latency_p90_s']} s, p99 {result['latency_p99_s']} s; server memory "
          f"{result['server_rss_before_mb']} MB → {result['server_rss_idle_mb']} MB with every session idle "
          f"({result['rss_per_idle_session_mb']} MB each) → {result['server_rss_after_mb']} MB after the load")


if __name__ == "__main__":
    main()
