"""The README's promise: exactly two commands, the second run word for word by CI, every bench script it cites exists."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    section = README.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_the_readme_gives_exactly_two_commands_one_runs_the_app_one_the_suite():
    run_app, run_tests = _commands()
    assert run_app.startswith("python3 -m venv .venv") and run_app.endswith("streamlit run app.py")
    assert "pip install -r requirements.txt" in run_app
    assert "pip install -r requirements-dev.txt" in run_tests and run_tests.endswith("python -m pytest")


def test_ci_runs_the_readmes_test_command_word_for_word():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _commands()[1] in ci


def test_every_bench_script_the_readme_cites_exists():
    cited = set(re.findall(r"bench/([a-z_]+\.py)", README))
    assert cited, "the README reports measured figures with their scripts"
    assert {name for name in cited if not (ROOT / "bench" / name).is_file()} == set()
