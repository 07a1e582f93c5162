"""Keep Streamlit from resetting Keras after every script run.

Streamlit's script runner calls ``keras.backend.clear_session()`` after each run of a page or a
fragment (``_clean_problem_modules`` in ``streamlit/runtime/scriptrunner/script_runner.py``).
With TensorFlow that clears the eager kernel cache and runs a full garbage collection — every
second while the training page's fragment polls, for every learner — and made a training in a
worker thread about 40× slower (measured: 18 instead of ~800 samples/s). cnnviz builds its models
explicitly and keeps them in ``st.cache_resource`` or session state, so it needs no such reset.
`keep_keras_state()` swaps the hook for one that still closes matplotlib figures (the other half
of what Streamlit cleans) and leaves Keras alone. Idempotent; if Streamlit's internals move, it
does nothing.

Streamlit also runs ``gc.collect(2)`` after every run (``runner.postScriptGC``). With TensorFlow
loaded that walks ~400,000 objects holding the GIL (0.15–0.7 s measured here), a stall for
every training thread at every poll; unless a config file sets it, it is turned off as well
(Python's own generational collection still runs).
"""
from __future__ import annotations

import sys


def _close_matplotlib_only() -> None:
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


_close_matplotlib_only.cnnviz = True
streamlit_hook = None  # Streamlit's own function, kept for tests and for undoing the swap


def keep_keras_state() -> bool:
    """Replace Streamlit's per-run Keras reset; True when the hook is (now) replaced."""
    try:
        from streamlit.runtime.scriptrunner import script_runner
    except ImportError:
        return False
    current = getattr(script_runner, "_clean_problem_modules", None)
    if current is None:
        return False
    if not getattr(current, "cnnviz", False):
        global streamlit_hook
        streamlit_hook = current
        script_runner._clean_problem_modules = _close_matplotlib_only
    from streamlit import config

    if not config.is_manually_set("runner.postScriptGC"):
        config.set_option("runner.postScriptGC", False)
    return True
