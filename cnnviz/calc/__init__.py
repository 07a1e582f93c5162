"""Pure calculators: formulas as expression trees, the layer table, specs, shapes, parameters, costs and the summary (no TensorFlow)."""
