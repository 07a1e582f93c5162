"""The command line: ``cnnviz summary SPEC.json|PRESET|MODEL.keras|MODEL.h5 [--json]``, ``cnnviz train …``, ``cnnviz runs …``.

`summary` of a spec or preset never imports TensorFlow, so it answers in a fraction of a second; a
saved model (``.keras``, ``.h5``) is opened safely (no code from the file runs) and explained layer by
layer with Keras's own numbers checked (`cnnviz.models.explain`). A learner's mistake exits with
status 2 and one sentence on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from cnnviz.errors import SettingError
from cnnviz.presets import list_presets, read_spec
from cnnviz.calc.summary import summarize


MODEL_SUFFIXES = (".keras", ".h5", ".hdf5")


def run_summary(args) -> int:
    if args.spec.lower().endswith(MODEL_SUFFIXES):
        from cnnviz.models.explain import explain_model
        from cnnviz.models.files import load_model_file

        summary = explain_model(load_model_file(args.spec).model)
    else:
        summary = summarize(read_spec(args.spec))
    if args.json:
        print(json.dumps(summary.to_dict()))
    else:
        print(summary)
    return 0


def build_parser(with_train: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cnnviz", description="CNN shapes, parameters, training and stored runs.")
    sub = parser.add_subparsers(dest="command", required=True)
    summary = sub.add_parser("summary", help="print a Keras-like summary of a spec, a preset or a saved model")
    summary.add_argument("spec", help="a spec JSON file, a saved model (.keras, .h5), or a preset name: "
                         + ", ".join(list_presets()))
    summary.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    summary.set_defaults(run=run_summary)
    if with_train:  # their options import NumPy (and TensorFlow when they run): a summary skips them
        from cnnviz.cli.runs import add_runs_parser
        from cnnviz.cli.train import add_train_parser

        add_train_parser(sub)
        add_runs_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up chatter is not the answer
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(with_train=argv[:1] != ["summary"]).parse_args(argv)
    try:
        return args.run(args)
    except SettingError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
