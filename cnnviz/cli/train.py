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
from contextlib import nullcontext, redirect_stdout
from pathlib import Path

from cnnviz.errors import SettingError


def add_train_parser(subparsers) -> None:
    """Register ``train`` on the ``python -m cnnviz`` sub-command parser."""
    from cnnviz.training.datasets import DATASETS
    from cnnviz.presets import DEFAULT_PRESET
    from cnnviz.training.run import OPTIMIZERS

    p = subparsers.add_parser("train", help="train a model on a data set, printing the history")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", help="a folder, or a .zip, with one sub-folder of images per class")
    source.add_argument("--dataset", choices=DATASETS, help="a built-in data set (shapes needs no download)")
    p.add_argument("--model", default=DEFAULT_PRESET, help=f"a preset name or a spec .json (default {DEFAULT_PRESET})")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--image-size", type=int, nargs=2, metavar=("H", "W"), default=None,
                   help="resize own images to H×W (default 64 64); shapes are drawn H×H (default 32)")
    p.add_argument("--validation-split", type=float, default=0.2)
    p.add_argument("--limit", type=int, default=10_000, help="keras data sets: at most this many training images")
    p.add_argument("--optimizer", choices=OPTIMIZERS, default="adam")
    p.add_argument("--learning-rate", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--out", help="save the trained model to this .keras file")
    p.add_argument("--name", help="the run's name in your stored runs (every run is saved; see `cnnviz runs list`)")
    p.add_argument("--json", action="store_true", help="print JSON lines instead of text")
    p.set_defaults(run=run_train)


def _load_data(args):
    from cnnviz.training import datasets
    from cnnviz.training.archives import extracted_zip

    if args.dataset:
        size = args.image_size[0] if args.image_size else 32
        return datasets.load_dataset(args.dataset, args.validation_split, seed=args.seed or 0, limit=args.limit,
                                     image_size=size), []
    path = Path(args.data)
    size = tuple(args.image_size) if args.image_size else (64, 64)
    if path.is_dir():
        context = nullcontext(None)
    elif path.is_file() and path.suffix.lower() == ".zip":
        context = extracted_zip(path)
    else:
        raise SettingError("training.err.data_path", path=str(path))
    with context as extraction:
        root = extraction.root if extraction else path
        data = datasets.load_directory(root, size, args.validation_split, seed=123 if args.seed is None else args.seed)
        return data, (extraction.notices if extraction else [])


def run_train(args) -> int:
    """Train as the arguments say; returns the exit status (SettingError propagates to the caller)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from cnnviz.presets import read_spec
    from cnnviz.training.run import TrainingRun, settings_from

    if args.out and not args.out.endswith(".keras"):
        raise SettingError("training.err.spec_file", path=args.out, reason="--out must end in .keras")
    spec = read_spec(args.model)
    settings = settings_from(epochs=args.epochs, batch_size=args.batch_size, optimizer=args.optimizer,
                             learning_rate=args.learning_rate, seed=args.seed)
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
             "train_images": result.n_train, "validation_images": result.n_val, "run": run_id}
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
            self.t0 = time.monotonic()

        def on_epoch_end(self, epoch, logs=None):
            row = {"epoch": epoch + 1, **{k: round(float(logs[k]), 6) for k in
                                          ("loss", "accuracy", "val_loss", "val_accuracy") if k in logs},
                   "seconds": round(time.monotonic() - self.t0, 3)}
            if as_json:
                print(json.dumps(row), flush=True)
            else:
                print(f"epoch {row['epoch']}/{epochs}  " + "  ".join(f"{k} {v}" for k, v in row.items() if k != "epoch"),
                      flush=True)

    return EpochPrinter()
