"""The explorer's shape chain and worked formulas, as the learner reads them, against golden files."""
import pytest

from cnnviz.explorer.settings import Settings
from cnnviz.explorer.stage import chain_text, check, distinct

CASES = {  # a name → settings and input shape
    "default": (Settings(), (224, 224, 3)),
    "same_stride2": (Settings(padding="same", stride=2, kernel_size=(5, 5), pool="avg", pool_size=3, pool_stride=2,
                              pool_padding="same"), (32, 32, 3)),
    "explicit_padding_dilation": (Settings(padding=2, dilation=2, filters=4, pool="none"), (28, 28, 1)),
    "rectangular_no_bias": (Settings(kernel_size=(3, 5), bias=False, pool="min", pool_size=2, pool_stride=1),
                            (64, 48, 3)),
}


@pytest.mark.parametrize("name", CASES)
def test_golden_chain_and_formulas(name, golden):
    settings, shape = CASES[name]
    shapes = check(settings, shape)
    lines = [chain_text(shapes), *(f.text() for f in distinct(shapes.conv_formulas)),
             *(f.text() for f in distinct(shapes.pool_formulas)), shapes.params.text()]
    golden(f"explorer/{name}.txt", "\n".join(lines) + "\n")
