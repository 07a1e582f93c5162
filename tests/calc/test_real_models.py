"""Heavy oracle tests: the presets against the real models written the tutorials' own way."""
import pytest

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

from cnnviz.presets import load_preset  # noqa: E402
from cnnviz.calc.summary import summarize  # noqa: E402


def compare(summary, model):
    ours = [(r.output_shape, r.params) for r in summary.rows]
    theirs = [(tuple(layer.output.shape[1:]), layer.count_params()) for layer in model.layers
              if not isinstance(layer, keras.layers.InputLayer)]
    assert ours == theirs
    assert summary.total_params == model.count_params()


def test_vgg16_equals_keras_applications():
    model = keras.applications.VGG16(weights=None, input_shape=(224, 224, 3))
    compare(summarize(load_preset("vgg16")), model)
    assert model.count_params() == 138_357_544


def test_flowers_tutorial_as_written():
    # https://www.tensorflow.org/tutorials/images/classification, "Create the model"
    model = keras.Sequential([
        keras.Input((180, 180, 3)),
        layers.Rescaling(1. / 255),
        layers.Conv2D(16, 3, padding="same", activation="relu"), layers.MaxPooling2D(),
        layers.Conv2D(32, 3, padding="same", activation="relu"), layers.MaxPooling2D(),
        layers.Conv2D(64, 3, padding="same", activation="relu"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dense(5),
    ])
    compare(summarize(load_preset("tf_flowers")), model)


def test_cifar10_custom_model_from_the_notes():
    x = inp = keras.Input((32, 32, 3))
    x = layers.Conv2D(32, (3, 3), padding="same", activation="relu")(x)
    x = layers.Conv2D(32, (3, 3), padding="same", activation="relu")(x)
    x = layers.MaxPooling2D((2, 2))(x)
    x = layers.Conv2D(64, (3, 3), padding="same", activation="relu")(x)
    x = layers.Conv2D(64, (3, 3), padding="same")(x)
    x = layers.Activation("relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(128, (3, 3), padding="same", activation="relu")(x)
    x = layers.Conv2D(128, (3, 3), padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dropout(0.5)(x)
    x = layers.Dense(300, activation="relu", name="fc1")(x)
    x = layers.Dropout(0.3)(x)
    out = layers.Dense(10, activation="softmax", name="output")(x)
    compare(summarize(load_preset("cifar10_deep")), keras.Model(inp, out))
