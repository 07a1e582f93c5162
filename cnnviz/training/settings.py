"""The training page's settings, declared once: the data, the model and the course notes' knobs, in links and widgets.

`TRAINING` is the declaration (see `cnnviz.settings`): link keys ``dataset, split, image_size,
limit, preset, optimizer, learning_rate, batch_size, epochs, flip, rotation, zoom, dropout``
(e.g. ``/training?preset=tf_flowers&epochs=15&lock=epochs``). The run's own knobs become a
`cnnviz.training.run.TrainSettings` through `train_settings`. Pure Python: no TensorFlow.
"""
from __future__ import annotations

from cnnviz.presets import DEFAULT_PRESET, list_presets
from cnnviz.settings import Declaration, Setting

UPLOAD = "upload"  # the learner's own .zip of class folders
ARCHITECTURE = "architecture"  # the model handed over from /architecture (this session only, never in a link)
OPTIMIZERS = ("adam", "sgd", "rmsprop")
RATES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)


def _datasets() -> tuple:
    from cnnviz.training.datasets import DATASETS

    return (*DATASETS, UPLOAD)


def _parse_preset(text: str) -> str:
    if text not in list_presets():  # the handed-over architecture lives in one session: no link names it
        raise ValueError(text)
    return text


TRAINING = Declaration("training", (
    Setting("dataset", "shapes", "choice", choices=_datasets, widget="selectbox", label="training.data.source",
            option_label="training.data"),
    Setting("split", 0.2, "float", lo=0.1, hi=0.5, step=0.05, label="training.data.split"),
    Setting("image_size", 64, "choice", choices=(16, 24, 32, 48, 64, 96, 128), widget="select_slider",
            label="training.data.image_size"),
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
    Setting("flip", False, "bool", widget="checkbox", label="training.aug.flip"),
    Setting("rotation", 0.0, "float", lo=0.0, hi=0.5, step=0.05, label="training.aug.rotation"),
    Setting("zoom", 0.0, "float", lo=0.0, hi=0.5, step=0.05, label="training.aug.zoom"),
    Setting("dropout", 0.0, "float", lo=0.0, hi=0.8, step=0.05, label="training.aug.dropout"),
))
RUN_KNOBS = ("optimizer", "learning_rate", "batch_size", "epochs", "flip", "rotation", "zoom", "dropout")


def train_settings(values: dict):
    """The run's knobs (`TrainSettings`) from the page's values."""
    from cnnviz.training.run import TrainSettings

    return TrainSettings(**{name: values[name] for name in RUN_KNOBS})
