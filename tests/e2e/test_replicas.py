"""A class past one server: two real `streamlit run` replicas share one database, and nginx (deploy/nginx.conf) sits in
front of them — a learner's answer given on one replica appears on the teacher's view on the other.

The database is one SQLite file (both replicas use the same data folder) and, when ``CNNVIZ_TEST_DATABASE_URL``
names a PostgreSQL database, PostgreSQL as well. The nginx test runs Debian's nginx (installed by .ci/run) with the
shipped configuration, its replicas pointed at loopback, on ports of its own; without nginx it skips, except in CI.
"""
from __future__ import annotations

import http.client
import os
import re
import subprocess
import time
from contextlib import contextmanager

import pytest

from cnnviz.web.harness import free_port, open_page, start_streamlit, stop
from tests import ROOT
from tests.databases import emptied_postgresql
from tests.e2e.test_class_browser import KEY, VIEW, learner_page, teacher_page

NGINX = "/usr/sbin/nginx"


@contextmanager
def replicas(data_dir, database_url: str = ""):
    """Two app processes on the same database (and data folder), as two containers of the compose file."""
    env = {"CNNVIZ_DATA_DIR": str(data_dir), "CNNVIZ_TEACHER_KEY": KEY, "CNNVIZ_DATABASE_URL": database_url,
           "CNNVIZ_TRUSTED_PROXIES": "127.0.0.1"}
    started = []
    try:
        for _ in range(2):
            started.append(start_streamlit("app.py", env=env))
        yield [url for _, url in started]
    finally:
        for proc, _ in started:
            stop(proc)


def _database(kind: str) -> str:
    if kind == "sqlite":
        return ""  # the SQLite file in the shared data folder
    return emptied_postgresql()


def _answer_on_one_and_see_on_the_other(browser, learner_url: str, teacher_url: str) -> None:
    teacher, code = teacher_page(browser, teacher_url)
    teacher.get_by_role("button", name="Ask the class").click()
    learner = learner_page(browser, learner_url, code, "Mina", "/explorer")
    learner.get_by_text("Question from your teacher").wait_for(timeout=20_000)
    learner.get_by_label("Your answer (height × width × channels)").fill("221x221x8")
    learner.get_by_role("button", name="Send my answer").click()
    learner.get_by_text("Your answer: 221 × 221 × 8").wait_for(timeout=20_000)
    teacher.get_by_text("1 / 1").wait_for(timeout=20_000)  # the other process, through the database
    teacher.get_by_text("Most common wrong answer: 221 × 221 × 8 (1×)").wait_for(timeout=20_000)
    teacher.get_by_role("button", name="Reveal the answer").click()
    learner.get_by_text("the right answer is 222 × 222 × 8").wait_for(timeout=20_000)
    teacher.context.close()
    learner.context.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_two_replicas_share_one_class(browser, tmp_path, kind):
    with replicas(tmp_path, _database(kind)) as (a, b):
        _answer_on_one_and_see_on_the_other(browser, learner_url=a, teacher_url=b)


def nginx_conf(port: int, upstreams: list[str]) -> str:
    """deploy/nginx.conf with its replicas at `upstreams`, listening on `port`, naming the replica in a header."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    text, n = re.subn(r"server app1:8501 ([^;]*);\s*server app2:8501 ([^;]*);",
                      lambda m: f"server {upstreams[0]} {m.group(1)}; server {upstreams[1]} {m.group(2)};", text)
    assert n == 1
    text = text.replace("listen 80;", f"listen 127.0.0.1:{port};")
    text = text.replace("location / {", "location / {\n            add_header X-Upstream $upstream_addr always;")
    return text


@contextmanager
def running_nginx(tmp_path, upstreams: list[str]):
    prefix = tmp_path / "nginx"
    (prefix / "logs").mkdir(parents=True)
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(port, upstreams))
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g",
                             f"daemon off; pid {prefix}/nginx.pid; error_log {prefix}/logs/error.log;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                _upstream(port)
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stderr.read().decode(errors="replace")[-2000:])
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _upstream(port: int, source: str = "127.0.0.1") -> str:
    """Which replica nginx sends a request from `source` to (the X-Upstream header of the test's copy)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        conn.request("GET", "/_stcore/health")
        response = conn.getresponse()
        response.read()
        assert response.status == 200
        return response.getheader("X-Upstream")
    finally:
        conn.close()


def test_behind_nginx_each_browser_keeps_its_replica_and_the_class_spans_both(browser, tmp_path):
    if not os.path.exists(NGINX):
        if os.environ.get("CI"):
            pytest.fail(f"{NGINX} is missing and CI is set: .ci/run installs nginx")
        pytest.skip(f"no {NGINX} (apt-get install nginx)")
    with replicas(tmp_path / "data") as urls, running_nginx(tmp_path, [u.split("//")[1] for u in urls]) as front:
        port = int(front.rsplit(":", 1)[1])
        mine = {_upstream(port) for _ in range(10)}
        assert len(mine) == 1  # sticky: every request of this address reaches the same replica
        spread = {_upstream(port, f"127.0.0.{i}") for i in range(2, 40)}
        assert spread == {u.split("//")[1] for u in urls}  # other addresses use both replicas
        other = next(u for u in urls if u.split("//")[1] not in mine)
        # The learner's browser (127.0.0.1) goes through nginx — WebSocket and all — to its replica; the teacher
        # opens the other replica: the answer crosses processes through the database only.
        _answer_on_one_and_see_on_the_other(browser, learner_url=front, teacher_url=other)
        page = browser.new_context(viewport=VIEW).new_page()
        open_page(page, front, "/teacher?lang=en")  # the teacher page works through nginx as well
        page.get_by_label("Teacher key").wait_for(timeout=20_000)
        page.context.close()
