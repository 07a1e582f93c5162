"""Tiny named Keras models for the network tests (they build in milliseconds on a CPU)."""
import keras
import numpy as np


def tiny(softmax: bool = False, channels: int = 1, seed: int = 0):
    """A TinyVGG in miniature: (8, 8, C) → conv → pool → conv → flatten → dense(3)."""
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((8, 8, channels), name="input")
    x = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="conv_a")(inputs)
    x = keras.layers.MaxPooling2D(name="pool")(x)
    x = keras.layers.Conv2D(3, 3, activation="relu", name="conv_b")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    outputs = keras.layers.Dense(3, activation="softmax" if softmax else None, name="head")(x)
    return keras.Model(inputs, outputs, name="tiny")


def bright_square_model():
    """Grad-CAM's answer is known: a 1×1 identity convolution, global average, class 0 = mean brightness."""
    inputs = keras.Input((16, 16, 1), name="input")
    x = keras.layers.Conv2D(1, 1, activation="relu", name="identity", kernel_initializer="ones",
                            bias_initializer="zeros")(inputs)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = keras.layers.Dense(2, name="head")(x)
    model = keras.Model(inputs, outputs)
    model.get_layer("head").set_weights([np.array([[1.0, -1.0]], "float32"), np.zeros(2, "float32")])
    return model


def save(model, path) -> bytes:
    model.save(path)
    return path.read_bytes()


# --- real-model shapes for the model-file and summary tests ------------------------------------------


def resnet_like(seed: int = 0):
    """A small ResNet-style functional model: Conv-BN-ReLU, an Add skip, a Concatenate, GAP and Dense."""
    keras.utils.set_random_seed(seed)
    L = keras.layers
    inputs = keras.Input((16, 16, 3), name="image")
    x = L.Conv2D(8, 3, padding="same", use_bias=False, name="stem")(inputs)
    x = L.BatchNormalization(name="stem_bn")(x)
    x = L.ReLU(name="stem_relu")(x)
    y = L.Conv2D(8, 3, padding="same", name="res_conv")(x)
    y = L.BatchNormalization(name="res_bn")(y)
    x = L.Add(name="skip")([x, y])
    x = L.Activation("relu", name="res_relu")(x)
    a = L.Conv2D(4, 1, name="branch_a")(x)
    b = L.MaxPooling2D(3, strides=1, padding="same", name="branch_b_pool")(x)
    x = L.Concatenate(name="concat")([a, b])
    x = L.Conv2D(6, 3, strides=2, name="down")(x)
    x = L.GlobalAveragePooling2D(name="gap")(x)
    outputs = L.Dense(3, name="head")(x)
    return keras.Model(inputs, outputs, name="resnet_like")


def separable_with_preprocessing(seed: int = 0):
    """Preprocessing layers, SeparableConv2D, DepthwiseConv2D and friends in a Sequential, one part frozen."""
    keras.utils.set_random_seed(seed)
    L = keras.layers
    norm = L.Normalization(name="norm")
    norm.adapt(np.random.default_rng(seed).random((8, 20, 20, 3)).astype("float32"))
    model = keras.Sequential([
        keras.Input((24, 24, 3), name="pixels"),
        L.Resizing(20, 20, name="resize"), L.Rescaling(1 / 255, name="scale"), norm,
        L.RandomFlip("horizontal", name="flip"), L.RandomRotation(0.1, name="rotate"),
        L.ZeroPadding2D(((1, 2), (0, 1)), name="pad"),
        L.SeparableConv2D(6, 3, depth_multiplier=2, name="sep"),
        L.BatchNormalization(name="bn", trainable=False),
        L.DepthwiseConv2D(3, strides=2, padding="same", depth_multiplier=2, name="dw"),
        L.LeakyReLU(name="leaky"), L.AveragePooling2D(2, name="avg"), L.SpatialDropout2D(0.1, name="sdrop"),
        L.Cropping2D(((1, 0), (0, 1)), name="crop"), L.UpSampling2D(2, name="up"),
        L.LayerNormalization(name="ln"), L.Conv2D(4, 1, name="mix"), L.Flatten(name="flat"),
        L.Dropout(0.2, name="drop"), L.Dense(5, activation="softmax", name="out"),
    ], name="separable_pre")
    return model


def teachable_machine_like(classes: int = 3, seed: int = 0):
    """Teachable Machine's image model in miniature, nested as it nests them: Sequential[Sequential[functional
    'model1' (MobileNetV2-like: ZeroPadding, Conv-BN-ReLU6, DepthwiseConv2D, Add), GAP], Sequential[Dense, Dense]]."""
    keras.utils.set_random_seed(seed)
    L = keras.layers
    inp = keras.Input((32, 32, 3), name="input_1")
    x = L.ZeroPadding2D(((0, 1), (0, 1)), name="Conv1_pad")(inp)
    x = L.Conv2D(8, 3, strides=2, use_bias=False, name="Conv1")(x)
    x = L.BatchNormalization(name="bn_Conv1")(x)
    x = L.ReLU(6.0, name="Conv1_relu")(x)
    y = L.DepthwiseConv2D(3, padding="same", use_bias=False, name="expanded_conv_depthwise")(x)
    y = L.BatchNormalization(name="expanded_conv_depthwise_BN")(y)
    y = L.ReLU(6.0, name="expanded_conv_depthwise_relu")(y)
    x = L.Add(name="block_add")([x, y])
    x = L.Conv2D(16, 1, use_bias=False, name="Conv_1")(x)
    x = L.ReLU(6.0, name="out_relu")(x)
    base = keras.Model(inp, x, name="model1")
    features = keras.Sequential([keras.Input((32, 32, 3), name="model1_input"), base,
                                 L.GlobalAveragePooling2D(name="global_average_pooling2d_GlobalAveragePooling2D1")],
                                name="sequential_1")
    head = keras.Sequential([keras.Input((16,), name="dense_Dense1_input"),
                             L.Dense(10, activation="relu", name="dense_Dense1"),
                             L.Dense(classes, activation="softmax", use_bias=False, name="dense_Dense2")],
                            name="sequential_3")
    return keras.Sequential([keras.Input((32, 32, 3), name="sequential_1_input"), features, head], name="sequential_4")


_KERAS3_ONLY = {"module", "registered_name", "build_config", "compile_config", "optional", "synchronized",
                "renorm", "renorm_clipping", "renorm_momentum", "shared_object_id"}


def keras2_config(node):
    """A Keras 3 (legacy .h5) model config rewritten the way tf.keras 2.4 wrote it (Teachable Machine's files):
    dtype strings, no module/registered_name, ``batch_input_shape``, inbound nodes as ``[[name, i, j, {}]]``,
    one input/output as ``[["input_1", 0, 0]]`` and ``groups: 1`` on every DepthwiseConv2D."""
    if isinstance(node, list):
        return [keras2_config(v) for v in node]
    if not isinstance(node, dict):
        return node
    if node.get("class_name") == "DTypePolicy":
        return node["config"]["name"]
    out = {k: keras2_config(v) for k, v in node.items() if k not in _KERAS3_ONLY}
    config = out.get("config")
    if isinstance(config, dict):
        if out.get("class_name") == "InputLayer" and "batch_shape" in config:
            config["batch_input_shape"] = config.pop("batch_shape")
        if out.get("class_name") == "DepthwiseConv2D":
            config["groups"] = 1
        if out.get("class_name") == "Functional":
            for key in ("input_layers", "output_layers"):
                if isinstance(config.get(key), list) and config[key] and isinstance(config[key][0], str):
                    config[key] = [config[key]]
    if "inbound_nodes" in out:
        out["inbound_nodes"] = [_keras2_node(n) for n in node["inbound_nodes"]]
    return out


def _keras2_node(node: dict) -> list:
    found = []

    def collect(value):
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
            name, i, j = value["config"]["keras_history"]
            found.append([name, i, j, {}])
        elif isinstance(value, (list, tuple)):
            for v in value:
                collect(v)

    collect(node.get("args", []))
    return found


def keras2_h5(model, path) -> bytes:
    """`model` saved as .h5 by Keras 3, then its model_config rewritten as tf.keras 2.4 wrote it (see keras2_config)."""
    import json

    import h5py

    model.save(path)
    with h5py.File(path, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        f.attrs["model_config"] = json.dumps(keras2_config(config)).encode("utf-8")
        f.attrs["keras_version"] = "2.4.0"
    return path.read_bytes()


def marker_lambda_model(marker):
    """A model whose Lambda layer writes `marker` (a path) whenever its code runs: proof of whether code ran."""
    path = str(marker)
    touch = lambda t: (open(path, "w").close(), t * 2)[1]  # noqa: E731 (a lambda is saved as its bytecode)
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Lambda(touch, name="double")(inputs)
    return keras.Model(inputs, keras.layers.Dense(2)(keras.layers.Flatten()(x)))
