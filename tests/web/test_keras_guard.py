"""Streamlit's per-run Keras reset is replaced, so a training in a worker thread keeps its kernels."""
from __future__ import annotations

import keras
import pytest
from streamlit import config
from streamlit.runtime.scriptrunner import script_runner

from cnnviz.web import keras_guard
from cnnviz.web.keras_guard import keep_keras_state


def test_the_per_run_hook_no_longer_clears_the_keras_session(monkeypatch):
    keep_keras_state()
    original = keras_guard.streamlit_hook
    calls = []
    monkeypatch.setattr(keras.backend, "clear_session", lambda *a, **k: calls.append(1))
    monkeypatch.setattr(script_runner, "_clean_problem_modules", original)
    script_runner._clean_problem_modules()
    assert calls == [1], "Streamlit's own hook resets Keras after every run (the problem)"
    calls.clear()
    assert keep_keras_state() is True
    assert keep_keras_state() is True  # idempotent
    script_runner._clean_problem_modules()
    assert calls == []


@pytest.mark.parametrize("set_by_a_config_file, expected", [(False, False), (True, True)])
def test_post_script_gc_is_off_unless_a_config_file_sets_it(monkeypatch, set_by_a_config_file, expected):
    before = config.get_option("runner.postScriptGC")
    monkeypatch.setattr(config, "is_manually_set", lambda name: set_by_a_config_file and name == "runner.postScriptGC")
    config.set_option("runner.postScriptGC", True)
    try:
        assert keep_keras_state() is True
        assert config.get_option("runner.postScriptGC") is expected
    finally:
        config.set_option("runner.postScriptGC", before)
