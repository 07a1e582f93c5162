"""What a school's IT person runs, checked for form: docker-compose.yml, nginx.conf and the Kubernetes example.

No Docker engine or cluster here: the YAML is parsed and its key settings asserted; the nginx file is parsed the
same way and, when nginx is installed, tested by nginx itself (`nginx -t`) with the replicas' names pointed at
loopback. tests/e2e/test_replicas.py runs that nginx configuration in front of two real replicas.
"""
from __future__ import annotations

import os
import re
import subprocess

import pytest

from tests import ROOT

DEPLOY = ROOT / "deploy"
NGINX = "/usr/sbin/nginx"


def _yaml():
    if os.environ.get("CI"):
        import yaml  # CI installs requirements-dev.txt: a missing PyYAML is a failure there

        return yaml
    return pytest.importorskip("yaml", reason="PyYAML (requirements-dev.txt) parses the deployment files")


def parse_nginx(text: str) -> list:
    """nginx's syntax as nested lists: a directive is ``[name, args…]``, a block ``[name, args…, [children]]``."""
    tokens = re.findall(r"'[^']*'|\"[^\"]*\"|[{};]|[^\s{};]+", re.sub(r"#[^\n]*", "", text))
    stack, current, words = [], [], []
    for token in tokens:
        if token == ";":
            current.append(words)
            words = []
        elif token == "{":
            block = words + [[]]
            current.append(block)
            stack.append(current)
            current, words = block[-1], []
        elif token == "}":
            current = stack.pop()
        else:
            words.append(token.strip("'\""))
    assert not stack and not words, "unbalanced braces or a directive without ;"
    return current


def find(tree: list, *path: str) -> list:
    """The directives (or blocks) reached by `path`, e.g. find(tree, 'http', 'upstream')."""
    found = [node for node in tree if node[0] == path[0]]
    if len(path) == 1:
        return found
    return [hit for node in found for hit in find(node[-1], *path[1:])]


def test_nginx_keeps_each_browser_on_one_replica_and_passes_websockets():
    tree = parse_nginx((DEPLOY / "nginx.conf").read_text())
    upstream = find(tree, "http", "upstream")
    assert len(upstream) == 1 and upstream[0][1] == "cnnviz"
    body = upstream[0][-1]
    assert ["hash", "$remote_addr", "consistent"] in body  # sticky by the whole client address
    assert [d[1] for d in find(body, "server")] == ["app1:8501", "app2:8501"]
    maps = find(tree, "http", "map")
    assert maps[0][1:3] == ["$http_upgrade", "$connection_upgrade"] and ["default", "upgrade"] in maps[0][-1]
    location = find(tree, "http", "server", "location")
    assert location[0][1] == "/"
    directives = {tuple(d[:2]): d[2:] for d in location[0][-1]}
    assert ("proxy_pass", "http://cnnviz") in directives and ("proxy_http_version", "1.1") in directives
    assert directives[("proxy_set_header", "Upgrade")] == ["$http_upgrade"]
    assert directives[("proxy_set_header", "Connection")] == ["$connection_upgrade"]
    assert ("proxy_buffering", "off") in directives
    assert int(next(d[1] for d in location[0][-1] if d[0] == "proxy_read_timeout").rstrip("s")) >= 3600
    assert find(tree, "http", "server", "client_max_body_size")[0][1] == "50m"


@pytest.mark.skipif(not os.path.exists(NGINX), reason=f"no {NGINX} (apt-get install nginx)")
def test_nginx_itself_accepts_the_file(tmp_path):
    text = (DEPLOY / "nginx.conf").read_text().replace("app1:8501", "127.0.0.1:1").replace("app2:8501", "127.0.0.1:2")
    (tmp_path / "logs").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    out = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf), "-g", f"pid {tmp_path}/nginx.pid;"
                          f" error_log {tmp_path}/logs/error.log;"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert "syntax is ok" in out.stderr


def test_compose_runs_two_replicas_on_one_database_and_one_volume():
    compose = _yaml().safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"app1", "app2", "db", "nginx"}
    for name in ("app1", "app2"):
        app = services[name]
        env = app["environment"]
        assert env["CNNVIZ_DATABASE_URL"].startswith("postgresql+psycopg://cnnviz:") and "@db:5432/cnnviz" in \
            env["CNNVIZ_DATABASE_URL"]
        assert env["CNNVIZ_TEACHER_KEY"].startswith("${CNNVIZ_TEACHER_KEY:?")  # required, never a default
        assert env["STREAMLIT_SERVER_COOKIE_SECRET"].startswith("${STREAMLIT_COOKIE_SECRET:?")
        assert env["CNNVIZ_TRUSTED_PROXIES"] == "all"
        assert app["volumes"] == ["cnnviz-data:/home/cnnviz"] and env["CNNVIZ_DATA_DIR"].startswith("/home/cnnviz/")
        assert app["depends_on"]["db"]["condition"] == "service_healthy"
        assert app["build"] == {"context": "..", "dockerfile": "Dockerfile"}
    assert services["app1"] == services["app2"]  # one definition, two replicas
    assert services["db"]["image"].startswith("postgres:") and "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    nginx = services["nginx"]
    assert nginx["volumes"] == ["./nginx.conf:/etc/nginx/nginx.conf:ro"] and nginx["ports"] == ["8080:80"]
    assert set(compose["volumes"]) == {"cnnviz-data", "cnnviz-db"}
    assert (ROOT / "Dockerfile").is_file()
    example = dict(line.split("=", 1) for line in (DEPLOY / "env.example").read_text().splitlines()
                   if line and not line.startswith("#"))
    assert set(example) == {"POSTGRES_PASSWORD", "CNNVIZ_TEACHER_KEY", "STREAMLIT_COOKIE_SECRET"}


def _k8s() -> dict:
    yaml = _yaml()
    docs = [d for path in sorted((DEPLOY / "kubernetes").glob("*.yaml")) for d in yaml.safe_load_all(path.read_text())]
    return {(d["kind"], d["metadata"]["name"]): d for d in docs}


def test_the_kubernetes_example():
    docs = _k8s()
    assert set(docs) == {("Deployment", "cnnviz"), ("Service", "cnnviz"), ("Ingress", "cnnviz"), ("Secret", "cnnviz"),
                         ("PersistentVolumeClaim", "cnnviz-data"), ("StatefulSet", "cnnviz-db"), ("Service", "cnnviz-db")}
    deployment = docs["Deployment", "cnnviz"]["spec"]
    assert deployment["replicas"] >= 2
    pod = deployment["template"]["spec"]
    container = pod["containers"][0]
    env = {e["name"]: e for e in container["env"]}
    secret = docs["Secret", "cnnviz"]["stringData"]
    for name, key in (("CNNVIZ_DATABASE_URL", "database-url"), ("CNNVIZ_TEACHER_KEY", "teacher-key"),
                      ("STREAMLIT_SERVER_COOKIE_SECRET", "cookie-secret")):
        assert env[name]["valueFrom"]["secretKeyRef"] == {"name": "cnnviz", "key": key} and key in secret
    assert secret["database-url"].startswith("postgresql+psycopg://") and "@cnnviz-db:5432/" in secret["database-url"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/_stcore/health"
    assert pod["volumes"][0]["persistentVolumeClaim"]["claimName"] == "cnnviz-data"
    assert docs["PersistentVolumeClaim", "cnnviz-data"]["spec"]["accessModes"] == ["ReadWriteMany"]
    service = docs["Service", "cnnviz"]["spec"]
    assert service["sessionAffinity"] == "ClientIP" and service["selector"] == {"app": "cnnviz"}
    assert service["sessionAffinityConfig"]["clientIP"]["timeoutSeconds"] >= 3600
    ingress = docs["Ingress", "cnnviz"]["metadata"]["annotations"]
    assert ingress["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(ingress["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    db = docs["StatefulSet", "cnnviz-db"]["spec"]
    assert db["template"]["spec"]["containers"][0]["image"].startswith("postgres:")
    assert docs["Service", "cnnviz-db"]["spec"]["ports"][0]["port"] == 5432
