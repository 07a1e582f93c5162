"""Importing the calculators never imports TensorFlow or Keras (checked in a fresh interpreter)."""
import subprocess
import sys

from tests import ROOT

import pytest

PURE = ["cnnviz", "cnnviz.calc.formula", "cnnviz.calc.specs", "cnnviz.calc.shapes", "cnnviz.calc.params", "cnnviz.calc.cost",
        "cnnviz.calc.summary", "cnnviz.presets", "cnnviz.cli", "cnnviz.i18n", "cnnviz.errors", "cnnviz.models.build",
        "cnnviz.builder.draft", "cnnviz.builder.codegen", "cnnviz.classroom.lesson", "cnnviz.classroom.links", "cnnviz.images", "cnnviz.cli.train",
        "cnnviz.explorer.query", "cnnviz.explorer.stage", "cnnviz.explorer.kernels", "cnnviz.explorer.pictures", "cnnviz.calc.layer_types", "cnnviz.builder.answers",
        "cnnviz.explorer.arithmetic"]


@pytest.mark.parametrize("module", PURE)
def test_import_does_not_load_tensorflow(module):
    code = (f"import sys, {module}; "
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'tensorflow', 'keras', 'streamlit'}); print(bad)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
