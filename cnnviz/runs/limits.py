"""How much the run store may keep: runs and megabytes per learner, megabytes in all, and when a silent run is interrupted.

Each figure has a default and an environment variable that overrides it:

| setting | default | variable |
|---|---|---|
| runs per learner | 30 | ``CNNVIZ_RUNS_PER_LEARNER`` |
| MB per learner | 150 | ``CNNVIZ_RUNS_LEARNER_MB`` |
| MB for all runs | 5000 | ``CNNVIZ_RUNS_MAX_MB`` |
| seconds without a heartbeat before a ``running`` run counts as ``interrupted`` | 120 | ``CNNVIZ_RUNS_STALE_SECONDS`` |
| whole-model snapshots per run (the final ``.keras`` counts as one) | 6 | ``CNNVIZ_RUNS_FULL_SNAPSHOTS`` |

A 10-epoch run of the default model (tf_cnn_cifar10 on 32×32 images) takes about 4.5 MB (see
``bench/run_store.py``), so a learner keeps about 30 such runs and a class of 30 fits in 5 GB.
When a new run would pass a cap, the store prunes the learner's oldest finished runs first. A run too big
for a learner's whole cap keeps fewer whole-model snapshots (down to the first epoch and the final model;
`fitting_full_snapshots`) before it is refused.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from cnnviz.errors import SettingError

MB = 1024 * 1024
SNAPSHOTS_KEY = "full_snapshots"  # in a run's settings when it keeps fewer whole-model snapshots than the limit


@dataclass(frozen=True)
class Limits:
    runs_per_owner: int = 30
    owner_mb: float = 150.0
    total_mb: float = 5000.0
    stale_seconds: float = 120.0
    full_snapshots: int = 6

    @property
    def owner_bytes(self) -> int:
        return int(self.owner_mb * MB)

    @property
    def total_bytes(self) -> int:
        return int(self.total_mb * MB)


_ENV = {"runs_per_owner": ("CNNVIZ_RUNS_PER_LEARNER", int), "owner_mb": ("CNNVIZ_RUNS_LEARNER_MB", float),
        "total_mb": ("CNNVIZ_RUNS_MAX_MB", float), "stale_seconds": ("CNNVIZ_RUNS_STALE_SECONDS", float),
        "full_snapshots": ("CNNVIZ_RUNS_FULL_SNAPSHOTS", int)}


def limits_from_env(environ=None) -> Limits:
    """`Limits` with every figure set in the environment (`environ`, default ``os.environ``) replaced; a bad
    figure is a `SettingError`."""
    environ = os.environ if environ is None else environ
    values = {}
    for field, (name, kind) in _ENV.items():
        raw = environ.get(name)
        if raw is None or raw == "":
            continue
        try:
            value = kind(raw)
        except ValueError:
            raise SettingError("runs.err.limit", name=name, value=raw[:20]) from None
        if not value > 0 or (field == "full_snapshots" and value < 2):
            raise SettingError("runs.err.limit", name=name, value=raw[:20])
        values[field] = value
    return Limits(**values)


def full_snapshot_epochs(epochs: int, full_snapshots: int) -> set[int]:
    """Epochs (1-based) whose whole model is kept as weights: the first and up to `full_snapshots` − 2 spread
    evenly before the last; the last epoch's whole model is the final ``.keras`` (written at train end).

    >>> sorted(full_snapshot_epochs(10, 6))
    [1, 3, 5, 6, 8]
    """
    if epochs <= 1:
        return {1}
    count = min(full_snapshots - 1, epochs - 1)  # snapshots before the last epoch
    step = (epochs - 1) / count
    return {1 + int(round(i * step + 1e-9)) for i in range(count)} | {1}


def estimate_run_bytes(params: int, epochs: int, kernel_params: int, full_snapshots: int) -> int:
    """A new run's likely size: float32 weights at the full-snapshot epochs, the conv kernels at the others,
    and the final ``.keras`` with Adam's two moments (3 × the weights)."""
    full = len(full_snapshot_epochs(epochs, full_snapshots))
    return 4 * (params * (full + 3) + kernel_params * max(0, epochs - full)) + 64 * 1024


def fitting_full_snapshots(params: int, epochs: int, kernel_params: int, full_snapshots: int, most: int) -> int:
    """The most whole-model snapshots, from `full_snapshots` down to 2 (the first epoch and the final model), whose
    run fits in `most` bytes; 2 when none does (the run is then refused for its size)."""
    for count in range(full_snapshots, 2, -1):
        if estimate_run_bytes(params, epochs, kernel_params, count) <= most:
            return count
    return 2
