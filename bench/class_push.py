"""A class of N learners on one server: how fast a pushed question reaches every page, and what the teacher's live view costs.

Every learner is a protocol client (as `bench/load_test.py`: Streamlit's browser protocol over the websocket, the
pictures fetched over HTTP, nothing drawn) that joined the class — its member cookie rides on the websocket
request — and sits on /explorer. Like a browser, a client answers the server's auto-rerun messages: the class
panel's fragment asks the database every second whether a question was pushed.

1. Push: the teacher pushes a question (through the library, into the server's database); the latency of a
   learner is from that commit until its page has the question (the code line of that very question).
2. Slider moves with and without the teacher's view: the learners move the explorer's kernel-size slider with
   a think time between moves (load_test's moves: the new shape chain and the new pictures), first with no
   teacher connected, then with a teacher client on /teacher (the key typed, the question view live: answers,
   chart and the commonest slip refreshed every 1.5 s), alternated `--rounds` times. The ratio of the
   percentiles (teacher / no teacher) is the cost of the teacher's view to the learners.

    python bench/class_push.py [--learners 30] [--pushes 8] [--moves 8] [--rounds 2] [--size 224]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from load_test import chain, percentile  # bench/ is on sys.path when this file runs

from cnnviz.web.harness import start_streamlit, stop

KEY = "bench-teacher-key"
IMAGES = ("astronaut", "cat", "coffee", "rocket", "camera", "brick")


class Session:
    """One browser session through the protocol: a message pump, the server's auto-reruns, waits on what arrives."""

    def __init__(self, url: str, page: str, query: str, cookie: str | None = None):
        self.url, self.page_name, self.query, self.cookie = url, page, query, cookie
        self.page = ""
        self.widgets: dict[str, object] = {}  # element id → the element (sliders, inputs, buttons)
        self.fragment_of: dict[str, str] = {}
        self.timers: dict[str, asyncio.Task] = {}
        self.watchers: list[tuple] = []  # (predicate(kind, payload), future)
        self.seen: set[str] = set()
        self.sent_widgets: list = []
        self.kernel_size = 3  # the explorer's slider, as the link opened it

    async def open(self, until=None) -> None:
        headers = {"Cookie": f"cnnviz_member={self.cookie}"} if self.cookie else {}
        self.ws = await websockets.connect(self.url.replace("http", "ws", 1) + "/_stcore/stream",
                                           subprotocols=["streamlit"], origin=self.url, max_size=2**26,
                                           additional_headers=headers)
        self.pump_task = asyncio.create_task(self.pump())
        done = self.expect(lambda kind, p: kind == "finished" and p == 0)  # a whole run's end
        await self.send(page_name=self.page_name)
        await asyncio.wait_for(done, 300)
        if until is not None:
            await asyncio.wait_for(until, 300)

    def expect(self, predicate) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.watchers.append((predicate, future))
        return future

    def _notify(self, kind: str, payload) -> None:
        now = time.perf_counter()
        for entry in list(self.watchers):
            predicate, future = entry
            if not future.done() and predicate(kind, payload):
                future.set_result(now)
                self.watchers.remove(entry)

    async def send(self, widgets=(), fragment_id: str = "", page_name: str = "", auto: bool = False) -> None:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string, state.page_script_hash, state.fragment_id = self.query, self.page, fragment_id
        state.page_name, state.is_auto_rerun = page_name, auto
        for widget in (widgets or self.sent_widgets):
            state.widget_states.widgets.add().CopyFrom(widget)
        await self.ws.send(msg.SerializeToString())

    async def _auto(self, fragment_id: str, interval: float) -> None:
        while True:  # as the browser's timer: a fragment rerun every `interval` seconds
            await asyncio.sleep(interval)
            await self.send(fragment_id=fragment_id, auto=True)

    async def pump(self) -> None:
        try:
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await self.ws.recv())
                kind = fwd.WhichOneof("type")
                if kind == "new_session":
                    self.page = fwd.new_session.page_script_hash
                elif kind == "navigation":  # the page this run is on (a browser sends it back with each rerun)
                    self.page = fwd.navigation.page_script_hash
                elif kind == "auto_rerun":
                    fid = fwd.auto_rerun.fragment_id
                    if fid not in self.timers:
                        self.timers[fid] = asyncio.create_task(self._auto(fid, fwd.auto_rerun.interval))
                elif kind == "stop_auto_rerun":
                    for fid in fwd.stop_auto_rerun.fragment_ids:
                        task = self.timers.pop(fid, None)
                        task and task.cancel()
                elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    element = fwd.delta.new_element
                    which = element.WhichOneof("type")
                    inner = getattr(element, which)
                    if hasattr(inner, "id") and getattr(inner, "id", ""):
                        self.widgets[inner.id] = (which, inner)
                        self.fragment_of[inner.id] = fwd.delta.fragment_id
                    if which in ("markdown", "code"):
                        self._notify("text", inner.body if which == "markdown" else inner.code_text)
                    elif which == "imgs":
                        for img in element.imgs.imgs:
                            self._notify("img", img.url)
                elif kind == "script_finished":
                    self._notify("finished", fwd.script_finished)
        except (websockets.ConnectionClosed, asyncio.CancelledError):
            pass
        except Exception as err:  # a message this client does not understand: fail the waits now, not after 300 s
            for _, future in self.watchers:
                future.done() or future.set_exception(err)
            raise

    def widget(self, which: str, key_end: str):
        return next(wid for wid, (kind, _) in self.widgets.items() if kind == which and wid.endswith(key_end))

    async def close(self) -> None:
        for task in self.timers.values():
            task.cancel()
        self.pump_task.cancel()
        await self.ws.close()


async def move(learner: Session, k: int, size: int, filters: int) -> float:
    """Move the kernel-size slider to `k`; seconds until the new chain has arrived, its run has ended and the pictures
    the client has not seen yet are downloaded (a browser's cache holds the others)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    slider = learner.widget("slider", "explorer.kernel_size")
    state = WidgetState(id=slider)
    state.double_array_value.data.append(k)
    learner.sent_widgets = [state]  # later auto-reruns carry the slider's value, as a browser's do
    text, urls, shown = chain(size, k, filters), [], [False]

    def done(kind, payload) -> bool:
        if kind == "text" and text in payload:
            shown[0] = True
        elif kind == "img" and shown[0]:
            urls.append(payload)
        return kind == "finished" and shown[0]  # runs of one session never overlap: this is the move's run

    ended = learner.expect(done)
    start = time.perf_counter()
    await learner.send(fragment_id=learner.fragment_of[slider])
    try:
        await asyncio.wait_for(ended, 300)
    except asyncio.TimeoutError:
        raise RuntimeError(f"{learner.query}: no run showed {text!r} within 300 s of moving the slider to {k} "
                           f"(slider id {slider}, {len(learner.widgets)} widgets seen)") from None
    for url in dict.fromkeys(u for u in urls if u not in learner.seen):
        await asyncio.to_thread(lambda u=url: urllib.request.urlopen(learner.url + u, timeout=60).read())
        learner.seen.add(url)
    return time.perf_counter() - start


async def moves(learner: Session, i: int, n: int, think, size: int, filters: int) -> list[float]:
    """`n` moves, each one step from where the slider is (a move to the same value would change nothing)."""
    rng, out = random.Random(i), []
    for _ in range(n):
        await asyncio.sleep(rng.uniform(*think))
        k = learner.kernel_size
        learner.kernel_size = k + (1 if k < 11 and (k == 3 or rng.random() < 0.5) else -1)
        out.append(await move(learner, learner.kernel_size, size, filters))
    return out


async def open_teacher(url: str) -> Session:
    """The teacher's page with the key typed: the newest class, its question view refreshing by itself."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    teacher = Session(url, "teacher", "lang=en")
    await teacher.open()
    key, submit = teacher.widget("text_input", "teacher.key"), teacher.widget("button", "Open")
    typed, pressed = WidgetState(id=key, string_value=KEY), WidgetState(id=submit, trigger_value=True)
    live = teacher.expect(lambda kind, p: kind == "text" and "Most common wrong answer" in p)  # the live view
    await teacher.send(widgets=[typed, pressed])
    await asyncio.wait_for(live, 120)
    return teacher


async def cpu_share(proc: psutil.Process, seconds: float) -> float:
    """The server's CPU time over `seconds` of wall time (1.0 = one core busy)."""
    before = sum(proc.cpu_times()[:2])
    await asyncio.sleep(seconds)
    return round((sum(proc.cpu_times()[:2]) - before) / seconds, 3)


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50_s": round(statistics.median(values), 3), "p90_s": round(percentile(values, 0.9), 3),
            "max_s": round(max(values), 3)}


async def run(args) -> dict:
    from cnnviz.classroom import classes, questions
    from cnnviz.classroom.prompts import from_explorer
    from cnnviz.explorer.settings import DEFAULTS

    folder = Path(tempfile.mkdtemp(prefix="class_push_"))
    server, url = start_streamlit("app.py", env={"CNNVIZ_DATA_DIR": str(folder), "CNNVIZ_TEACHER_KEY": KEY,
                                                 "CNNVIZ_DATABASE_URL": ""})
    proc = psutil.Process(server.pid)
    try:
        room = classes.open_room(f"sqlite:///{folder / 'cnnviz.db'}", folder / "classes")
        info = classes.start_class(room, "bench", "cat, dog")
        joined = [classes.join(room, info.code, f"learner{i:02d}") for i in range(args.learners)]
        warm = Session(url, "explorer", f"size={args.size}&lang=en")  # imports, the first model, app.py's navigation
        await warm.open()
        await warm.close()
        learners = []
        for start in range(0, args.learners, 5):  # a class connects in waves
            wave = []
            for i in range(start, min(start + 5, args.learners)):
                query = (f"image={IMAGES[i % len(IMAGES)]}&size={args.size}&filters={args.filters}&kernel_size=3"
                         f"&kernel=random&seed={i}&lang=en")
                wave.append(Session(url, "explorer", query, cookie=joined[i][1]))
            await asyncio.gather(*(s.open() for s in wave))
            learners += wave
        await asyncio.sleep(3)

        push_latencies = []
        for n in range(args.pushes):
            question = from_explorer({**DEFAULTS.values(), "filters": 20 + n}, "output_shape")
            marker = f"filters={20 + n}"
            arrived = [s.expect(lambda kind, p, m=marker: kind == "text" and m in p) for s in learners]
            pushed = time.perf_counter()
            questions.push(room, info.id, question)
            times = await asyncio.wait_for(asyncio.gather(*arrived), 60)
            push_latencies += [t - pushed for t in times]
            await asyncio.sleep(random.uniform(1.0, 3.0))
        qid = questions.push(room, info.id, from_explorer(DEFAULTS.values()))  # the question the moves run under
        for i, (member, _) in enumerate(joined[: max(2, args.learners * 2 // 3)]):  # a chart with right and wrong bars
            questions.answer(room, member, qid, ("222x222x8", "221x221x8", "224x224x8")[i % 3])

        idle = {"polling": await cpu_share(proc, 10.0)}  # 30 learners polling, nobody moving
        teacher = await open_teacher(url)
        idle["polling_and_teacher"] = await cpu_share(proc, 10.0)
        await teacher.close()

        by_condition: dict[str, list[float]] = {"no_teacher": [], "teacher": []}
        cpu: dict[str, float] = {"no_teacher": 0.0, "teacher": 0.0}
        walls: dict[str, float] = {"no_teacher": 0.0, "teacher": 0.0}
        for r in range(args.rounds):
            for condition in ("no_teacher", "teacher"):
                teacher = await open_teacher(url) if condition == "teacher" else None
                await asyncio.sleep(2)
                before, began = sum(proc.cpu_times()[:2]), time.perf_counter()
                results = await asyncio.gather(*(moves(s, 1000 * r + i, args.moves, tuple(args.think), args.size,
                                                       args.filters) for i, s in enumerate(learners)))
                walls[condition] += time.perf_counter() - began
                cpu[condition] += sum(proc.cpu_times()[:2]) - before
                by_condition[condition] += [x for res in results for x in res]
                if teacher is not None:
                    await teacher.close()
        for s in learners:
            await s.close()
    finally:
        stop(server)
    out = {"learners": args.learners, "pushes": args.pushes, "input": f"{args.size}x{args.size}x3",
           "push": summary(push_latencies), "idle_server_cpu_share": idle}
    for condition, values in by_condition.items():
        out[condition] = {**summary(values), "server_cpu_share": round(cpu[condition] / walls[condition], 3)}
    out["ratio_p50"] = round(out["teacher"]["p50_s"] / out["no_teacher"]["p50_s"], 3)
    out["ratio_p90"] = round(out["teacher"]["p90_s"] / out["no_teacher"]["p90_s"], 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--pushes", type=int, default=8)
    parser.add_argument("--moves", type=int, default=8, help="slider moves per learner per condition and round")
    parser.add_argument("--rounds", type=int, default=2, help="no-teacher / teacher alternations")
    parser.add_argument("--think", type=float, nargs=2, default=[1.0, 3.0], metavar=("MIN", "MAX"))
    parser.add_argument("--size", type=int, default=224, help="the explorer's input size (load_test's default)")
    parser.add_argument("--filters", type=int, default=8)
    r = asyncio.run(run(parser.parse_args()))
    print(json.dumps(r))
    print(f"{r['learners']} learners: a pushed question on every page in p50 {r['push']['p50_s']} s, "
          f"p90 {r['push']['p90_s']} s (max {r['push']['max_s']} s). Slider moves p50/p90: "
          f"{r['no_teacher']['p50_s']}/{r['no_teacher']['p90_s']} s without the teacher's view, "
          f"{r['teacher']['p50_s']}/{r['teacher']['p90_s']} s with it: ratio {r['ratio_p50']} (p50), "
          f"{r['ratio_p90']} (p90). Idle server CPU: {r['idle_server_cpu_share']}")


if __name__ == "__main__":
    main()
