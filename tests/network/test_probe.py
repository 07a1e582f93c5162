"""One image through a Keras model: every layer's output equals a Keras sub-model's, probabilities sum to 1, explorer links."""
import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cnnviz.models import files as model_files
from cnnviz.network import probe as network
from tests.helpers_network import tiny  # noqa: E402


# --- activations and probabilities --------------------------------------------------------------


@pytest.mark.parametrize("softmax", [False, True])
def test_activations_equal_keras_sub_models(softmax):
    model = tiny(softmax)
    x = np.random.default_rng(1).random((8, 8, 1)).astype("float32")  # (H, W, C)
    outs = network.activations(model, x)
    assert [o.name for o in outs] == ["conv_a", "pool", "conv_b", "flatten", "head"]
    assert [o.values.shape for o in outs] == [(8, 8, 4), (4, 4, 4), (2, 2, 3), (12,), (3,)]
    for out in outs:
        sub = keras.Model(model.inputs, model.get_layer(out.name).output)
        np.testing.assert_allclose(out.values, sub.predict(x[None], verbose=0)[0], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("softmax", [False, True])
def test_probabilities_sum_to_one_and_match_the_softmax(softmax):
    model = tiny(softmax)
    net = model_files.describe(model, ["a", "b", "c"])
    assert net.logits is (not softmax)
    x = np.random.default_rng(2).random((8, 8, 1)).astype("float32")
    last = network.activations(model, x)[-1].values
    probs = network.probabilities(net, last)
    assert probs.shape == (3,) and probs.sum() == pytest.approx(1.0) and (probs >= 0).all()
    expected = model.predict(x[None], verbose=0)[0]
    expected = expected if softmax else np.exp(expected) / np.exp(expected).sum()
    np.testing.assert_allclose(probs, expected, rtol=1e-5)


def test_explorer_link_is_accepted_by_the_explorer():
    from cnnviz.explorer.settings import from_query

    model = tiny(channels=3)
    query = network.explorer_query(model, "conv_a", 2, "cat", "ko")
    settings, notices = from_query(query)
    assert notices == []
    assert settings.padding == "same" and settings.kernel_size == (3, 3) and settings.filters == 1
    assert settings.image == "cat" and settings.activation == "relu"
    kernel = model.get_layer("conv_a").kernel.numpy()[:, :, :, 2].sum(axis=2)  # (3, 3)
    typed = np.array([[float(v) for v in row.split(",")] for row in settings.kernel.split(";")])
    np.testing.assert_allclose(typed, kernel, rtol=2e-3, atol=2e-3)
    assert network.explorer_query(model, "pool", 0, None, "en") is None




# --- real graphs: branches, nested models -----------------------------------------------------------


def test_activations_follow_the_graph_of_a_branched_model():
    from cnnviz.models.graph import walk
    from tests.helpers_network import resnet_like

    model = resnet_like()
    x = np.random.default_rng(5).random((16, 16, 3)).astype("float32")
    outs = network.activations(model, x)
    assert [o.name for o in outs] == [c.layer.name for c in walk(model)][1:]  # execution order, input left out
    position = {o.name: i for i, o in enumerate(outs)}
    assert position["res_bn"] < position["skip"] and position["branch_a"] < position["concat"]
    assert outs[position["concat"]].values.shape == (16, 16, 12)


def test_activations_open_nested_models():
    from tests.helpers_network import teachable_machine_like

    model = teachable_machine_like()
    x = np.random.default_rng(6).uniform(-1, 1, (32, 32, 3)).astype("float32")
    outs = network.activations(model, x)
    assert [o.name for o in outs][:3] == ["Conv1_pad", "Conv1", "bn_Conv1"] and outs[-1].name == "dense_Dense2"
    inner = model.layers[0].layers[0]  # 'model1', whose input is the outer input
    by_name = {o.name: o.values for o in outs}
    for name in ("Conv1", "block_add", "out_relu"):
        expected = keras.Model(inner.inputs, inner.get_layer(name).output).predict(x[None], verbose=0)[0]
        np.testing.assert_allclose(by_name[name], expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(outs[-1].values, model.predict(x[None], verbose=0)[0], rtol=1e-5, atol=1e-7)
    net = model_files.describe(model)
    assert [layer.name for layer in network.conv_layers(net.model)] == ["Conv1", "expanded_conv_depthwise", "Conv_1"]


def test_to_input_uses_the_models_range():
    from PIL import Image

    from tests.helpers_network import teachable_machine_like

    net = model_files.describe(teachable_machine_like(), info={"input_range": [-1, 1]})
    black_white = Image.fromarray(np.array([[0, 255]] * 2, np.uint8)).convert("RGB")
    x = network.to_input(black_white.resize((32, 32), Image.Resampling.NEAREST), net)  # (32, 32, 3)
    assert x.min() == pytest.approx(-1.0) and x.max() == pytest.approx(1.0)


# --- one tie-break rule, and the note on the model's data ------------------------------------------


@pytest.mark.parametrize("probs, expected", [
    ([0.2, 0.2, 0.2, 0.2, 0.2], 0),
    ([0.2 - 1e-9, 0.2, 0.2, 0.2, 0.2 + 1e-9], 0),  # equal but for float rounding: the lowest index
    ([0.1, 0.45, 0.45], 1),
    ([0.1, 0.3, 0.6], 2),
    ([1.0], 0),
])
def test_top_class_breaks_ties_by_the_lowest_index(probs, expected):
    assert network.top_class(np.array(probs)) == expected


def test_an_untrained_model_names_class_0():
    from cnnviz.calc.activations import softmax

    model = tiny(softmax=False, channels=3)
    head = model.get_layer("head")
    head.set_weights([np.zeros_like(w) for w in head.get_weights()])  # every class scores the same
    net = model_files.describe(model)
    x = np.random.default_rng(8).random((8, 8, 3)).astype("float32")
    probs = network.probabilities(net, network.activations(model, x)[-1].values)
    np.testing.assert_allclose(probs, softmax(np.zeros(3)))
    assert network.top_class(probs) == 0


@pytest.fixture(scope="module")
def shapes_net():
    from cnnviz.models.datastats import reference_stats
    from cnnviz.training.datasets import make_shapes

    net = model_files.load_shipped()
    net.info = {**net.info, "input_stats": reference_stats(make_shapes(600, 64, seed=0)[0])}
    return net


def test_check_image_flags_the_astronaut_but_not_a_shape(shapes_net):
    from cnnviz.images import load_sample
    from cnnviz.training.datasets import draw_shape
    from PIL import Image

    shape = Image.fromarray(draw_shape("triangle", 64, np.random.default_rng(11)))
    calm = network.check_image(network.to_input(shape, shapes_net), shapes_net)
    assert calm.unlike is False and calm.warning_key is None
    assert calm.classes == ["circle", "square", "triangle", "cross"] and calm.note_key == "network.known_classes"
    odd = network.check_image(network.to_input(load_sample("astronaut"), shapes_net), shapes_net)
    assert odd.unlike is True and odd.warning_key == "network.unlike_data" and odd.distance > odd.threshold


def test_check_image_without_statistics_gives_only_the_note():
    net = model_files.describe(tiny(), ["a", "b", "c"])
    check = network.check_image(np.zeros((8, 8, 1), "float32"), net)
    assert check.unlike is None and check.classes == ["a", "b", "c"] and check.warning_key is None


@pytest.mark.parametrize("name, inputs", [("stem", [""]), ("skip", ["stem_relu", "res_bn"]),
                                          ("concat", ["branch_a", "branch_b_pool"]), ("head", ["gap"])])
def test_inputs_of_a_layer(name, inputs):
    from tests.helpers_network import resnet_like

    assert network.inputs_of(resnet_like(), name) == inputs


def test_inputs_of_an_unknown_layer():
    with pytest.raises(KeyError):
        network.inputs_of(tiny(), "nope")
