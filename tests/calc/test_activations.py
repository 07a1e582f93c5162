"""ReLU and softmax in NumPy equal Keras's."""
import keras
import numpy as np
import pytest

from cnnviz.calc.activations import relu, softmax


def test_softmax_matches_keras():
    z = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 5.0]])
    assert np.allclose(softmax(z), keras.ops.convert_to_numpy(keras.ops.softmax(z)))
    assert softmax(np.array([1000.0, 1000.0])) == pytest.approx([0.5, 0.5])  # no overflow


def test_relu_matches_keras():
    x = np.array([-2.0, 0.0, 3.5])
    assert np.array_equal(relu(x), keras.ops.convert_to_numpy(keras.ops.relu(x)))
