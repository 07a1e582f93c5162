"""The convolution explorer: one live Keras stage (padding → Conv2D → activation → pooling) on the learner's image."""
import streamlit as st

from cnnviz.errors import SettingError
from cnnviz.web import explorer as ex
from cnnviz.web import explorer_views as views
from cnnviz.web.entry import ensure_navigation
from cnnviz.web.lang import current_lang, tr

ensure_navigation()

st.title(tr("nav.explorer"))
st.caption(tr("explorer.intro"))
ex.init_state()
for notice in ex.notices():
    st.warning(notice)


@st.fragment
def explorer() -> None:
    """Knobs on the left, the stage on the right; a slider move reruns only this fragment."""
    knobs, out = st.columns([1, 3], gap="medium")
    with knobs:
        for group, draw in (("image", ex.image_knobs), ("conv", ex.conv_knobs), ("kernel", ex.kernel_knobs),
                            ("pool", ex.pool_knobs)):
            with st.expander(tr(f"explorer.group.{group}"), expanded=True):
                draw()
    with out:
        predict = st.toggle(tr("explorer.predict"), key=ex.KEY["predict"], help=tr("explorer.predict_help"))
        try:
            settings = ex.settings_from_widgets()
            image = ex.input_array(settings)
            ex.remember(settings)
            with ex.first_start_spinner():
                result = ex.compute(settings, image)
        except SettingError as err:
            st.error(err.sentence(current_lang()))
            st.caption(tr("explorer.impossible_hint"))
            return
        revealed = views.predict_panel(result.shapes) if predict else views.shapes_panel(result.shapes)
        views.maps_panel(result, hide_shapes=not revealed)
        view = views.view_picker()
        if view == "arithmetic":
            views.arithmetic_panel(result)
        elif view == "enlarge":
            views.enlarge_panel(result)
        elif view == "compare":
            views.compare_panel(settings, image)
        ex.prefetch_neighbours(settings, image)


explorer()
