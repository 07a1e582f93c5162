"""The architecture builder in a real browser: upload a spec file through the file chooser and see its totals."""
import json

import pytest

from cnnviz.calc.specs import parse_spec
from cnnviz.calc.summary import summarize
from cnnviz.web.harness import open_page, wait_idle

SCREENSHOT = "/tmp/architecture.png"
SPEC = {"name": "uploaded_net", "input_shape": [28, 28, 1], "layers": [
    {"type": "Conv2D", "filters": 6, "kernel_size": 5, "padding": "same", "activation": "relu"},
    {"type": "AveragePooling2D"},
    {"type": "Conv2D", "filters": 16, "kernel_size": 5, "activation": "relu"},
    {"type": "MinPooling2D"},
    {"type": "Flatten"},
    {"type": "Dense", "units": 84, "activation": "relu"},
    {"type": "Dense", "units": 10}]}


@pytest.fixture
def builder_page(page, app_server):
    open_page(page, app_server, "/architecture")
    page.get_by_text("122,570").first.wait_for(timeout=90_000)  # the default preset's total
    wait_idle(page)
    return page


def test_upload_a_spec_and_see_its_totals(builder_page, tmp_path):
    page = builder_page
    path = tmp_path / "uploaded_net.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    page.locator('.st-key-arch-upload input[type="file"]').set_input_files(str(path))
    summary = summarize(parse_spec(SPEC))
    page.get_by_text(f"{summary.total_params:,}").first.wait_for(timeout=60_000)
    wait_idle(page)
    assert page.get_by_text("Loaded the spec uploaded_net with 7 layers.").count() == 1
    assert page.get_by_text(f"{summary.total_macs:,}").count() >= 1
    assert page.get_by_text('name="min_pooling2d"').count() >= 1  # the exported code follows the upload
    page.set_viewport_size({"width": 1500, "height": 2600})
    page.wait_for_timeout(800)
    page.screenshot(path=SCREENSHOT, full_page=True)


@pytest.mark.parametrize("name, text, sentence", [
    ("deep.json", '{"input_shape": [32, 32, 3], "layers": [' + "[" * 50 + "]" * 50 + "]}", "nests brackets more than"),
    ("huge.json", '{"name": "' + "x" * 300_000 + '"}', "specs are limited to"),
    ("broken.json", '{"input_shape": [32, 32, 3], "layers": [}', "is not valid JSON"),
    ("<b>evil<b>.json", '{"input_shape": [32, 32], "layers": []}', "input_shape must be [H, W, C]"),
])
def test_bad_spec_is_refused_with_a_sentence(builder_page, tmp_path, name, text, sentence):
    page = builder_page
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.locator('.st-key-arch-upload input[type="file"]').set_input_files(str(path))
    alert = page.locator('[data-testid="stAlertContentError"]').first
    alert.wait_for(timeout=60_000)
    assert sentence in alert.inner_text()
    assert page.locator("b", has_text="evil").count() == 0  # a file name never becomes markup
    assert page.get_by_text("122,570").count() >= 1  # the stack before the upload is kept
