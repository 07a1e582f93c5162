"""A built Keras model's graph walked in execution order, with nested models opened up into their layers.

Teachable Machine nests a functional MobileNetV2 in a Sequential in a Sequential; Keras's
``model.layers`` then lists two layers. `walk` goes through the graph the way Keras runs it (node
depth, deepest first: a topological order), steps into every nested ``Functional`` or built
``Sequential`` and reports each call of a layer, with the calls that produced its inputs. `flat_model`
rebuilds such a model as one functional graph of copies of its layers (same weights), so every layer
has its own ``.output`` in one graph: the feature-map extractor and Grad-CAM then work unchanged.

Reads Keras's graph (``_nodes_by_depth``, ``node.arguments``, ``Sequential._functional``: Keras 3.15,
checked by tests/models/test_graph.py). Keras is imported inside the functions.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Call:
    """One call of a layer (or of a nested model: `container`) in the walked graph."""

    layer: object
    path: tuple[str, ...]  # names of the models it sits in, outermost first (the walked model not included)
    node: object  # Keras's Node of this call (its input_tensors and outputs are in `path`'s innermost graph)
    parents: list[str] = field(default_factory=list)  # keys of the calls that produced its inputs
    container: bool = False

    @property
    def key(self) -> str:
        """A name unique in the walk: the path and the layer's name joined by '/'."""
        return "/".join((*self.path, self.layer.name))

    @property
    def depth(self) -> int:
        return len(self.path)

    @property
    def type(self) -> str:
        return self.layer.__class__.__name__


def graph_of(model):
    """The Function whose nodes Keras runs for `model`: itself, or a built Sequential's inner functional graph."""
    import keras

    if isinstance(model, keras.Sequential):
        return getattr(model, "_functional", None)
    return model if hasattr(model, "_nodes_by_depth") else None


def is_container(layer) -> bool:
    """A nested model whose graph can be walked (Functional, or a built Sequential); subclassed models are not."""
    import keras

    return isinstance(layer, keras.Model) and graph_of(layer) is not None


def ordered_nodes(graph) -> list:
    """The graph's nodes in execution order: deepest first, ties in the order of ``graph.operations``."""
    rank = {id(op): i for i, op in enumerate(graph.operations)}
    nodes = []
    for depth in sorted(graph._nodes_by_depth, reverse=True):
        nodes.extend(sorted(graph._nodes_by_depth[depth], key=lambda n: rank.get(id(n.operation), len(rank))))
    return nodes


def walk(model) -> list[Call]:
    """Every call in `model`'s graph in execution order: the inputs (InputLayer), then the layers.

    A nested model gives a `container` call followed by the calls inside it (their `path` names it);
    its inner InputLayers are skipped and their consumers point at the outer producers. A model
    that is not a graph (a subclassed keras.Model) is one call. Raises ValueError for an unbuilt model.
    """
    graph = graph_of(model)
    if graph is None:
        raise ValueError("the model has no graph to walk: build it (call it on keras.Input) first")
    calls: list[Call] = []
    producers: dict[int, str] = {}  # id(KerasTensor) → key of the call that made it
    for node in ordered_nodes(graph):
        if node.is_input:
            call = Call(node.operation, (), node)
            calls.append(call)
            for tensor in node.outputs:
                producers[id(tensor)] = call.key
    _walk(graph, (), producers, calls)
    return calls


def _walk(graph, path: tuple[str, ...], producers: dict[int, str], calls: list[Call]) -> None:
    for node in ordered_nodes(graph):
        if node.is_input or node.operation is None:
            continue
        op = node.operation
        parents = [producers[id(t)] for t in node.input_tensors if id(t) in producers]
        inner = graph_of(op) if is_container(op) else None
        calls.append(Call(op, path, node, parents, container=inner is not None))
        if inner is None:
            for tensor in node.outputs:
                producers[id(tensor)] = calls[-1].key
            continue
        for inner_input, outer_input in zip(inner.inputs, node.input_tensors):
            if id(outer_input) in producers:
                producers[id(inner_input)] = producers[id(outer_input)]
        _walk(inner, (*path, op.name), producers, calls)
        for outer_output, inner_output in zip(node.outputs, inner.outputs):
            producers[id(outer_output)] = producers[id(inner_output)]


def has_nested_models(model) -> bool:
    graph = graph_of(model)
    return graph is not None and any(is_container(op) for op in graph.operations)


def leaf_layers(model) -> list:
    """The layers that compute (no InputLayer, no nested model), in execution order, nested ones included."""
    return [c.layer for c in walk(model) if not c.container and c.type != "InputLayer"]


def flat_model(model):
    """`model` itself when it nests no model; else one functional graph of copies of its leaf layers.

    Each leaf layer is re-created from its config, called on the rebuilt tensors and given the
    original's weights, so outputs equal the original's. A name used twice (in two nested models)
    gets a suffix. The copy has the original's name; inputs keep their names and shapes.
    """
    if not has_nested_models(model):
        return model
    import keras

    graph = graph_of(model)
    values: dict[int, object] = {}
    inputs = []
    for tensor in graph.inputs:
        layer = tensor._keras_history.operation
        new = keras.Input(batch_shape=tuple(tensor.shape), dtype=tensor.dtype, name=layer.name)
        values[id(tensor)] = new
        inputs.append(new)
    used = {layer.name for layer in (t._keras_history.operation for t in graph.inputs)}
    _rebuild(graph, values, used)
    outputs = [values[id(t)] for t in graph.outputs]
    return keras.Model(inputs[0] if len(inputs) == 1 else inputs, outputs[0] if len(outputs) == 1 else outputs,
                       name=model.name)


def _rebuild(graph, values: dict[int, object], used: set[str]) -> None:
    import keras

    for node in ordered_nodes(graph):
        if node.is_input or node.operation is None:
            continue
        op = node.operation
        if is_container(op):
            inner = graph_of(op)
            for inner_input, outer_input in zip(inner.inputs, node.input_tensors):
                values[id(inner_input)] = values[id(outer_input)]
            _rebuild(inner, values, used)
            for outer_output, inner_output in zip(node.outputs, inner.outputs):
                values[id(outer_output)] = values[id(inner_output)]
            continue
        args, kwargs = node.arguments.fill_in(values)
        copy = _copy_layer(op, used)
        outputs = keras.tree.flatten(copy(*args, **kwargs))
        if op.weights:
            copy.set_weights(op.get_weights())
        for tensor, value in zip(node.outputs, outputs):
            values[id(tensor)] = value


def _copy_layer(layer, used: set[str]):
    """A new layer of the same class and config, under a name not yet used in the flat graph."""
    config = layer.get_config()
    name, n = layer.name, 1
    while name in used:
        name, n = f"{layer.name}_{n}", n + 1
    used.add(name)
    config["name"] = name
    return layer.__class__.from_config(config)
