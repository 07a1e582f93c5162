"""One live Keras stage — Input → [ZeroPadding2D] → Conv2D → Activation → pooling — its settings and outputs.

`Settings` (declared in `cnnviz.explorer.settings`) holds the explorer's knobs. `check` gives the shape chain,
the output-size and parameter formulas (from `cnnviz.calc.shapes` / `cnnviz.calc.params`) or raises
`SettingError` naming the knob to turn. `build` makes the Keras model through
`cnnviz.calc.specs.parse_spec` + `cnnviz.models.build.build_model` with every layer's output as a model
output; `run` sets the kernels and returns all arrays (`cnnviz.explorer.arithmetic` explains one output
pixel of them). Keras is imported lazily.
"""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from cnnviz.explorer import kernels as K
from cnnviz.errors import SettingError
from cnnviz.calc.formula import Formula
from cnnviz.calc.params import conv2d_params
from cnnviz.calc.shapes import LayerShape, format_shape, layer_output, output_length
from cnnviz.calc.specs import Spec, parse_spec
from cnnviz.explorer.settings import POOLS, Settings

LAYER_NAMES = ("padding", "conv", "activation", "pool")


# ---------------------------------------------------------------------------------------------
# Spec, shapes and formulas (pure Python)


def spec_dict(settings: Settings, input_shape: tuple) -> dict:
    """The stage as a cnnviz spec (Keras class and argument names)."""
    s = settings
    layers = []
    if s.explicit_padding is not None:
        layers.append({"type": "ZeroPadding2D", "padding": s.explicit_padding, "name": "padding"})
    layers.append({"type": "Conv2D", "name": "conv", "filters": s.filters, "kernel_size": list(s.kernel_size),
                   "strides": s.stride, "padding": "valid" if s.explicit_padding is not None else s.padding,
                   "dilation_rate": s.dilation, "activation": None, "use_bias": s.use_bias})
    layers.append({"type": "Activation", "activation": s.activation, "name": "activation"})
    if POOLS[s.pool]:
        layers.append({"type": POOLS[s.pool], "name": "pool", "pool_size": s.pool_size, "strides": s.pool_stride,
                       "padding": s.pool_padding})
    return {"name": "explorer_stage", "input_shape": list(input_shape), "layers": layers}


@dataclass(frozen=True)
class StageShapes:
    """The shape chain and the formulas a learner reads, all from the calculators."""

    input_shape: tuple
    padded_shape: tuple
    conv_shape: tuple
    pool_shape: tuple | None
    padding: tuple  # ((top, bottom), (left, right)) zeros around the input, as TensorFlow adds them
    conv_formulas: list[Formula] = field(default_factory=list)
    pool_formulas: list[Formula] = field(default_factory=list)
    params: Formula | None = None

    @property
    def chain(self) -> list[tuple]:
        return [self.input_shape, self.conv_shape] + ([self.pool_shape] if self.pool_shape else [])


def chain_text(shapes: StageShapes) -> str:
    """'224 × 224 × 3 → 222 × 222 × 8 → 111 × 111 × 8'."""
    return " → ".join(format_shape(shape) for shape in shapes.chain)


def distinct(formulas: list[Formula]) -> list[Formula]:
    """Per-dimension formulas, keeping the W ones only when they differ from the H ones."""
    h = [f for f in formulas if "H" in f.name]
    w = [f for f in formulas if "W" in f.name]
    if [f.substituted for f in h] == [f.substituted for f in w]:
        return h
    return formulas


@lru_cache(maxsize=256)
def stage_spec(settings: Settings, input_shape: tuple) -> Spec:
    """The stage as a checked `Spec`, parsed once per settings and input shape (check and build share it)."""
    return parse_spec(spec_dict(settings, input_shape))


@lru_cache(maxsize=256)
def check(settings: Settings, input_shape: tuple) -> StageShapes:
    """Shapes and formulas of the stage on `input_shape` (H, W, C), or a SettingError saying which knob to turn.

    Cached: a slider move checks its stage once, however many callers ask (a SettingError is not cached).
    """
    s = settings
    input_shape = tuple(input_shape)
    spec = stage_spec(s, input_shape)
    layers = {layer.name: layer for layer in spec.layers}
    c = input_shape[2]
    p = s.explicit_padding
    padded = layer_output(layers["padding"], input_shape).shape if p is not None else tuple(input_shape)
    try:
        conv: LayerShape = layer_output(layers["conv"], padded)
    except SettingError as err:
        raise _conv_error(err, s) from None
    if p is not None:  # show + 2·p on the unpadded size, as learners write it
        formulas = [output_length(input_shape[i], s.kernel_size[i], s.stride, "valid", s.dilation, pad=p,
                                  dim="HW"[i]) for i in range(2)]
        pads = ((p, p), (p, p))
    else:
        formulas = conv.formulas
        pads = conv.padding or ((0, 0), (0, 0))
    pool_shape, pool_formulas = None, []
    if "pool" in layers:
        try:
            pooled = layer_output(layers["pool"], conv.shape)
        except SettingError as err:
            raise _pool_error(err) from None
        pool_shape, pool_formulas = pooled.shape, pooled.formulas
    params = conv2d_params(s.kernel_size[0], s.kernel_size[1], c, s.filters, s.use_bias)
    return StageShapes(tuple(input_shape), padded, conv.shape, pool_shape, pads, formulas, pool_formulas, params)


def _conv_error(err: SettingError, s: Settings) -> SettingError:
    v = err.values
    if err.key == "shape.stride_and_dilation":
        return SettingError("explorer.err.stride_and_dilation", stride=s.stride, dilation=s.dilation)
    if err.key == "shape.too_small":
        i = "HW".index(v["dim"])
        return SettingError("explorer.err.kernel_too_big", extent=v["window"], dim=v["dim"], k=s.kernel_size[i],
                            d=s.dilation, size=v["size"], formula=v["formula"].split(" = ")[0], value=v["value"])
    return err


def _pool_error(err: SettingError) -> SettingError:
    v = err.values
    if err.key == "shape.too_small":
        return SettingError("explorer.err.pool_too_big", window=v["window"], dim=v["dim"], size=v["size"],
                            formula=v["formula"].split(" = ")[0], value=v["value"])
    return err


# ---------------------------------------------------------------------------------------------
# The live Keras model


def build(settings: Settings, input_shape: tuple):
    """A Keras model whose outputs are every layer's output of the stage (padding, conv, activation, pool)."""
    import keras

    model = _build_model(settings, input_shape)
    names = [layer.name for layer in model.layers if layer.name in LAYER_NAMES]
    return keras.Model(model.inputs, [model.get_layer(n).output for n in names], name="explorer_stage_outputs")


def _build_model(settings, input_shape):
    from cnnviz.models.build import build_model

    return build_model(stage_spec(settings, tuple(input_shape)))


@dataclass(frozen=True)
class StageResult:
    """Every array of the stage, without the batch dimension."""

    settings: Settings
    shapes: StageShapes
    input: np.ndarray  # (H, W, C) float32, as fed to the model
    padded: np.ndarray  # (H + top + bottom, W + left + right, C), the zeros the convolution sees
    kernels: np.ndarray  # (k_h, k_w, C_in, F)
    bias: np.ndarray  # (F,)
    feature_maps: np.ndarray  # (H', W', F), before the activation
    activation_maps: np.ndarray  # (H', W', F)
    pooled: np.ndarray  # (H'', W'', F); the activation maps when pooling is 'none'

    def arrays(self) -> dict[str, np.ndarray]:
        """The stage's forward arrays."""
        return {"input": self.input, "kernels": self.kernels, "bias": self.bias, "feature_maps": self.feature_maps,
                "activation_maps": self.activation_maps, "pooled": self.pooled}

    def download_arrays(self) -> dict[str, np.ndarray]:
        """The arrays of the .npz download: the forward ones, and ∂L/∂kernels and ∂L/∂bias for L = the mean of all
        outputs (`cnnviz.explorer.backward`; computed only when asked, not on every move)."""
        from cnnviz.explorer.backward import gradient_arrays

        return {**self.arrays(), **gradient_arrays(self)}


def weights(settings: Settings, channels_in: int) -> tuple[np.ndarray, np.ndarray]:
    """(kernels (k_h, k_w, C_in, F), bias (F,)) for the settings; Keras initialises the bias to zeros."""
    kh, kw = settings.kernel_size
    kernels = K.kernel_bank(settings.kernel, kh, kw, channels_in, settings.filters, settings.seed)
    return kernels, np.zeros(settings.filters, dtype=np.float32)


def run(settings: Settings, image: np.ndarray, model=None, lock=None) -> StageResult:
    """Check, set the kernels, call the model once and collect the arrays.

    `model` (from `build`) may be shared between threads: pass the `lock` that guards it, since
    setting the weights and calling must not interleave with another caller's.
    """
    x = np.array(image, dtype=np.float32)  # (H, W, C), our own copy: it is made read-only below
    shapes = check(settings, x.shape)
    kernels, bias = weights(settings, x.shape[2])
    if model is None:
        model = build(settings, x.shape)
    with lock or nullcontext():
        conv = model.get_layer("conv")
        conv.set_weights([kernels, bias] if settings.use_bias else [kernels])
        # predict_on_batch runs Keras's traced predict function: the same numbers as model(x), without
        # the eager per-layer dispatch (about a third of a call's time here). The first call traces it.
        outputs = [o[0] for o in model.predict_on_batch(x[None])]
    by_name = dict(zip([n for n in LAYER_NAMES if _has(model, n)], outputs))
    (top, bottom), (left, right) = shapes.padding
    padded = by_name["padding"] if "padding" in by_name else np.pad(x, ((top, bottom), (left, right), (0, 0)))
    activation = by_name["activation"]
    result = StageResult(settings, shapes, x, padded, kernels, bias if settings.use_bias else np.zeros_like(bias),
                         by_name["conv"], activation, by_name.get("pool", activation))
    for array in (padded, *result.arrays().values()):  # a result may be shared between sessions: nobody may change it
        array.flags.writeable = False
    return result


def _has(model, name) -> bool:
    return any(layer.name == name for layer in model.layers)
