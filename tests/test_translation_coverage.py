"""No page shows English-only text in Korean (or Korean in English), and every i18n key the code uses exists.

Each page is run in AppTest through ``app.py`` with ``?lang=ko``; every visible string is collected
from the element tree (titles, headers, markdown, captions, alerts, widget labels, help, options and
placeholders, button, tab and expander labels, metrics, table headers and text cells, page links,
image captions, plotly titles, axis names and legend names). A string counts as untranslated when it
has no Hangul and is made of natural-language English words, or when it has Hangul but carries a run
of five English words (a sentence left in English). Keras names, identifiers (``kernel_size``,
``Conv2D``, ``H_out``), code spans, LaTeX, numbers, units, file names and URLs never count.
"""
from __future__ import annotations

import json
import re

from tests import ROOT

import pytest
from streamlit.testing.v1 import AppTest

from cnnviz.i18n import table
from cnnviz.calc.specs import LAYER_TYPES

PAGES = ["pages/lesson.py", "pages/explorer.py", "pages/architecture.py", "pages/network.py", "pages/training.py"]

HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
# Names learners see as-is in both languages: Keras/TensorFlow names and values, tools, data sets, units.
ALLOW = {
    "keras", "tensorflow", "tf", "relu", "sigmoid", "tanh", "linear", "softmax", "valid", "same", "sobel",
    "laplacian", "gaussian", "adam", "sgd", "rmsprop", "adagrad", "cifar", "mnist", "fashion", "streamlit",
    "plotly", "numpy", "pillow", "python", "latex", "vgg", "lenet", "tinyvgg", "max", "min", "avg", "rgb",
    "logit", "logits", "dropout", "dense", "flatten", "padding", "stride", "strides", "filters", "units",
    "conv", "pool", "kernel_size", "pool_size", "dilation_rate", "activation", "input", "output",
    "cnn", "mlp", "dnn", "explainer", "epoch", "epochs", "batch", "params", "mb", "kb", "gb", "px", "ms",
    "api", "url", "zip", "png", "jpg", "jpeg", "csv", "json", "onnx", "macs", "flops", "id", "ok", "x", "p", "s",
    "k", "h", "w", "c", "f", "d", "n", "none", "grad",  # Grad-CAM
    # Keras activation names (keras.activations)
    "elu", "selu", "gelu", "silu", "swish", "mish", "softplus", "softsign", "exponential", "hard_sigmoid",
} | {name.lower() for name in LAYER_TYPES}  # Keras layer names: Rescaling, Dense, Dropout, …
# Common English words (≥ 4 letters) that must not reach a Korean reader on their own.
COMMON = set("""
about above after again also accuracy average before below best both build button cancel change channel channels
choose class classes click close color colour compare copy data dataset default delete download each edge
edges enlarge enter error every example file filter first from gray grey have here hide image images into just
kernel layer layers learn learning learned less link load loading loss make many maps model models more most
move much must name network next number only open original other over page parameters pick pixel pixels
please predict prediction preset random rate reset result results sample save score select settings shape show
size slide some start step steps stop such than that their them then there these this time train training trained
upload used using validation value values view want weights what when where which while will with without
your zoom flip rotation augmented test label labels true false mode check answer reveal total memory width height
the and for not all new add yes cat dog car run top end use see try get set off
""".split())
SKIP_TYPES = {"code", "latex", "json", "html", "divider", "exception", "empty", "audio", "video", "text_input_value"}
TEXT_FIELDS = {"body", "label", "help", "placeholder", "caption", "delta", "text", "title"}


def _plotly_texts(spec: str) -> list[str]:
    fig = json.loads(spec)
    layout, found = fig.get("layout", {}), []

    def title(obj):
        t = obj.get("title") if isinstance(obj, dict) else None
        return t.get("text") if isinstance(t, dict) else t

    for obj in [layout] + [v for k, v in layout.items() if re.match(r"[xy]axis\d*$", k)]:
        if title(obj):
            found.append(title(obj))
    found += [a.get("text", "") for a in layout.get("annotations", []) if isinstance(a, dict)]
    found += [d["name"] for d in fig.get("data", []) if isinstance(d.get("name"), str) and d.get("showlegend", True)]
    return found


def _proto_texts(proto) -> list[str]:
    found = []
    for field, value in proto.ListFields():
        if field.name in TEXT_FIELDS and isinstance(value, str):
            found.append(value)
        elif field.name == "options" and not isinstance(value, str):
            found += [v for v in value if isinstance(v, str)]
        elif field.name == "imgs":
            found += [img.caption for img in value if img.caption]
        elif field.name == "spec" and isinstance(value, str) and value.startswith("{"):
            found += _plotly_texts(value)
        elif hasattr(value, "ListFields") and field.name not in ("data", "arrow_data", "figure"):
            found += _proto_texts(value)  # e.g. a block's expandable.label or tab.label
    return found


def _frame_texts(frame) -> list[str]:
    found = [str(c) for c in frame.columns] + [str(frame.index.name or "")]
    for col in frame.columns:
        found += [v for v in frame[col].tolist() if isinstance(v, str)]
    if frame.index.dtype == object:
        found += [v for v in frame.index.tolist() if isinstance(v, str)]
    return found


def visible_texts(at: AppTest) -> list[str]:
    """Every string the page shows, from the whole element tree (main, sidebar, event containers)."""
    found: list[str] = []

    def walk(node):
        kind = getattr(node, "type", "")
        if kind in SKIP_TYPES:
            return
        if kind in ("table", "dataframe", "arrow_data_frame"):
            try:
                found.extend(_frame_texts(node.value))
            except (ValueError, TypeError, AttributeError):  # an exotic frame: its proto still has the label
                pass
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            if kind == "markdown" and getattr(proto, "element_type", 0) not in (0, 1):
                pass  # latex/divider markdown variants
            found.extend(_proto_texts(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return [s for s in (x.strip() for x in found) if s]


def _clean(text: str) -> str:
    s = re.sub(r"```.*?```|`[^`]*`", " ", text, flags=re.S)           # code
    s = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$", " ", s, flags=re.S)         # LaTeX
    s = re.sub(r"https?://\S+|\[([^\]]*)\]\([^)]*\)", r" \1 ", s)     # URLs, markdown links (keep the text)
    s = re.sub(r"\b[\w.-]+\.(png|jpe?g|gif|bmp|webp|zip|csv|json|keras|h5|npz|py|txt|md)\b", " ", s, flags=re.I)
    s = re.sub(r":[a-z_]+:", " ", s)                                     # :material icons: and emoji codes
    return s


def _is_identifier(word: str) -> bool:
    """kernel_size, Conv2D, H_out, ReLU, CIFAR: code-like names, not prose."""
    return bool(re.search(r"[0-9_]", word)) or any(c.isupper() for c in word[1:])


def english_words(text: str) -> list[list[str]]:
    """The natural-language English words of `text`, in runs separated by Hangul."""
    runs = []
    for segment in HANGUL.split(_clean(text)):
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9_'’]*", segment)
                 if not _is_identifier(w) and w.lower().strip("'’") not in ALLOW]
        runs.append(words)
    return runs


ALLOWED_STRINGS = {"English", "한국어"}


def untranslated(text: str) -> bool:
    """True when `text` shown to a Korean reader is (partly) English prose."""
    if text in ALLOWED_STRINGS:
        return False
    runs = english_words(text)
    if HANGUL.search(text):
        return any(len(run) >= 5 for run in runs)
    words = [w for run in runs for w in run]
    # A common word, any longer word (a lone "astronaut" is still English), or two words of prose.
    return any(w.lower() in COMMON or len(w) >= 4 for w in words) or sum(len(w) >= 3 for w in words) >= 2


@pytest.mark.parametrize("text, expected", [
    ("합성곱 탐색기", False),
    ("Choose an image", True),
    ("Upload", True),
    ("gray", True),
    ("validation", True),
    ("Training Accuracy", True),
    ("", False),
    ("122,570", False),
    ("32×32×3 → 3,072", False),
    ("H_out = 30", False),
    ("Conv2D", False), ("MaxPooling2D(pool_size=(2, 2))", False), ("kernel_size", False),
    ("relu", False), ("leaky_relu", False), ("same", False), ("valid (p = 0)", False), ("max", False),
    ("English", False),
    ("astronaut", True),                  # a lone English word is still English
    ("cat", True), ("Adam", False), ("RMSprop", False), ("tf_cnn_cifar10", False), ("none", False),
    ("`Conv2D(filters=32)` 는 필터 32개를 학습합니다", False),
    ("패딩 padding", False),
    ("오류: the kernel is larger than the image here", True),   # a sentence left in English
    ("$H_{out} = \\lfloor (H - k)/s \\rfloor + 1$", False),
    ("cat.png", False), ("https://example.com/a/b", False),
    ("**Loss** and accuracy", True),
    ("Epoch 3/10", False),
    ("Rescaling", False), ("gelu", False), ("SGD (momentum 0.9)", True), ("Grad-CAM", False),
    ("Fashion-MNIST — 옷", False), ("triangle", True),
])
def test_rule(text, expected):
    assert untranslated(text) is expected


def run_page(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params["lang"] = lang
    at.switch_page(page)
    at.run()
    return at


@pytest.mark.parametrize("page", PAGES)
def test_korean_page_has_no_english_only_text(page):
    at = run_page(page, "ko")
    assert not at.exception, [e.value for e in at.exception]
    texts = visible_texts(at)
    assert texts, "nothing collected"
    bad = sorted({s for s in texts if untranslated(s)})
    assert bad == [], f"{page} shows {len(bad)} untranslated strings in Korean:\n" + "\n".join(map(repr, bad))


@pytest.mark.parametrize("page", PAGES)
def test_english_page_has_no_korean(page):
    at = run_page(page, "en")
    assert not at.exception, [e.value for e in at.exception]
    bad = sorted({s for s in visible_texts(at) if HANGUL.search(s) and s not in ALLOWED_STRINGS})
    assert bad == [], f"{page} shows Korean in English:\n" + "\n".join(map(repr, bad))


# ---------------------------------------------------------------------------------------------
# Keys used in the code exist

KEY_CALL = re.compile(r"""\b(?:tr|t|SettingError|_error|Notice)\(\s*(f?)(["'])([a-z][a-z0-9_]*\.[^"'\s]+)\2""")


def used_keys() -> list[tuple[str, str, bool]]:
    """(file, key, is_fstring) for each tr("…")/t("…")/SettingError("…") call in app.py, pages/ and cnnviz/."""
    found = []
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "cnnviz").rglob("*.py"))]
    for path in files:
        if "i18n" in path.parts:
            continue
        for m in KEY_CALL.finditer(path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(ROOT)), m.group(3), bool(m.group(1))))
    return found


def test_key_scan_finds_calls():
    keys = {k for _, k, _ in used_keys()}
    assert {"nav.lesson", "lesson.title", "classroom.presenter"} <= keys


def test_every_used_key_exists():
    keys = table()
    missing = []
    for path, key, is_f in used_keys():
        if is_f or key.endswith("."):  # tr(f"lesson.pool.{kind}") or tr("x." + n): a key must start so
            prefix = key.split("{", 1)[0]
            if not any(k.startswith(prefix) for k in keys):
                missing.append((path, key))
        elif key not in keys:
            missing.append((path, key))
    assert missing == []


def test_lesson_and_classroom_keys_are_used():
    """Our own tables carry no dead keys (other areas may keep keys for pages being built)."""
    from cnnviz.classroom import lesson as L

    source = "\n".join(p.read_text(encoding="utf-8") for p in [
        ROOT / "pages/lesson.py", ROOT / "cnnviz/classroom/lesson.py", ROOT / "cnnviz/web/classroom/lesson.py",
        ROOT / "cnnviz/web/classroom/sidebar.py", ROOT / "cnnviz/classroom/links.py"])
    dynamic = {s.title_key for s in L.STEPS} | {s.text_key for s in L.STEPS} | {s.note_key for s in L.STEPS}
    prefixes = ("lesson.pool.", "lesson.padding.", "lesson.class.", "classroom.control.")
    dead = [k for k in table() if k.split(".")[0] in ("lesson", "classroom") and k not in dynamic
            and f'"{k}"' not in source and f"'{k}'" not in source and not k.startswith(prefixes)]
    assert dead == []
