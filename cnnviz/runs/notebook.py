"""A stored run as a Jupyter notebook that trains it again: data, model as Keras code, compile, fit, curves.

The cells follow the course notes and TensorFlow's tutorials: imports and the seed; the data —
cnnviz's offline shapes through `cnnviz.training.datasets.load_shapes`, a Keras data set through
``keras.datasets``, an own folder through ``keras.utils.image_dataset_from_directory`` (two
calls, ``subset="training"`` and ``"validation"``, as the notes write it); the model as the Keras
code `cnnviz.builder.codegen.keras_code` writes for the run's *training* spec (the learner's layers
plus the augmentation, Rescaling and Dropout that training puts in); ``compile`` and ``fit`` with
the run's settings; and the tutorial's two plots of accuracy and loss per epoch, with what cnnviz
recorded drawn dashed beside them. Markdown and code comments are in the learner's language (en or
ko); plot titles stay the tutorial's English ones (a Korean title needs a CJK font in matplotlib).
The plotting cell carries the tag ``plot`` (it needs matplotlib). Written with `nbformat` (v4), validated.
"""
from __future__ import annotations

import json

from cnnviz.builder.codegen import keras_code, py_value
from cnnviz.calc.specs import parse_spec
from cnnviz.i18n import normalize_lang, t
from cnnviz.runs.records import RunRecord

FLOWERS_URL = "https://storage.googleapis.com/download.tensorflow.org/example_images/flower_photos.tgz"  # the tutorial's

_OPTIMIZERS = {"adam": "Adam", "sgd": "SGD", "rmsprop": "RMSprop"}


def notebook(record: RunRecord, history: list[dict], lang: str = "en"):
    """The notebook (an ``nbformat.NotebookNode``) that trains `record` again."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from cnnviz.training.run import outputs_logits

    lang = normalize_lang(lang)
    spec = parse_spec(record.spec)
    settings, data = record.settings, record.data
    final = record.final_val_accuracy
    cells = [
        new_markdown_cell(t("runs.nb.title", lang, name=record.name, seed=record.seed,
                            val_accuracy="-" if final is None else f"{final:.4f}")),
        new_markdown_cell(t("runs.nb.setup", lang)),
        new_code_cell(_setup(record, lang)),
        new_markdown_cell(_data_text(data, lang)),
        new_code_cell(_data_code(data, lang)),
        new_markdown_cell(t("runs.nb.model", lang)),
        new_code_cell(keras_code(spec).rstrip("\n")),
        new_markdown_cell(t("runs.nb.compile", lang)),
        new_code_cell(_fit_code(settings, data, outputs_logits(spec))),
        new_markdown_cell(t("runs.nb.plot", lang)),
        new_code_cell(_plot_code(history, lang), metadata={"tags": ["plot"]}),
    ]
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}, "cnnviz": {"run_id": record.id, "lang": lang}})
    nbformat.validate(nb)
    return nb


def notebook_text(record: RunRecord, history: list[dict], lang: str = "en") -> str:
    """The ``.ipynb`` file's text."""
    import nbformat

    return nbformat.writes(notebook(record, history, lang))


def code_cells(nb, skip_tags: tuple[str, ...] = ()) -> list[str]:
    """The source of each code cell in order (those tagged with any of `skip_tags` left out)."""
    return [c.source for c in nb.cells if c.cell_type == "code"
            and not set(c.get("metadata", {}).get("tags", [])) & set(skip_tags)]


def _setup(record: RunRecord, lang: str) -> str:
    s = record.settings
    return "\n".join([
        "import pathlib",
        "",
        "import numpy as np",
        "import keras",
        "",
        f"SEED = {record.seed!r}  # {t('runs.nb.c_seed', lang)}",
        f"EPOCHS = {int(s.get('epochs', record.epochs_planned))}",
        f"BATCH_SIZE = {int(s.get('batch_size', 32))}",
        "if SEED is not None:",
        f"    keras.utils.set_random_seed(SEED)  # {t('runs.nb.c_random', lang)}",
    ])


def _classes(data: dict) -> str:
    return ", ".join(data["class_names"])


def _data_text(data: dict, lang: str) -> str:
    kind = data["source"]["kind"]
    values = {"n_train": data["n_train"], "n_val": data["n_val"], "classes": _classes(data),
              "shape": "×".join(str(v) for v in data["input_shape"]), "name": data["name"]}
    return t({"shapes": "runs.nb.data_shapes", "few_shapes": "runs.nb.data_shapes", "keras": "runs.nb.data_keras",
              "flowers": "runs.nb.data_flowers"}.get(kind, "runs.nb.data_folder"), lang, **values)


def _data_code(data: dict, lang: str) -> str:
    source, kind = data["source"], data["source"]["kind"]
    if kind in ("shapes", "few_shapes"):
        loader = "load_shapes" if kind == "shapes" else "load_few_shapes"
        return "\n".join([
            f"from cnnviz.training.datasets import {loader}",
            "",
            f"data = {loader}(n={int(source['n'])}, size={int(source['size'])}, "
            f"validation_split={float(source['validation_split'])!r}, seed={int(source['seed'])})",
            "x_train, y_train, x_val, y_val = data.x_train, data.y_train, data.x_val, data.y_val",
            "class_names = data.class_names",
            "print(x_train.shape, x_val.shape, class_names)  # (N, H, W, C)",
        ])
    if kind == "keras":
        grey = data["input_shape"][2] == 1 and data["name"] in ("mnist", "fashion_mnist")
        lines = [
            f"(x_train, y_train), (x_val, y_val) = keras.datasets.{data['name']}.load_data()",
            f"x_train, y_train = x_train[:{int(data['n_train'])}], y_train[:{int(data['n_train'])}].reshape(-1)",
            f"x_val, y_val = x_val[:{int(data['n_val'])}], y_val[:{int(data['n_val'])}].reshape(-1)"
            f"  # {t('runs.nb.c_held_out', lang)}",
        ]
        if grey:
            lines.append("x_train, x_val = x_train[..., None], x_val[..., None]  # (N, 28, 28) → (N, 28, 28, 1)")
        lines += [f"class_names = {json.dumps(data['class_names'], ensure_ascii=False)}",
                  "print(x_train.shape, x_val.shape)"]
        return "\n".join(lines)
    h, w = (int(v) for v in source.get("image_size", data["input_shape"][:2]))
    split, seed = float(source.get("validation_split", 0.2)), int(source.get("seed", 123))
    colour = ',\n  color_mode="grayscale"' if source.get("color_mode") == "grayscale" else ""
    calls = [f"{subset}_ds = keras.utils.image_dataset_from_directory(\n  data_dir,\n  validation_split={split!r},\n"
             f"  subset=\"{name}\",\n  seed={seed},\n  image_size=(img_height, img_width),\n"
             f"  batch_size=BATCH_SIZE{colour})" for subset, name in (("train", "training"), ("val", "validation"))]
    if kind == "flowers":  # the tutorial's own download, through Keras's cache
        where = [f"dataset_url = {py_value(FLOWERS_URL)}",
                 "data_dir = keras.utils.get_file(\"flower_photos.tgz\", origin=dataset_url, extract=True)",
                 "data_dir = pathlib.Path(data_dir)",
                 "data_dir = data_dir / \"flower_photos\" if (data_dir / \"flower_photos\").is_dir() else data_dir"]
    else:
        where = [f"data_dir = {py_value(str(source.get('data_dir', data['name'])))}  # {t('runs.nb.folder_path', lang)}"]
    return "\n".join([
        *where,
        f"img_height, img_width = {h}, {w}",
        "", calls[0], "", calls[1], "",
        "class_names = train_ds.class_names",
        "print(class_names)",
    ])


def _callbacks_code(settings: dict) -> str:
    """``, callbacks=[…]`` for the notes' options the run used (EarlyStopping, ReduceLROnPlateau, the best epoch)."""
    calls = []
    early, plateau, best = settings.get("early_stopping"), settings.get("reduce_lr"), settings.get("checkpoint")
    if isinstance(early, dict):
        calls.append(f"keras.callbacks.EarlyStopping(monitor={early['monitor']!r}, patience={int(early['patience'])}, "
                     f"restore_best_weights={bool(early.get('restore_best_weights', True))})")
    if isinstance(plateau, dict):
        calls.append(f"keras.callbacks.ReduceLROnPlateau(monitor={plateau['monitor']!r}, "
                     f"factor={float(plateau['factor'])!r}, patience={int(plateau['patience'])})")
    if isinstance(best, dict):
        calls.append(f"keras.callbacks.ModelCheckpoint(\"best.keras\", monitor={best['monitor']!r}, save_best_only=True)")
    return f",\n                    callbacks=[{', '.join(calls)}]" if calls else ""


def _fit_code(settings: dict, data: dict, logits: bool) -> str:
    name = str(settings.get("optimizer", "adam"))
    args = [f"learning_rate={float(settings.get('learning_rate', 1e-3))!r}"]
    if name == "sgd":
        args.append(f"momentum={float(settings.get('momentum', 0.9))!r}")
    callbacks = _callbacks_code(settings)
    fit = (f"history = model.fit(train_ds, validation_data=val_ds, epochs=EPOCHS{callbacks})"
           if data["source"]["kind"] in ("folder", "flowers") else
           "history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=EPOCHS,\n"
           f"                    batch_size=BATCH_SIZE, shuffle=True{callbacks})")
    return "\n".join([
        f"model.compile(optimizer=keras.optimizers.{_OPTIMIZERS.get(name, 'Adam')}({', '.join(args)}),",
        f"              loss=keras.losses.SparseCategoricalCrossentropy(from_logits={logits}),",
        "              metrics=[\"accuracy\"])",
        fit,
    ])


def _plot_code(history: list[dict], lang: str) -> str:
    recorded = {k: [None if r.get(k) is None else round(float(r[k]), 6) for r in history]
                for k in ("accuracy", "val_accuracy", "loss", "val_loss")}
    return "\n".join([
        "import matplotlib.pyplot as plt",
        "",
        f"recorded = {json.dumps(recorded)}  # {t('runs.nb.c_recorded', lang)}",
        "acc, val_acc = history.history[\"accuracy\"], history.history[\"val_accuracy\"]",
        "loss, val_loss = history.history[\"loss\"], history.history[\"val_loss\"]",
        "epochs_range = range(1, len(acc) + 1)",
        "recorded_range = range(1, len(recorded[\"accuracy\"]) + 1)",
        "",
        "plt.figure(figsize=(10, 4))",
        "plt.subplot(1, 2, 1)",
        "plt.plot(epochs_range, acc, label=\"Training Accuracy\")",
        "plt.plot(epochs_range, val_acc, label=\"Validation Accuracy\")",
        "plt.plot(recorded_range, recorded[\"accuracy\"], \"--\", label=\"cnnviz: Training Accuracy\")",
        "plt.plot(recorded_range, recorded[\"val_accuracy\"], \"--\", label=\"cnnviz: Validation Accuracy\")",
        "plt.legend(loc=\"lower right\")",
        "plt.title(\"Training and Validation Accuracy\")",
        "",
        "plt.subplot(1, 2, 2)",
        "plt.plot(epochs_range, loss, label=\"Training Loss\")",
        "plt.plot(epochs_range, val_loss, label=\"Validation Loss\")",
        "plt.plot(recorded_range, recorded[\"loss\"], \"--\", label=\"cnnviz: Training Loss\")",
        "plt.plot(recorded_range, recorded[\"val_loss\"], \"--\", label=\"cnnviz: Validation Loss\")",
        "plt.legend(loc=\"upper right\")",
        "plt.title(\"Training and Validation Loss\")",
        "plt.show()",
    ])
