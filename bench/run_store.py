"""What recording a run costs: epoch time with and without the run-store recorder, and the run's bytes on disk.

The default model (tf_cnn_cifar10 adapted to the 32×32 shapes data, 2,400 / 600 images) trains for
10 epochs, alternately without and with the recorder (the order flips every round, so a drifting
machine speed hits both alike). An epoch's time is the wall time from one epoch's start to the
next (so it includes every callback's epoch-end work, the recorder's snapshot writes too). Prints,
per kind of epoch (whole-model snapshot, kernels only), the median ratio with/without over the
paired epochs and its spread (noisy on a shared machine), the recorder's own time at each epoch end
as a share of the epoch (the direct cost, steady under load), the final
``.keras`` save, and the bytes the run keeps on disk. Targets: ≤ 5 % per snapshot epoch, ≤ 5 MB.

    python bench/run_store.py [--rounds 3] [--epochs 10]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402

from cnnviz.presets import DEFAULT_PRESET, load_preset  # noqa: E402
from cnnviz.runs.owners import new_owner_token  # noqa: E402
from cnnviz.runs.recorder import create_for, recorder_for  # noqa: E402
from cnnviz.runs.store import open_store  # noqa: E402
from cnnviz.training.datasets import load_shapes  # noqa: E402
from cnnviz.training.run import TrainingRun, TrainSettings  # noqa: E402


class Clock(keras.callbacks.Callback):
    """Epoch i's time = start of epoch i+1 − start of epoch i (the last ends at the last epoch-end callback)."""

    def __init__(self):
        super().__init__()
        self.starts, self.end = [], None

    def on_epoch_begin(self, epoch, logs=None):
        self.starts.append(time.perf_counter())

    def on_epoch_end(self, epoch, logs=None):
        self.end = time.perf_counter()  # this callback runs last: after the recorder's writes

    def seconds(self) -> list[float]:
        return [b - a for a, b in zip(self.starts, self.starts[1:] + [self.end])]


def one_run(data, epochs: int, seed: int, store=None, owner=None) -> dict:
    keras.utils.set_random_seed(seed)
    run = TrainingRun(load_preset(DEFAULT_PRESET), data, TrainSettings(epochs=epochs, seed=seed))
    clock, callbacks, rec, run_id = Clock(), [], None, None
    if store is not None:
        run_id = create_for(store, owner, run, f"bench seed {seed}").run_id
        rec = recorder_for(store, run_id, owner, run)
        callbacks.append(rec)
    callbacks.append(clock)
    start = time.perf_counter()
    run.build().fit(data.x_train, data.y_train, validation_data=(data.x_val, data.y_val), epochs=epochs,
                    batch_size=run.settings.batch_size, verbose=0, shuffle=True, callbacks=callbacks)
    out = {"seconds": clock.seconds(), "total": time.perf_counter() - start}
    if rec is not None:
        record = store.get_run(run_id, owner)
        out.update(run_id=run_id, write=rec.write_seconds, finish=rec.seconds_finish, full=sorted(rec.full),
                   bytes=record.bytes_on_disk, snapshots=store.snapshots(run_id, owner))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cnnviz-bench-runs-"))
    store = open_store(f"sqlite:///{folder / 'cnnviz.db'}", folder / "runs")
    owner = new_owner_token()
    data = load_shapes()
    print(f"{DEFAULT_PRESET} on shapes {len(data.x_train)} / {len(data.x_val)}, {args.epochs} epochs, "
          f"{args.rounds} rounds; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}; store in {folder}")
    plain, recorded = [], []
    for r in range(args.rounds):
        order = ("plain", "recorded") if r % 2 == 0 else ("recorded", "plain")
        for kind in order:
            result = one_run(data, args.epochs, seed=r, **({"store": store, "owner": owner} if kind == "recorded" else {}))
            (plain if kind == "plain" else recorded).append(result)
            print(f"round {r + 1} {kind:<8}: epochs " + " ".join(f"{s:.2f}" for s in result["seconds"])
                  + f"  total {result['total']:.1f} s")
    full = set(recorded[0]["full"])
    for label, epochs in (("whole-model snapshot epochs", [e for e in sorted(full) if e > 1]),
                          ("first epoch (whole model; includes tracing)", [1]),
                          ("kernels-only epochs", [e for e in range(1, args.epochs + 1) if e not in full])):
        ratios = [w["seconds"][e - 1] / p["seconds"][e - 1] for p, w in zip(plain, recorded) for e in epochs]
        if ratios:
            q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
            print(f"{label} {epochs}: with/without median {statistics.median(ratios):.3f} "
                  f"(quartiles {q[0]:.3f}–{q[2]:.3f}, {len(ratios)} pairs)")
    epoch_time = statistics.median(s for p in plain for s in p["seconds"][1:])
    for label, whole in (("whole-model snapshot", True), ("kernels-only", False)):
        ms = [w["write"][e] for w in recorded for e in w["write"] if (e in full) == whole]
        print(f"recorder's own work at a {label} epoch end (metrics, curve, snapshot, one transaction): median "
              f"{1000 * statistics.median(ms):.1f} ms (max {1000 * max(ms):.1f}) = "
              f"{100 * statistics.median(ms) / epoch_time:.2f} % of the median {epoch_time:.2f} s epoch without it")
    saves = [w["finish"] for w in recorded]
    print(f"train end (final .keras saved, run marked done): median {1000 * statistics.median(saves):.0f} ms once per run")
    last = recorded[-1]
    by_kind: dict[str, int] = {}
    for snap in last["snapshots"]:
        by_kind[snap["kind"]] = by_kind.get(snap["kind"], 0) + snap["bytes"]
    print(f"bytes on disk for one {args.epochs}-epoch run: {last['bytes']:,} ({last['bytes'] / 1e6:.2f} MB; "
          + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sorted(by_kind.items()))
          + f"); whole-model snapshots at epochs {last['full']} and the final .keras")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
