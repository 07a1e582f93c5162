"""The training page's settings, declared once: the data, the model and the course notes' knobs, in links and widgets.

`TRAINING` is the declaration (see `cnnviz.settings`): link keys ``dataset, source, split, image_size,
color_mode, limit, preset, optimizer, learning_rate, batch_size, epochs, seed, flip, rotation, zoom,
dropout, early_stopping, monitor, patience, reduce_lr, lr_factor, lr_patience, checkpoint, lesson``
(e.g. ``/training?preset=tf_flowers&dataset=few_shapes&epochs=20&lock=epochs``). ``dataset=folder``
reads ``source``: an http(s) address of a .zip or .tar.gz of class folders, or a folder or archive
on the server under one of the folders a teacher allows (``CNNVIZ_DATA_PATHS``). ``image_size`` 0 is
the data set's own size. The run's own knobs become a `cnnviz.training.run.TrainSettings` through
`train_settings`. Pure Python: no TensorFlow.
"""
from __future__ import annotations

from cnnviz.presets import DEFAULT_PRESET, list_presets
from cnnviz.settings import Declaration, Setting

MONITORS = ("val_loss", "val_accuracy", "loss", "accuracy")  # as `cnnviz.training.callbacks` reads them

UPLOAD = "upload"  # the learner's own .zip or .tar.gz of class folders
FOLDER = "folder"  # a folder, an archive or a URL of one (`source`)
LESSONS = ("", "overfitting")  # "overfitting": the lesson's two runs, prepared on this page
ARCHITECTURE = "architecture"  # the model handed over from /architecture (this session only, never in a link)
OPTIMIZERS = ("adam", "sgd", "rmsprop")
RATES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)


def _datasets() -> tuple:
    from cnnviz.training.datasets import ALL_DATASETS

    return (*ALL_DATASETS, FOLDER, UPLOAD)


def _source(value):
    if not isinstance(value, str) or len(value) > 2000 or any(c in value for c in "\x00\r\n"):
        from cnnviz.errors import SettingError

        raise SettingError("settings.bad_choice", knob="source", value=str(value)[:40], choices="a folder or a URL")
    return value


def _parse_preset(text: str) -> str:
    if text not in list_presets():  # the handed-over architecture lives in one session: no link names it
        raise ValueError(text)
    return text


TRAINING = Declaration("training", (
    Setting("dataset", "shapes", "choice", choices=_datasets, widget="selectbox", label="training.data.source",
            option_label="training.data"),
    Setting("source", "", "custom", widget="text", label="training.data.url", validate=_source, parse=str,
            max_chars=2000),
    Setting("split", 0.2, "float", lo=0.1, hi=0.5, step=0.05, label="training.data.split"),
    Setting("image_size", 0, "choice", choices=(0, 16, 24, 32, 48, 64, 96, 128, 160, 180, 224, 256),
            widget="select_slider", label="training.data.image_size"),
    Setting("color_mode", "rgb", "choice", choices=("rgb", "grayscale"), widget="radio",
            label="training.data.color_mode", option_label="training.data"),
    Setting("limit", 5000, "choice", choices=(1000, 2000, 5000, 10_000, 20_000, 60_000), widget="select_slider",
            label="training.data.limit"),
    Setting("preset", DEFAULT_PRESET, "choice", choices=lambda: (ARCHITECTURE, *list_presets()), widget="selectbox",
            label="training.model.preset", parse=_parse_preset),
    Setting("optimizer", "adam", "choice", choices=OPTIMIZERS, widget="selectbox", label="training.settings.optimizer",
            option_label="training.settings"),
    Setting("learning_rate", 1e-3, "choice", choices=RATES, widget="select_slider",
            label="training.settings.learning_rate", format=lambda v: f"{v:g}"),
    Setting("batch_size", 32, "choice", choices=(8, 16, 32, 64, 128), widget="select_slider",
            label="training.settings.batch_size"),
    Setting("epochs", 10, lo=1, hi=50, label="training.settings.epochs"),
    Setting("seed", 0, lo=0, hi=2**31 - 1, widget="number", label="training.settings.seed"),
    Setting("flip", False, "bool", widget="checkbox", label="training.aug.flip"),
    Setting("rotation", 0.0, "float", lo=0.0, hi=0.5, step=0.05, label="training.aug.rotation"),
    Setting("zoom", 0.0, "float", lo=0.0, hi=0.5, step=0.05, label="training.aug.zoom"),
    Setting("dropout", 0.0, "float", lo=0.0, hi=0.8, step=0.05, label="training.aug.dropout"),
    Setting("early_stopping", False, "bool", widget="checkbox", label="training.options.early_stopping"),
    Setting("monitor", "val_loss", "choice", choices=MONITORS, widget="selectbox", label="training.options.monitor",
            option_label="training.monitor"),
    Setting("patience", 3, lo=1, hi=20, label="training.options.patience"),
    Setting("reduce_lr", False, "bool", widget="checkbox", label="training.options.reduce_lr"),
    Setting("lr_factor", 0.5, "choice", choices=(0.1, 0.2, 0.5, 0.8), widget="select_slider",
            label="training.options.factor", format=lambda v: f"{v:g}"),
    Setting("lr_patience", 2, lo=1, hi=10, label="training.options.lr_patience"),
    Setting("checkpoint", False, "bool", widget="checkbox", label="training.options.checkpoint"),
    Setting("lesson", "", "choice", choices=LESSONS, widget="lesson", label="training.lesson", lockable=False),
))
RUN_KNOBS = ("optimizer", "learning_rate", "batch_size", "epochs", "seed", "flip", "rotation", "zoom", "dropout")


def train_settings(values: dict):
    """The run's knobs (`TrainSettings`) from the page's values, the notes' callbacks included."""
    from cnnviz.training.callbacks import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau
    from cnnviz.training.run import TrainSettings

    monitor = values["monitor"]
    return TrainSettings(
        **{name: values[name] for name in RUN_KNOBS},
        early_stopping=EarlyStopping(monitor, values["patience"]) if values["early_stopping"] else None,
        reduce_lr=ReduceLROnPlateau(monitor, values["lr_factor"], values["lr_patience"]) if values["reduce_lr"] else None,
        checkpoint=ModelCheckpoint(monitor) if values["checkpoint"] else None)
