"""The command line: ``python -m cnnviz summary SPEC.json [--json]`` and ``python -m cnnviz train …``.

`summary` never imports TensorFlow, so it answers in a fraction of a second. A learner's mistake
exits with status 2 and one sentence on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys

from cnnviz.errors import SettingError
from cnnviz.presets import list_presets, read_spec
from cnnviz.calc.summary import summarize


def run_summary(args) -> int:
    summary = summarize(read_spec(args.spec))
    if args.json:
        print(json.dumps(summary.to_dict()))
    else:
        print(summary)
    return 0


def build_parser(with_train: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cnnviz", description="CNN shapes, parameters and training.")
    sub = parser.add_subparsers(dest="command", required=True)
    summary = sub.add_parser("summary", help="print a Keras-like summary of a spec without building it")
    summary.add_argument("spec", help="a spec JSON file, or a preset name: " + ", ".join(list_presets()))
    summary.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    summary.set_defaults(run=run_summary)
    if with_train:  # its options import NumPy (and TensorFlow when it runs): a summary skips them
        from cnnviz.cli.train import add_train_parser

        add_train_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(with_train=argv[:1] != ["summary"]).parse_args(argv)
    try:
        return args.run(args)
    except SettingError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
