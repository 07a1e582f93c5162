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
