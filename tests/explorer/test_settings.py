"""A link restores the settings exactly; every bad or hostile value falls back to the default with a notice."""
import pytest

from cnnviz.explorer.settings import DEFAULTS, EXPLORER, Settings, from_query, to_query




@pytest.mark.parametrize("settings", [
    DEFAULTS,
    Settings(image="cat", size=64, color="gray", filters=3, kernel_size=(3, 5), stride=2, padding="same",
             activation="tanh", kernel="random", seed=123, pool="min", pool_size=3, pool_stride=1,
             pool_padding="same", bias=False),
    Settings(padding=4, dilation=3, kernel="sobel_y", pool="none"),
    Settings(kernel="1,0,-1;2,0,-2;1,0,-1.5"),
    Settings(kernel_size=(1, 2), kernel="0.25,-3"),
])
def test_round_trip(settings):
    query = to_query(settings)
    assert set(query) == set(EXPLORER.names)
    assert all(isinstance(v, str) for v in query.values())
    assert from_query(query) == (settings, [])


def test_absent_keys_are_defaults_and_other_keys_are_left_alone():
    assert from_query({}) == (DEFAULTS, [])
    assert from_query({"lang": "ko", "utm_source": "x"}) == (DEFAULTS, [])
    settings, notices = from_query({"stride": "2", "kernel_size": "5x3"})
    assert (settings.stride, settings.kernel_size, notices) == (2, (5, 3), [])


HOSTILE = [
    ("image", "../../etc/passwd"), ("image", "upload"), ("image", "Astronaut"), ("image", ""),
    ("size", "0"), ("size", "15"), ("size", "257"), ("size", "-32"), ("size", "64.0"), ("size", "1e2"),
    ("size", "０６４"), ("size", " 64"), ("size", "0x40"), ("size", "9" * 400), ("size", "NaN"),
    ("color", "RGB"), ("color", "cmyk"), ("filters", "33"), ("filters", "0"), ("filters", "true"),
    ("kernel_size", "12"), ("kernel_size", "0"), ("kernel_size", "3x0"), ("kernel_size", "3x3x3"),
    ("kernel_size", "-3"), ("stride", "5"), ("stride", "2.5"), ("padding", "full"), ("padding", "11"),
    ("padding", "-1"), ("padding", "SAME"), ("dilation", "0"), ("activation", "softmax"),
    ("activation", "relu; DROP TABLE"), ("kernel", "blur"), ("kernel", "<script>alert(1)</script>"),
    ("kernel", "1,2;3"), ("kernel", "nan,1;1,1"), ("kernel", "1,0;0,1"),  # 2×2 grid vs 3×3 kernel size
    ("kernel", "1e999,0,0;0,0,0;0,0,0"), ("seed", "-1"), ("seed", "99999999999"), ("pool", "median"),
    ("pool_size", "9"), ("pool_stride", "0"), ("bias", "maybe"), ("pool_padding", "full"),
    ("filters", "\x00\x1b[31m"), ("stride", "２"),
]


@pytest.mark.parametrize("key, value", HOSTILE)
def test_hostile_values_fall_back_with_a_notice(key, value):
    settings, notices = from_query({key: value})
    assert settings == DEFAULTS
    assert len(notices) == 1 and notices[0].key == key
    text = notices[0].text("en")
    assert key in text and len(text) < 200 and "\x00" not in text and "\x1b" not in text
    assert notices[0].text("ko") != text


def test_repeated_keys_use_the_last_value_and_one_bad_key_keeps_the_good_ones():
    settings, notices = from_query({"stride": ["1", "3"], "filters": "x", "pool": "avg"})
    assert (settings.stride, settings.filters, settings.pool) == (3, DEFAULTS.filters, "avg")
    assert [n.key for n in notices] == ["filters"]


def test_grid_matching_kernel_size_from_the_same_link():
    settings, notices = from_query({"kernel_size": "2", "kernel": "1,0;0,-1"})
    assert (settings.kernel_size, settings.kernel, notices) == ((2, 2), "1,0;0,-1", [])
