"""``python -m cnnviz runs …``: the local user's stored training runs from a terminal.

    cnnviz runs list [--json]                     newest first, one line per run (or one JSON list)
    cnnviz runs show ID [--json]                  the run and its metrics per epoch
    cnnviz runs export ID --format keras|csv|ipynb --out PATH [--lang en|ko]
    cnnviz runs rename ID NAME
    cnnviz runs delete ID

The command line's owner is the token in ``data_dir()/owner_token`` (created 0600 on first use), so
``cnnviz train`` — through `record_cli_run` — and ``cnnviz runs`` see the same runs. The database is
``$CNNVIZ_DATABASE_URL`` or ``data_dir()/cnnviz.db``. Mistakes raise `SettingError` (exit status 2).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from cnnviz.errors import SettingError


def add_runs_parser(subparsers) -> None:
    """Register ``runs`` and its sub-commands on the ``python -m cnnviz`` sub-command parser."""
    from cnnviz.i18n import LANGS
    from cnnviz.runs.export import FORMATS

    runs = subparsers.add_parser("runs", help="list, show, export, rename or delete your stored training runs")
    sub = runs.add_subparsers(dest="runs_command", required=True)
    listing = sub.add_parser("list", help="your runs, newest first")
    listing.add_argument("--json", action="store_true", help="one JSON list of runs")
    listing.set_defaults(run=run_list)
    show = sub.add_parser("show", help="one run and its metrics per epoch")
    show.add_argument("id")
    show.add_argument("--json", action="store_true", help="one JSON object with a history list")
    show.set_defaults(run=run_show)
    export = sub.add_parser("export", help="write the run's model, history or notebook to a file")
    export.add_argument("id")
    export.add_argument("--format", choices=list(FORMATS), required=True)
    export.add_argument("--out", required=True, help="the file to write")
    export.add_argument("--lang", choices=LANGS, default="en", help="the notebook's language")
    export.set_defaults(run=run_export)
    rename = sub.add_parser("rename", help="give a run a new name")
    rename.add_argument("id")
    rename.add_argument("name")
    rename.set_defaults(run=run_rename)
    delete = sub.add_parser("delete", help="delete a run and its files")
    delete.add_argument("id")
    delete.set_defaults(run=run_delete)


def main(argv: list[str] | None = None) -> int:
    """``cnnviz runs …`` on its own (the same as through `cnnviz.cli.main` once it registers `add_runs_parser`)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m cnnviz")
    add_runs_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["runs", *(sys.argv[1:] if argv is None else argv)])
    try:
        return args.run(args)
    except SettingError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


def _store_and_owner():
    from cnnviz.runs.owners import cli_owner_token
    from cnnviz.runs.store import open_store

    return open_store(), cli_owner_token()


def _when(seconds: float | None) -> str:
    return "-" if seconds is None else time.strftime("%Y-%m-%d %H:%M", time.localtime(seconds))


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def run_list(args) -> int:
    store, owner = _store_and_owner()
    records = store.list_runs(owner)
    if args.json:
        print(json.dumps([_summary(record) for record in records]))
        return 0
    print(f"{'id':<18}{'status':<13}{'epochs':>8}{'best val_acc':>14}{'MB':>7}  {'created':<17} name")
    for r in records:
        print(f"{r.id:<18}{r.status:<13}{f'{r.epochs_done}/{r.epochs_planned}':>8}{_pct(r.best_val_accuracy):>14}"
              f"{r.bytes_on_disk / 1e6:>7.1f}  {_when(r.created_at):<17} {r.name}{'' if r.mine else '  (shared)'}")
    return 0


def _summary(record) -> dict:
    keep = ("id", "name", "status", "created_at", "finished_at", "duration", "epochs_planned", "epochs_done",
            "best_val_accuracy", "final_val_accuracy", "final_val_loss", "shared", "mine", "bytes_on_disk",
            "has_model", "seed")
    out = {k: getattr(record, k) for k in keep}
    out["data"] = {k: record.data.get(k) for k in ("name", "class_names", "n_train", "n_val", "input_shape")}
    return out


def run_show(args) -> int:
    store, owner = _store_and_owner()
    record = store.get_run(args.id, owner)
    history = store.history(args.id, owner)
    if args.json:
        print(json.dumps({**record.to_dict(), "history": history}))
        return 0
    d = record.data
    print(f"{record.name}  ({record.id}, {record.status})")
    print(f"data: {d['name']}, {d['n_train']} training / {d['n_val']} validation images of "
          f"{'×'.join(map(str, d['input_shape']))}, classes {', '.join(d['class_names'])}")
    s = record.settings
    print(f"settings: {s.get('optimizer')} learning_rate={s.get('learning_rate')} batch_size={s.get('batch_size')} "
          f"epochs={s.get('epochs')} seed={record.seed}")
    print(f"created {_when(record.created_at)}, finished {_when(record.finished_at)}, "
          f"{record.bytes_on_disk / 1e6:.1f} MB on disk")
    if record.error:
        print(f"error: {record.error}")
    print(f"{'epoch':>5}{'loss':>10}{'accuracy':>10}{'val_loss':>10}{'val_acc':>10}{'lr':>11}{'seconds':>9}")
    for row in history:
        print(f"{row['epoch']:>5}" + "".join(f"{_num(row[k]):>10}" for k in ("loss", "accuracy", "val_loss",
                                                                              "val_accuracy"))
              + f"{_num(row['learning_rate'], 'g'):>11}{_num(row['seconds'], '.2f'):>9}")
    return 0


def _num(value, fmt: str = ".4f") -> str:
    return "-" if value is None else format(value, fmt)


def run_export(args) -> int:
    from cnnviz.runs.export import export_run

    store, owner = _store_and_owner()
    content, _, _ = export_run(store, args.id, owner, args.format, args.lang)
    out = Path(args.out)
    try:
        out.write_bytes(content)
    except OSError as err:
        raise SettingError("runs.err.out", path=str(out), reason=err.strerror or type(err).__name__) from None
    print(f"wrote {out} ({len(content):,} bytes)", file=sys.stderr)
    return 0


def run_rename(args) -> int:
    store, owner = _store_and_owner()
    store.rename(args.id, owner, args.name)
    return 0


def run_delete(args) -> int:
    store, owner = _store_and_owner()
    store.delete(args.id, owner)
    return 0


def record_cli_run(training_run, name: str | None = None, callbacks: list | None = None, **source):
    """Train `training_run` (a `TrainingRun`) recorded in the local user's store; returns ``(Result, run_id)``.

    For ``cnnviz train --name NAME``: call it in place of ``run.run(callbacks=...)``. `source` tells the
    notebook export how the data was loaded (see `cnnviz.runs.records.describe_data`). Pruning notices go
    to stderr as ``note: …`` lines.
    """
    from cnnviz.runs.recorder import create_for, train_and_record

    store, owner = _store_and_owner()
    stamp = time.strftime("%Y-%m-%d %H:%M")
    name = name or f"{training_run.spec.name} · {training_run.data.name} · {stamp}"[-80:]
    created = create_for(store, owner, training_run, name, **source)
    for notice in created.notices:
        print(f"note: {notice.sentence()}", file=sys.stderr)
    print(f"run {created.run_id}", file=sys.stderr)
    return train_and_record(store, owner, created.run_id, training_run, callbacks), created.run_id
