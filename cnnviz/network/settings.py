"""The network view's settings, declared once: which model and image, which layer and channel, what to explain.

`NETWORK` is the declaration (see `cnnviz.settings`); link keys ``model, run, epoch, input, shape, seed,
image, show_all, layer, channel, cam_class, cam_method`` (e.g. ``/network?input=sample&image=cat&lock=model``).
``run`` is a saved run's id (``model=run``): it opens only for the learner who trained it, or for everyone
when it was shared; ``epoch`` 0 is its last epoch.
``image`` is a sample photo, as on the explorer; ``layer`` a layer name of the model (checked
against the model when it is open), empty for its first convolution; ``cam_class`` −1 for the
predicted class; ``cam_method`` ``auto`` picks HiResCAM where Grad-CAM's averages can cancel out.
Pure Python: no TensorFlow.
"""
from __future__ import annotations

import re

from cnnviz.images import list_samples
from cnnviz.settings import Declaration, Setting

MODELS = ("shipped", "trained", "run", "class", "upload")  # "class": the class's model, or the run on the projector
INPUTS = ("shape", "sample", "upload")
SHAPES = ("circle", "square", "triangle", "cross")  # the offline shapes data's classes
CAM_METHODS = ("auto", "gradcam", "hirescam")
_LAYER = re.compile(r"[A-Za-z0-9_.\-]{0,64}")
_RUN = re.compile(r"[A-Za-z0-9_\-]{0,64}")


def _run(value):
    if not isinstance(value, str) or not _RUN.fullmatch(value):
        from cnnviz.errors import SettingError

        raise SettingError("settings.bad_choice", knob="run", value=str(value)[:40], choices="a run's id")
    return value


def _layer(value):
    if not isinstance(value, str) or not _LAYER.fullmatch(value):
        from cnnviz.errors import SettingError

        raise SettingError("settings.bad_choice", knob="layer", value=str(value)[:40], choices="a layer name")
    return value


NETWORK = Declaration("network", (
    Setting("model", "shipped", "choice", choices=MODELS, widget="radio", label="network.model",
            option_label="network.model"),
    Setting("run", "", "custom", widget="run", label="network.run", validate=_run, parse=str),
    Setting("epoch", 0, lo=0, hi=10_000, widget="epoch", label="network.run.epoch"),
    Setting("input", "shape", "choice", choices=INPUTS, widget="radio", label="network.image",
            option_label="network.image"),
    Setting("shape", "triangle", "choice", choices=SHAPES, widget="selectbox", label="network.image.kind",
            option_label="network.class"),
    Setting("seed", 3, lo=0, hi=10_000, widget="number", label="network.image.seed"),
    Setting("image", "astronaut", "choice", choices=lambda: tuple(list_samples()), widget="selectbox",
            label="network.image.photo", option_label="explorer.sample"),
    Setting("show_all", False, "bool", widget="toggle", label="network.show_all"),
    Setting("layer", "", "custom", widget="layer", label="network.detail.layer", validate=_layer, parse=str),
    Setting("channel", 0, lo=0, hi=4095, widget="number", label="network.detail.channel"),
    Setting("cam_class", -1, lo=-1, hi=999, widget="class", label="network.gradcam.class"),
    Setting("cam_method", "auto", "choice", choices=CAM_METHODS, widget="radio", label="network.gradcam.method",
            option_label="network.gradcam.method"),
))
