"""``python -m cnnviz train``: the training page's run from a terminal, one line per epoch.

    python -m cnnviz train (--data DIR_OR_ZIP | --dataset NAME) [--model PRESET_OR_SPEC.json]
        [--epochs N] [--batch-size B] [--image-size H W] [--seed S] [--out MODEL.keras] [--json]

With ``--json`` each epoch prints ``{"epoch", "loss", "accuracy", "val_loss", "val_accuracy",
"seconds"}`` and a last line gives ``val_accuracy``, ``val_loss``, ``train_images`` and
``validation_images``. Without ``--model`` the default preset is adapted to the data's image size
and class count. Bad input raises `SettingError`, which `cnnviz.cli` turns into exit status 2.
"""
from __future__ import annotations

import json
import os
import sys
from contextlib import redirect_stdout
from pathlib import Path

from cnnviz.errors import SettingError


def add_train_parser(subparsers) -> None:
    """Register ``train`` on the ``python -m cnnviz`` sub-command parser."""
    from cnnviz.presets import DEFAULT_PRESET
    from cnnviz.training.callbacks import MONITORS
    from cnnviz.training.datasets import ALL_DATASETS
    from cnnviz.training.run import OPTIMIZERS

    p = subparsers.add_parser("train", help="train a model on a data set, printing the history")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", help="a folder with one sub-folder of images per class, an archive of one "
                        "(.zip, .tar, .tar.gz, .tgz, .tar.bz2, .tar.xz), or an http(s) URL of such an archive")
    source.add_argument("--dataset", choices=ALL_DATASETS,
                        help="a named data set (shapes and few_shapes need no download; flowers is TensorFlow's "
                             "flower_photos through Keras's cache)")
    p.add_argument("--model", default=DEFAULT_PRESET, help=f"a preset name or a spec .json (default {DEFAULT_PRESET})")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--image-size", type=int, nargs=2, metavar=("H", "W"), default=None,
                   help="resize images to H×W (folders default 180 180, as the tutorial); the drawn sets are drawn H×H")
    p.add_argument("--color-mode", choices=("rgb", "grayscale"), default="rgb", help="folders and flowers")
    p.add_argument("--validation-split", type=float, default=0.2)
    p.add_argument("--limit", type=int, default=10_000, help="keras data sets: at most this many training images")
    p.add_argument("--optimizer", choices=OPTIMIZERS, default="adam")
    p.add_argument("--learning-rate", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--early-stopping", type=int, metavar="PATIENCE", help="EarlyStopping after PATIENCE epochs "
                   "without improvement of --monitor (restoring the best weights unless --no-restore-best-weights)")
    p.add_argument("--no-restore-best-weights", action="store_true")
    p.add_argument("--reduce-lr", type=int, metavar="PATIENCE", help="ReduceLROnPlateau after PATIENCE epochs")
    p.add_argument("--lr-factor", type=float, default=0.5, help="ReduceLROnPlateau's factor (default 0.5)")
    p.add_argument("--min-lr", type=float, default=1e-6)
    p.add_argument("--keep-best", action="store_true", help="keep the best epoch's weights (ModelCheckpoint's idea)")
    p.add_argument("--monitor", choices=MONITORS, default="val_loss", help="what the options watch")
    p.add_argument("--out", help="save the trained model to this .keras file")
    p.add_argument("--name", help="the run's name in your stored runs (every run is saved; see `cnnviz runs list`)")
    p.add_argument("--json", action="store_true", help="print JSON lines instead of text")
    p.set_defaults(run=run_train)


def _load_data(args):
    """The named data set, or a folder / archive / URL streamed from disk, and the notices about skipped files."""
    from cnnviz.training import datasets
    from cnnviz.training.folders import open_source

    if args.dataset:
        return datasets.load_dataset(args.dataset, args.validation_split, seed=args.seed, limit=args.limit,
                                     image_size=args.image_size[0] if args.image_size else None,
                                     color_mode=args.color_mode), []
    size = tuple(args.image_size) if args.image_size else (180, 180)
    return open_source(args.data, size, args.validation_split, seed=123 if args.seed is None else args.seed,
                       color_mode=args.color_mode, progress=_download_progress)


def _download_progress(done: int, total: int | None) -> None:
    if total:
        print(f"\rdownloading: {done / 2**20:.1f} of {total / 2**20:.1f} MB", end="", file=sys.stderr, flush=True)


def _options(args) -> dict:
    """The notes' callbacks as `TrainSettings` fields."""
    from cnnviz.training.callbacks import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau

    return {"early_stopping": EarlyStopping(args.monitor, args.early_stopping, not args.no_restore_best_weights)
            if args.early_stopping else None,
            "reduce_lr": ReduceLROnPlateau(args.monitor, args.lr_factor, args.reduce_lr, args.min_lr)
            if args.reduce_lr else None,
            "checkpoint": ModelCheckpoint(args.monitor) if args.keep_best else None}


def run_train(args) -> int:
    """Train as the arguments say; returns the exit status (SettingError propagates to the caller)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from cnnviz.presets import read_spec
    from cnnviz.training.run import TrainingRun, settings_from

    if args.out and not args.out.endswith(".keras"):
        raise SettingError("training.err.spec_file", path=args.out, reason="--out must end in .keras")
    spec = read_spec(args.model)
    settings = settings_from(epochs=args.epochs, batch_size=args.batch_size, optimizer=args.optimizer,
                             learning_rate=args.learning_rate, seed=args.seed, **_options(args))
    with redirect_stdout(sys.stderr):  # Keras's "Found N files …" lines: stdout is for the history
        data, notices = _load_data(args)
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    import keras

    if args.seed is not None:
        keras.utils.set_random_seed(args.seed)
    from cnnviz.cli.runs import record_cli_run

    run = TrainingRun(spec, data, settings)
    source = {"seed": args.seed or 0} if args.dataset else {
        "kind": "folder", "data_dir": Path(args.data).stem, "validation_split": args.validation_split,
        "seed": 123 if args.seed is None else args.seed}
    result, run_id = record_cli_run(run, name=args.name, callbacks=[_printer(args.json, settings.epochs)], **source)
    final = {"val_accuracy": round(result.val_accuracy, 6), "val_loss": round(result.val_loss, 6),
             "train_images": result.n_train, "validation_images": result.n_val, "run": run_id,
             "events": result.events}
    if args.out:
        from cnnviz.models.bundle import save_keras

        Path(args.out).write_bytes(save_keras(run.model, list(data.class_names), run.logits, (0, 255)))
        final["out"] = args.out
    if args.json:
        print(json.dumps(final), flush=True)
    else:
        print(f"validation accuracy {result.val_accuracy:.4f}, loss {result.val_loss:.4f} "
              f"({result.n_train} training / {result.n_val} validation images)")
    return 0


def _printer(as_json: bool, epochs: int):
    import time

    import keras

    class EpochPrinter(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            from cnnviz.training.callbacks import learning_rate

            self.t0, self.rate = time.monotonic(), round(learning_rate(self.model), 8)

        def on_epoch_end(self, epoch, logs=None):
            row = {"epoch": epoch + 1, **{k: round(float(logs[k]), 6) for k in
                                          ("loss", "accuracy", "val_loss", "val_accuracy") if k in logs},
                   "learning_rate": self.rate, "seconds": round(time.monotonic() - self.t0, 3)}
            if as_json:
                print(json.dumps(row), flush=True)
            else:
                print(f"epoch {row['epoch']}/{epochs}  " + "  ".join(f"{k} {v}" for k, v in row.items() if k != "epoch"),
                      flush=True)

    return EpochPrinter()
