"""Which pixels made the decision: one module per attribution technique, each built with the model and called with an image.

Every technique is a class: ``Method(model)`` with a NetModel (or a keras.Model and a `logits` flag, or
a shared `base.Scorer`), then ``method(x, class_index=None, **params)`` with an image (H, W, C) in the
model's input range → an `Explanation` (map (H, W), the class, the logit explained, the parameters).
`METHODS` lists them for a page: id, label and one-sentence keys of `cnnviz.i18n.attribution`, the
parameters with their ranges. Importing this package does not import TensorFlow.
"""
from __future__ import annotations

from dataclasses import dataclass

from cnnviz.network.attribution.base import Explanation, Scorer, predicted_class  # noqa: F401
from cnnviz.network.attribution.gradcam import GradCAM, HiResCAM
from cnnviz.network.attribution.integrated import BASELINES, MAX_STEPS, IntegratedGradients
from cnnviz.network.attribution.occlusion import Occlusion
from cnnviz.network.attribution.saliency import Saliency
from cnnviz.network.attribution.smoothgrad import MAX_SAMPLES, SmoothGrad


@dataclass(frozen=True)
class Param:
    """One knob of a method: `kind` 'int', 'float', 'choice' (from `choices`) or 'layer' (a conv layer's name)."""

    name: str  # the keyword of the method's call
    label_key: str
    kind: str
    default: object
    low: float | None = None
    high: float | None = None
    step: float | None = None
    choices: tuple = ()


@dataclass(frozen=True)
class Method:
    id: str
    label_key: str  # short name: "Integrated Gradients"
    sentence_key: str  # what the map measures, in one sentence
    cls: type
    params: tuple[Param, ...] = ()


_LAYER = Param("layer_name", "attribution.param.layer", "layer", None)
METHODS: tuple[Method, ...] = (
    Method("gradcam", "attribution.gradcam", "attribution.gradcam.what", GradCAM, (_LAYER,)),
    Method("hirescam", "attribution.hirescam", "attribution.hirescam.what", HiResCAM, (_LAYER,)),
    Method("saliency", "attribution.saliency", "attribution.saliency.what", Saliency),
    Method("smoothgrad", "attribution.smoothgrad", "attribution.smoothgrad.what", SmoothGrad, (
        Param("samples", "attribution.param.samples", "int", 25, 1, MAX_SAMPLES, 1),
        Param("noise", "attribution.param.noise", "float", 0.15, 0.0, 1.0, 0.05),
        Param("seed", "attribution.param.seed", "int", 0, 0, 2**31 - 1, 1))),
    Method("integrated_gradients", "attribution.ig", "attribution.ig.what", IntegratedGradients, (
        Param("baseline", "attribution.param.baseline", "choice", "black", choices=tuple(BASELINES)),
        Param("steps", "attribution.param.steps", "int", 128, 1, MAX_STEPS, 1))),
    Method("occlusion", "attribution.occlusion", "attribution.occlusion.what", Occlusion, (
        Param("patch", "attribution.param.patch", "int", 8, 1, 64, 1),
        Param("stride", "attribution.param.stride", "int", 4, 1, 64, 1),
        Param("fill", "attribution.param.fill", "float", 0.5, 0.0, 1.0, 0.05))),
)
BY_ID = {m.id: m for m in METHODS}


def explain(model, x, method: str, class_index: int | None = None, **params) -> Explanation:
    """One call for a page: ``explain(scorer, x, 'occlusion', patch=4)``; pass a shared `Scorer` to build once."""
    return BY_ID[method].cls(model)(x, class_index, **params)
