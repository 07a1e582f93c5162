"""A training process killed with SIGKILL mid-run: the reopened store shows it interrupted, with its epochs and a usable model."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import numpy as np
import sqlalchemy as sa

from cnnviz.runs.database import dispose_all
from cnnviz.runs.store import open_store
from cnnviz.training.datasets import load_shapes
from tests import ROOT


def test_sigkill_mid_run_leaves_an_interrupted_run_whose_last_snapshot_predicts(store, owner, db_url, tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "tests.runs.proc_train", db_url, str(store.root), owner],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        run_id = proc.stdout.readline().strip()
        assert run_id, proc.stderr.read()
        deadline = time.monotonic() + 240
        while store.get_run(run_id, owner).epochs_done < 2:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
            time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    dispose_all()

    reopened = open_store(db_url, store.root)
    record = reopened.get_run(run_id, owner)
    assert record.status == "interrupted" and record.finished_at is not None
    assert 2 <= record.epochs_done < 40 and not record.has_model
    history = reopened.history(run_id, owner)
    assert [h["epoch"] for h in history] == list(range(1, record.epochs_done + 1))
    assert all(h["val_accuracy"] is not None for h in history)
    model = reopened.model_at(run_id, owner, record.epochs_done)
    probs = model.predict(load_shapes(n=20, size=16, seed=5).x_val, verbose=0)
    assert probs.shape == (4, 4) and np.isfinite(probs).all()
    if db_url.startswith("sqlite"):
        with reopened.engine.connect() as conn:
            assert conn.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
