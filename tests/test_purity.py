"""Importing the calculators never imports TensorFlow or Keras (checked in a fresh interpreter)."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE = ["cnnviz", "cnnviz.formula", "cnnviz.specs", "cnnviz.shapes", "cnnviz.params", "cnnviz.cost",
        "cnnviz.summary", "cnnviz.presets", "cnnviz.cli", "cnnviz.i18n", "cnnviz.errors", "cnnviz.models",
        "cnnviz.builder", "cnnviz.codegen", "cnnviz.lesson", "cnnviz.locks", "cnnviz.images", "cnnviz.train_cli",
        "cnnviz.query", "cnnviz.stage", "cnnviz.kernels", "cnnviz.render", "cnnviz.layer_types", "cnnviz.answers",
        "cnnviz.arithmetic"]


@pytest.mark.parametrize("module", PURE)
def test_import_does_not_load_tensorflow(module):
    code = (f"import sys, {module}; "
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'tensorflow', 'keras', 'streamlit'}); print(bad)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
