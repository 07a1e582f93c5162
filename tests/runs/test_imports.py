"""The run store package stays cheap to import: no SQLAlchemy until a store is opened (TensorFlow, Keras and Streamlit:
tests/test_purity.py)."""
import subprocess
import sys

from tests import ROOT


def test_the_package_itself_imports_no_sqlalchemy():
    code = "import sys, cnnviz.runs; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False"
