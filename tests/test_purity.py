"""Importing the calculators never imports TensorFlow or Keras (checked in a fresh interpreter)."""
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
        "cnnviz.explorer", "cnnviz.explorer.query", "cnnviz.explorer.stage", "cnnviz.explorer.kernels",
        "cnnviz.explorer.pictures", "cnnviz.explorer.arithmetic"]


@pytest.mark.parametrize("module", PURE)
def test_import_does_not_load_tensorflow(module):
    code = (f"import sys, {module}; "
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'tensorflow', 'keras', 'streamlit'}); print(bad)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
