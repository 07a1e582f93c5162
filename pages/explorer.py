"""The convolution explorer: one live Keras stage (padding → Conv2D → activation → pooling) on the learner's image."""
import streamlit as st

from cnnviz.errors import SettingError
from cnnviz.web.explorer import state as ex
from cnnviz.web.explorer import arithmetic
from cnnviz.web.explorer import cache
from cnnviz.web.explorer import look_ahead
from cnnviz.web.explorer import views
from cnnviz.web.entry import ensure_navigation
from cnnviz.web.lang import current_lang, tr

ensure_navigation()

st.title(tr("nav.explorer"))
st.caption(tr("explorer.intro"))
ex.init_state()
for notice in ex.notices():
    st.warning(notice)


# What goes in (the image, the kernel weights): changed less often, so a change reruns the whole page.
with st.container(border=True):
    ex.input_knobs()
views.toolbar()


@st.fragment
def explorer() -> None:
    """The layer's knobs on the left, the stage on the right; a slider move reruns only this fragment.

    Few widgets live here on purpose: the browser redraws every element of the fragment on each move.
    """
    with look_ahead.counted_run():
        _explorer()


def _explorer() -> None:
    # Compute first, draw after: the browser redraws the page for every burst of elements it
    # receives, so the fragment's elements should leave the server together, not around the work.
    before, settings = ex.previous_settings(), None
    try:
        settings = ex.settings_from_widgets()
        image, input_id = cache.input_array(settings, ex.upload())
        with cache.first_start_spinner():
            result = cache.compute(settings, image, input_id)
            pictures = cache.stage_pictures(result, views.shared_scale(), input_id)
        error = None
    except SettingError as err:
        error = err
    knobs, out = st.columns([1, 3], gap="medium")
    with out:  # drawn first, so the browser starts loading the new pictures while it draws the knobs
        if error is None:
            _stage(settings, image, input_id, result, pictures)
        else:
            st.error(error.sentence(current_lang()))
            st.caption(tr("explorer.impossible_hint"))
    with knobs:
        for group, draw in (("conv", ex.conv_knobs), ("pool", ex.pool_knobs)):
            with st.container(border=True):
                st.markdown(f"**{tr(f'explorer.group.{group}')}**")
                draw()
    if settings is not None:
        ex.remember(settings)  # the link follows the knobs; sent last, so it does not split the burst above
    if error is None:
        look_ahead.look_ahead_soon(before, settings, image, views.shared_scale(), input_id)


def _stage(settings, image, input_id: str, result, pictures: dict[str, bytes]) -> None:
    """The shape chain and formulas (or the prediction), the maps, and the closer look the learner picked."""
    predict = st.session_state.get(ex.KEY["predict"], False)
    revealed = views.predict_panel(result.shapes) if predict else views.shapes_panel(result.shapes)
    views.maps_panel(result, input_id, pictures, hide_shapes=not revealed)
    view = st.session_state.get(ex.KEY["view"])
    if view == "arithmetic":
        arithmetic.panel(result)
    elif view == "enlarge":
        views.enlarge_panel(result)
    elif view == "compare":
        views.compare_panel(settings, image, input_id)


explorer()
