"""A class on one server: N sessions move /explorer sliders at once; latency percentiles and memory.

Every session opens /explorer on loopback with its own random kernel seed (so no session is
served from another's cache), then moves the kernel-size slider up and down with a think time
between moves. The server's memory (resident set of the `streamlit run` process) is read before
the sessions, with all of them connected and idle, and after the load.

Two kinds of session, mixed with --browsers K (the other N − K are clients):
- a headless Chromium tab: latency from the key press until the new shape chain is on the page;
- a client that speaks Streamlit's browser protocol over the same websocket (the widget message
  a browser sends, the deltas it receives) and downloads the new pictures over HTTP, without
  drawing them: latency from sending the move until the chain and every new picture arrived.
In a classroom the browsers run on the learners' machines. Here Chromium tabs draw on the
server's own two cores, so `--browsers N` measures a machine that is server and class at once.

    python bench/load_test.py [--sessions 30] [--browsers 1] [--moves 10] [--think 1.0 3.0] [--size 224]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
import urllib.request
from pathlib import Path

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
from cnnviz.web.harness import CHROMIUM, CHROMIUM_ARGS, IDLE, start_streamlit, stop

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


class Client:
    """One session through Streamlit's websocket protocol, as the browser speaks it, without drawing."""

    PAGE_RUN, FRAGMENT_RUN = 0, 3  # ScriptFinishedStatus of a whole run and of a fragment's run

    def __init__(self, url: str, query: str):
        self.url, self.query = url, query
        self.slider = self.fragment = self.page = None
        self.seen: set[str] = set()  # picture URLs already downloaded (a browser caches them)
        self.running = False  # the last run's end has not been read yet (it came during the think time)

    async def open(self, text: str) -> None:
        self.ws = await websockets.connect(self.url.replace("http", "ws", 1) + "/_stcore/stream",
                                           subprotocols=["streamlit"], origin=self.url, max_size=2**26)
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_name = "explorer"
        await self.ws.send(msg.SerializeToString())
        await self.receive(text, pictures=None, end=self.PAGE_RUN)

    async def finish(self) -> None:
        """Read the rest of the last run (a browser reads it while the learner looks)."""
        while self.running:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), 300))
            self.running = not (fwd.WhichOneof("type") == "script_finished")

    async def move(self, k: int, text: str) -> None:
        """Send a new slider value, as the browser does, and wait for the new chain and pictures."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string, state.page_script_hash, state.fragment_id = self.query, self.page, self.fragment
        widget = state.widget_states.widgets.add()
        widget.id = self.slider
        widget.double_array_value.data.append(k)  # what the browser sends for a slider
        await self.ws.send(msg.SerializeToString())
        await self.receive(text, pictures=4, end=self.FRAGMENT_RUN)  # kernels, feature, activation and pooled maps change

    async def receive(self, text: str, pictures: int | None, end: int) -> None:
        """Read messages until the run shows `text` and `pictures` new pictures (None: until the run ends), then download them."""
        found, urls = False, []
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), 300))
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.page = fwd.new_session.page_script_hash
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                which = element.WhichOneof("type")
                if which == "slider" and element.slider.id.endswith("explorer.kernel_size"):
                    self.slider, self.fragment = element.slider.id, fwd.delta.fragment_id
                elif which == "markdown" and text in element.markdown.body:
                    found = True
                elif which == "imgs":
                    urls += [img.url for img in element.imgs.imgs if img.url not in self.seen]
            elif kind == "script_finished" and fwd.script_finished == end:
                if not found:
                    raise RuntimeError(f"the run ended (status {fwd.script_finished}) without {text!r}")
                break
            if found and pictures is not None and len(urls) >= pictures:
                self.running = True
                break
        for url in urls:
            await asyncio.to_thread(lambda u=url: urllib.request.urlopen(self.url + u, timeout=60).read())
            self.seen.add(url)

    async def close(self) -> None:
        await self.ws.close()


async def open_client(url: str, i: int, size: int, filters: int) -> Client:
    client = Client(url, f"image={IMAGES[i % len(IMAGES)]}&size={size}&filters={filters}&kernel_size=3"
                         f"&kernel=random&seed={i}&lang=en")
    await client.open(chain(size, 3, filters))
    return client


async def move_client(client: Client, i: int, moves: int, think: tuple[float, float], size: int,
                      filters: int) -> list[float]:
    rng = random.Random(i)
    latencies, k = [], 3
    for _ in range(moves):
        await asyncio.sleep(rng.uniform(*think))
        await client.finish()
        k += 1 if k < 11 and (k == 3 or rng.random() < 0.5) else -1
        start = time.perf_counter()
        await client.move(k, chain(size, k, filters))
        latencies.append(time.perf_counter() - start)
    return latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def run(args) -> dict:
    from playwright.async_api import async_playwright

    server, url = start_streamlit("app.py")
    proc = psutil.Process(server.pid)
    n_browsers = min(args.browsers, args.sessions)
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            warm, _ = await open_session(browser, url, 10_000, args.size, args.filters)  # imports, first model
            await warm.close()
            await asyncio.sleep(2)
            base = rss_mb(proc)
            tabs, clients = [], []
            for start in range(0, args.sessions, 5):  # connect in waves, as a class does
                wave = range(start, min(start + 5, args.sessions))
                tabs += await asyncio.gather(*(open_session(browser, url, i, args.size, args.filters)
                                               for i in wave if i < n_browsers))
                clients += await asyncio.gather(*(open_client(url, i, args.size, args.filters)
                                                  for i in wave if i >= n_browsers))
            await asyncio.sleep(2)
            idle = rss_mb(proc)
            began = time.perf_counter()
            think = tuple(args.think)
            results = await asyncio.gather(
                *(move_sliders(page, i, args.moves, think, args.size, args.filters) for i, (_, page) in enumerate(tabs)),
                *(move_client(c, n_browsers + i, args.moves, think, args.size, args.filters)
                  for i, c in enumerate(clients)))
            wall = time.perf_counter() - began
            after = rss_mb(proc)
            for context, _ in tabs:
                await context.close()
            for client in clients:
                await client.close()
            await browser.close()
    finally:
        stop(server)
    in_tabs = [x for r in results[:n_browsers] for x in r]
    latencies = [x for r in results for x in r]
    summary = {
        "sessions": args.sessions, "browser_tabs": n_browsers, "moves_per_session": args.moves,
        "think_s": args.think, "input": f"{args.size}x{args.size}x3", "filters": args.filters,
        "moves": len(latencies), "load_wall_s": round(wall, 1),
        "server_rss_before_mb": round(base), "server_rss_idle_mb": round(idle), "server_rss_after_mb": round(after),
        "rss_per_idle_session_mb": round((idle - base) / args.sessions, 1),
    }
    for name, values in (("all", latencies), ("tabs", in_tabs)):
        if values:
            summary.update({f"{name}_p50_s": round(statistics.median(values), 3),
                            f"{name}_p90_s": round(percentile(values, 0.9), 3),
                            f"{name}_p99_s": round(percentile(values, 0.99), 3),
                            f"{name}_max_s": round(max(values), 3)})
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--browsers", type=int, default=1, help="how many sessions are Chromium tabs")
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("--think", type=float, nargs=2, default=[1.0, 3.0], metavar=("MIN", "MAX"))
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--filters", type=int, default=8)
    r = asyncio.run(run(parser.parse_args()))
    print(json.dumps(r))
    print(f"{r['sessions']} sessions ({r['browser_tabs']} Chromium tabs), {r['moves']} slider moves: "
          f"p50 {r['all_p50_s']} s, p90 {r['all_p90_s']} s, p99 {r['all_p99_s']} s"
          + (f"; in the tabs p50 {r['tabs_p50_s']} s, p90 {r['tabs_p90_s']} s" if r["browser_tabs"] else "")
          + f". Server memory {r['server_rss_before_mb']} MB → {r['server_rss_idle_mb']} MB with every session "
          f"idle ({r['rss_per_idle_session_mb']} MB each) → {r['server_rss_after_mb']} MB after the load")


if __name__ == "__main__":
    main()
