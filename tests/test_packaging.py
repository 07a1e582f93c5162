"""pyproject.toml lists every package of cnnviz, so `pip install .` ships all of it (and the assets)."""
import tomllib

from tests import ROOT


def test_every_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {str(f.parent.relative_to(ROOT)).replace("/", ".") for f in (ROOT / "cnnviz").rglob("__init__.py")}
    assert found | {"cnnviz._assets"} == listed


def test_the_console_command_is_the_cli_main():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"cnnviz": "cnnviz.cli:main"}
