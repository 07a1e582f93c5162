"""Importing the calculators and the run store never imports TensorFlow, Keras or Streamlit (checked in a fresh interpreter)."""
import subprocess
import sys

from tests import ROOT

import pytest

PURE = ["cnnviz", "cnnviz.errors", "cnnviz.paths", "cnnviz.images", "cnnviz.i18n", "cnnviz.presets",
        "cnnviz.calc", "cnnviz.calc.formula", "cnnviz.calc.layer_types", "cnnviz.calc.specs", "cnnviz.calc.shapes",
        "cnnviz.calc.params", "cnnviz.calc.cost", "cnnviz.calc.summary", "cnnviz.calc.activations",
        "cnnviz.cli", "cnnviz.cli.train", "cnnviz.models", "cnnviz.models.build", "cnnviz.pictures.colors",
        "cnnviz.builder", "cnnviz.builder.draft", "cnnviz.builder.answers", "cnnviz.builder.codegen",
        "cnnviz.classroom", "cnnviz.classroom.lesson", "cnnviz.classroom.links",
        "cnnviz.explorer", "cnnviz.explorer.stage", "cnnviz.explorer.kernels",
        "cnnviz.explorer.pictures", "cnnviz.explorer.arithmetic", "cnnviz.explorer.backward",
        "cnnviz.explorer.backward_arithmetic", "cnnviz.explorer.latex", "cnnviz.explorer.settings", "cnnviz.settings",
        "cnnviz.builder.settings", "cnnviz.network.settings", "cnnviz.training.settings", "cnnviz.pictures.charts", "cnnviz.pictures.html_charts",
        # the run store, its CLI and its exports: Keras only once a model is touched
        "cnnviz.runs", "cnnviz.runs.store", "cnnviz.runs.recorder", "cnnviz.runs.timeline", "cnnviz.runs.export",
        "cnnviz.runs.notebook", "cnnviz.cli.runs"]


@pytest.mark.parametrize("module", PURE)
def test_import_does_not_load_tensorflow(module):
    code = (f"import sys, {module}; "
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'tensorflow', 'keras', 'streamlit'}); print(bad)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_library_imports_without_streamlit():
    """Every module outside cnnviz.web imports without Streamlit (a notebook can use all of it)."""
    code = """
import importlib, pkgutil, sys
import cnnviz
names = sorted(m.name for m in pkgutil.walk_packages(cnnviz.__path__, "cnnviz.") if not m.name.startswith("cnnviz.web") and m.name != "cnnviz.__main__")
for name in names:
    importlib.import_module(name)
    if "streamlit" in sys.modules:
        print("STREAMLIT", name)
        break
print("MODULES", len(names))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "STREAMLIT" not in out.stdout, out.stdout
    assert int(out.stdout.split("MODULES")[1]) > 50
