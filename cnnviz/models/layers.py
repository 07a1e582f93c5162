"""MinPooling2D: a real, serialisable Keras layer that keeps the smallest value of each window.

Keras has max and average pooling only; min pooling is −maxpool(−x), so it shares MaxPooling2D's
window, strides and padding rules exactly (and its output shape). Imports Keras: load it lazily.
"""
import keras


@keras.saving.register_keras_serializable(package="cnnviz")
class MinPooling2D(keras.layers.MaxPooling2D):
    """Min pooling with the arguments of `keras.layers.MaxPooling2D` (pool_size, strides, padding).

    With padding='same' the padded cells never win: TensorFlow pads max pooling with −∞, and the
    negation turns that into +∞ for the minimum.
    """

    def call(self, inputs):
        return -super().call(-inputs)


def custom_objects() -> dict:
    """The objects to pass to `keras.saving.load_model` for models that use cnnviz layers."""
    return {"MinPooling2D": MinPooling2D, "cnnviz>MinPooling2D": MinPooling2D}
