"""The run store, its CLI and its exports stay cheap to import: no TensorFlow, Keras or Streamlit until a model is touched."""
import subprocess
import sys

import pytest

from tests import ROOT

LIGHT = ["cnnviz.runs", "cnnviz.runs.store", "cnnviz.runs.recorder", "cnnviz.runs.timeline", "cnnviz.runs.export",
         "cnnviz.runs.notebook", "cnnviz.cli.runs"]


@pytest.mark.parametrize("module", LIGHT)
def test_import_does_not_load_tensorflow(module):
    code = (f"import sys, {module}; "
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'tensorflow', 'keras', 'streamlit'}); print(bad)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_package_itself_imports_no_sqlalchemy():
    code = "import sys, cnnviz.runs; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False"
