"""The guided lesson as data: ten steps from "why not an MLP" to Dropout, each with links and a tiny live widget.

A `Step` names its i18n keys (``lesson.<id>.title`` / ``lesson.<id>.text``), the `Link`s that open
another page with settings (``/explorer?padding=same&kernel_size=3&lang=ko``), and optionally a
widget. The widgets' numbers come from the calculators (`cnnviz.calc.shapes`, `cnnviz.calc.params`,
`cnnviz.calc.summary`) or from the small NumPy functions here, so the lesson cannot disagree with the
rest of the app. The order and the examples follow the course notes (TensorFlow's CIFAR-10 CNN
tutorial and its flowers tutorial). Pure Python + NumPy: no Streamlit, no TensorFlow.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

import numpy as np

from cnnviz.calc.formula import Formula
from cnnviz.calc.params import conv2d_params, dense_params
from cnnviz.calc.shapes import output_length

# url_path of each page (app.py) → its file, for st.page_link.
PAGES = {
    "lesson": "pages/lesson.py", "explorer": "pages/explorer.py", "architecture": "pages/architecture.py",
    "network": "pages/network.py", "training": "pages/training.py",
}
CIFAR_SHAPE = (32, 32, 3)  # (H, W, C) of a CIFAR-10 image, the notes' running example
TUTORIAL_PRESET = "tf_cnn_cifar10"  # TensorFlow's CNN tutorial: 122,570 parameters
FLOWERS_PRESET, FLOWERS_AUGMENTED_PRESET = "tf_flowers", "tf_flowers_augmented"
# The offline data and knobs on which the flowers model overfits and the augmented one does not
# (bench/overfitting_lesson.py; the same as cnnviz.web.training.lesson.LESSON).
OVERFIT_DATA = {"dataset": "few_shapes", "epochs": 20, "batch_size": 32, "seed": 0}

# Widgets a step may carry (rendered by cnnviz.web.classroom.lesson).
PARAMS_COMPARE, OUTPUT_SIZE, RELU, POOLING, FLATTEN_SOFTMAX, SAME_PARAMS = (
    "params_compare", "output_size", "relu", "pooling", "flatten_softmax", "same_params")


@dataclass(frozen=True)
class Link:
    """A link to `page` (a url_path) with query settings; the learner's language travels with it."""

    page: str
    label_key: str
    query: tuple[tuple[str, str], ...] = ()

    def params(self, lang: str | None = None) -> dict[str, str]:
        values = dict(self.query)
        if lang:
            values["lang"] = lang
        return values

    def href(self, lang: str | None = None) -> str:
        """A relative URL such as ``/explorer?padding=same&kernel_size=3&lang=ko``."""
        query = urlencode(self.params(lang))
        return f"/{self.page}" + (f"?{query}" if query else "")

    @property
    def file(self) -> str:
        return PAGES[self.page]


def link(page: str, label_key: str, **query) -> Link:
    return Link(page, label_key, tuple((k, str(v)) for k, v in query.items()))


@dataclass(frozen=True)
class Step:
    """One step of the lesson: its id (i18n prefix), its links and its widget (or None)."""

    id: str
    links: tuple[Link, ...] = ()
    widget: str | None = None
    widget_args: dict = field(default_factory=dict)
    note: bool = False  # a ``lesson.<id>.note`` shown as a highlighted tip

    @property
    def note_key(self) -> str | None:
        return f"lesson.{self.id}.note" if self.note else None

    @property
    def title_key(self) -> str:
        return f"lesson.{self.id}.title"

    @property
    def text_key(self) -> str:
        return f"lesson.{self.id}.text"


STEPS: tuple[Step, ...] = (
    Step("mlp", (link("architecture", "lesson.link.architecture_cifar", preset=TUTORIAL_PRESET),),
         PARAMS_COMPARE),
    Step("conv", (link("explorer", "lesson.link.conv_sobel", kernel="sobel_x", kernel_size=3, filters=1, pool="none"),
                  link("explorer", "lesson.link.conv_random", kernel="random", kernel_size=3, filters=8, pool="none"))),
    Step("padding", (link("explorer", "lesson.link.padding_valid", padding="valid", kernel_size=3),
                     link("explorer", "lesson.link.padding_same", padding="same", kernel_size=3),
                     link("explorer", "lesson.link.padding_one", padding=1, kernel_size=3)),
         OUTPUT_SIZE, {"size": 32, "kernel_size": 3, "padding": "valid", "stride": 1,
                       "controls": ("kernel_size", "padding")}),
    Step("stride", (link("explorer", "lesson.link.stride_one", stride=1, padding="same", pool="none"),
                    link("explorer", "lesson.link.stride_two", stride=2, padding="same", pool="none")),
         OUTPUT_SIZE, {"size": 32, "kernel_size": 3, "padding": "same", "stride": 2,
                       "controls": ("stride", "padding")}),
    Step("activation", (link("explorer", "lesson.link.activation_relu", kernel="sobel_x", activation="relu", pool="none"),
                        link("explorer", "lesson.link.activation_linear", kernel="sobel_x", activation="linear",
                             pool="none")),
         RELU),
    Step("pooling", (link("explorer", "lesson.link.pool_max", pool="max", pool_size=2, pool_stride=2),
                     link("explorer", "lesson.link.pool_avg", pool="avg", pool_size=2, pool_stride=2),
                     link("explorer", "lesson.link.pool_min", pool="min", pool_size=2, pool_stride=2)),
         POOLING),
    Step("dense", (link("architecture", "lesson.link.architecture_cifar", preset=TUTORIAL_PRESET),
                   link("network", "lesson.link.network")),
         FLATTEN_SOFTMAX),
    Step("training", (link("training", "lesson.link.training"),)),
    Step("overfitting", (link("training", "lesson.link.training_overfit", lesson="overfitting", **OVERFIT_DATA,
                              preset=FLOWERS_PRESET),), note=True),
    Step("regularize", (link("architecture", "lesson.link.architecture_aug", preset=FLOWERS_AUGMENTED_PRESET),
                        link("training", "lesson.link.training_aug", **OVERFIT_DATA, preset=FLOWERS_AUGMENTED_PRESET)),
         SAME_PARAMS),
)


def step(step_id: str) -> Step:
    return next(s for s in STEPS if s.id == step_id)


# ---------------------------------------------------------------------------------------------
# The widgets' numbers


def mlp_vs_cnn(units: int = 64, filters: int = 32, input_shape: tuple = CIFAR_SHAPE,
               kernel_size: int = 3) -> tuple[Formula, Formula]:
    """Parameters of Dense(units) on the flattened image vs Conv2D(filters, kernel_size) on the image itself."""
    h, w, c = input_shape
    return dense_params(h * w * c, units), conv2d_params(kernel_size, kernel_size, c, filters)


def flat_distance(input_shape: tuple = CIFAR_SHAPE) -> int:
    """How far apart two vertically adjacent pixels land after Flatten of an (H, W, C) image: W·C."""
    _, w, c = input_shape
    return w * c


def output_size(size: int, kernel_size: int, stride: int = 1, padding: str | int = "valid") -> Formula:
    """H_out of a Conv2D: 'valid', 'same', or an int p of explicit zeros on each side (shown as + 2·p)."""
    if padding == "same":
        return output_length(size, kernel_size, stride, "same")
    pad = 0 if padding == "valid" else int(padding)
    return output_length(size, kernel_size, stride, "valid", pad=pad)


# A 4×4 feature map with negative values: what a Sobel filter gives around an edge.
FEATURE_MAP = np.array([[-3, 1, 4, -1],
                        [2, -5, 0, 6],
                        [-2, 7, -4, 3],
                        [5, -1, 2, -6]], dtype=float)  # (H, W)
# A 4×4 activation map (all ≥ 0 after ReLU) whose 2×2 windows give different max, average and min.
ACTIVATION_MAP = np.array([[1, 3, 2, 0],
                           [5, 6, 1, 2],
                           [7, 2, 4, 8],
                           [0, 1, 3, 5]], dtype=float)  # (H, W)
POOL_KINDS = ("max", "avg", "min")


def pool2x2(x: np.ndarray, kind: str) -> np.ndarray:
    """2×2 pooling with stride 2 and padding 'valid' (MaxPooling2D / AveragePooling2D / MinPooling2D)."""
    h, w = x.shape
    windows = x[: h - h % 2, : w - w % 2].reshape(h // 2, 2, w // 2, 2)  # (H/2, 2, W/2, 2)
    reduce = {"max": np.max, "avg": np.mean, "min": np.min}[kind]
    return reduce(windows, axis=(1, 3))  # (H/2, W/2)


LOGITS = np.array([2.0, 1.0, 0.1])  # scores of the last Dense layer for three classes
LOGIT_CLASSES = ("cat", "dog", "frog")


def tutorial_summary():
    """The TensorFlow tutorial's CIFAR-10 model, summarised by the calculators (total 122,570)."""
    from cnnviz.presets import load_preset
    from cnnviz.calc.summary import summarize

    return summarize(load_preset(TUTORIAL_PRESET))


def flatten_row(summary):
    """The Flatten row of a summary: its input shape (the previous row's output) and its length."""
    rows = list(summary.rows)
    i = next(i for i, r in enumerate(rows) if r.type == "Flatten")
    return rows[i - 1].output_shape, rows[i].output_shape[0]


def regularized_totals() -> tuple[int, int]:
    """Total parameters of the flowers model without and with augmentation + Dropout(0.2)."""
    from cnnviz.presets import load_preset
    from cnnviz.calc.summary import summarize

    return (summarize(load_preset(FLOWERS_PRESET)).total_params,
            summarize(load_preset(FLOWERS_AUGMENTED_PRESET)).total_params)
