"""The data loaders: the drawn shapes, Keras's cache and downloads (offline here), flowers, and class folders."""
from __future__ import annotations

import http.server
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnviz.training import datasets, downloads, flowers
from cnnviz.training.datasets import SHAPE_CLASSES, load_directory, load_shapes, make_shapes
from cnnviz.training.shapes import FEW_SHAPE_CLASSES, make_few_shapes
from cnnviz.errors import SettingError
from tests.training.helpers import image_bytes


def test_shapes_are_balanced_uint8_images_and_reproducible():
    x, y = make_shapes(40, size=24, seed=3)
    assert x.shape == (40, 24, 24, 3) and x.dtype == np.uint8
    assert np.bincount(y).tolist() == [10, 10, 10, 10]
    x2, y2 = make_shapes(40, size=24, seed=3)
    assert np.array_equal(x, x2) and np.array_equal(y, y2)
    assert not np.array_equal(x, make_shapes(40, size=24, seed=4)[0])


def test_load_shapes_holds_out_the_validation_split():
    data = load_shapes(n=100, size=16, validation_split=0.25)
    assert (len(data.x_train), len(data.x_val)) == (75, 25)
    assert data.class_names == list(SHAPE_CLASSES)
    assert data.input_shape == (16, 16, 3) and data.num_classes == 4


def test_few_shapes_are_five_balanced_classes_drawn_from_the_seed():
    x, y = make_few_shapes(50, size=24, seed=3)
    assert x.shape == (50, 24, 24, 3) and x.dtype == np.uint8
    assert np.bincount(y).tolist() == [10] * 5 and len(FEW_SHAPE_CLASSES) == 5
    assert np.array_equal(x, make_few_shapes(50, size=24, seed=3)[0])
    assert not np.array_equal(x, make_few_shapes(50, size=24, seed=4)[0])
    # Textured backgrounds: the image's edge (mostly background) varies far more than the plain shapes' edge.
    def edge_spread(images):  # median over images of the per-channel std of the one-pixel border
        return np.median([np.concatenate([i[0], i[-1], i[:, 0], i[:, -1]]).std(axis=0).mean() for i in images])

    assert edge_spread(x) > 1.8 * edge_spread(make_shapes(50, size=24, seed=3)[0])


@pytest.mark.parametrize("name, kwargs, shape, counts", [
    ("shapes", {}, (32, 32, 3), (2400, 600)),
    ("few_shapes", {"image_size": 16}, (16, 16, 3), (800, 200)),
    ("few_shapes", {"image_size": 16, "validation_split": 0.5}, (16, 16, 3), (500, 500)),
])
def test_drawn_sets_by_name(name, kwargs, shape, counts):
    data = datasets.load_dataset(name, **kwargs)
    assert data.input_shape == shape and (data.n_train, data.n_val) == counts
    assert data.class_names == datasets.CLASS_NAMES[name]


def test_every_listed_set_has_a_label_and_a_default_size():
    from cnnviz.i18n import t

    for name in datasets.ALL_DATASETS:
        assert t(f"training.data.{name}", "en") and t(f"training.data.{name}", "ko")
    assert datasets.IMAGE_SIZES == {"shapes": 32, "few_shapes": 64, "flowers": 180}


@pytest.mark.parametrize("name, kwargs, error", [
    ("shapes", {"validation_split": 0.0}, "training.err.split"),
    ("few_shapes", {"validation_split": 0.6}, "training.err.split"),
    ("flowers", {"validation_split": 0.6}, "training.err.split"),  # said before any download
    ("shapes", {"validation_split": 0.9}, "training.err.split"),
    ("imagenet", {}, "training.err.unknown_dataset"),
    ("../mnist", {}, "training.err.unknown_dataset"),
])
def test_bad_dataset_settings_are_sentences(name, kwargs, error):
    with pytest.raises(SettingError) as err:
        datasets.load_dataset(name, **kwargs)
    assert err.value.key == error


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    return tmp_path / "keras"


@pytest.mark.parametrize("name, files", [
    ("mnist", ["datasets/mnist.npz"]),
    ("fashion_mnist", [f"datasets/fashion-mnist/{f}" for f in datasets._FASHION]),
    ("cifar10", ["datasets/cifar-10-batches-py-target_archive"]),
])
def test_cache_paths_are_where_keras_looks(keras_home, name, files):
    assert datasets.cache_paths(name) == [keras_home / f for f in files]


def test_offline_download_names_the_file_to_place(keras_home, monkeypatch):
    # A real failed connection (nothing listens on port 9 of loopback), as on a machine without internet.
    monkeypatch.setitem(datasets.CACHE_FILES, "mnist", [("datasets", "mnist.npz", "http://127.0.0.1:9/mnist.npz")])
    with pytest.raises(SettingError) as err:
        datasets.load_keras_dataset("mnist", progress=lambda done, total: None)
    expected = str(keras_home / "datasets" / "mnist.npz")
    assert err.value.key == "training.err.offline"
    assert expected in str(err.value) and expected in err.value.sentence("ko")
    assert "Traceback" not in str(err.value)
    assert not list(keras_home.rglob("*.part"))


def test_real_origin_offline_is_a_sentence_too(keras_home):
    """Here the download really fails (no internet); on a connected machine this would download, so skip then."""
    try:
        datasets.fetch("mnist", timeout=5)
    except SettingError as err:
        assert str(keras_home / "datasets" / "mnist.npz") in str(err)
    else:
        pytest.skip("this machine is online: the download worked")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_download_reports_progress_and_fills_the_cache(keras_home, tmp_path, monkeypatch):
    served = tmp_path / "www"
    served.mkdir()
    (served / "mnist.npz").write_bytes(b"x" * 200_000)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: _Quiet(*a, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/mnist.npz"
        monkeypatch.setitem(datasets.CACHE_FILES, "mnist", [("datasets", "mnist.npz", url)])
        calls = []
        paths = datasets.fetch("mnist", lambda done, total: calls.append((done, total)))
    finally:
        server.shutdown()
    assert paths == [keras_home / "datasets" / "mnist.npz"]
    assert paths[0].stat().st_size == 200_000
    assert calls[-1] == (200_000, 200_000) and len(calls) >= 2
    assert all(a[0] < b[0] for a, b in zip(calls, calls[1:]))


def test_cached_file_is_reused_without_a_download(keras_home, monkeypatch):
    cached = keras_home / "datasets" / "mnist.npz"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"cached")

    def no_network(*args, **kwargs):
        raise AssertionError("downloaded although the file is cached")

    monkeypatch.setattr(downloads.urllib.request, "urlopen", no_network)
    assert datasets.fetch("mnist") == [cached]


def test_keras_loader_output_becomes_image_data(keras_home, monkeypatch):
    import keras

    cached = keras_home / "datasets" / "mnist.npz"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"cached")
    rng = np.random.default_rng(0)
    fake = ((rng.integers(0, 256, (50, 28, 28), dtype=np.uint8), rng.integers(0, 10, 50).astype(np.uint8)),
            (rng.integers(0, 256, (20, 28, 28), dtype=np.uint8), rng.integers(0, 10, 20).astype(np.uint8)))
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: fake)
    data = datasets.load_keras_dataset("mnist", limit=30)
    assert data.x_train.shape == (30, 28, 28, 1) and data.x_val.shape == (6, 28, 28, 1)
    assert data.class_names == [str(d) for d in range(10)]
    assert np.array_equal(data.y_train, fake[0][1][:30])


def _write_folder(root: Path, counts: dict[str, int], size=(10, 12)) -> Path:
    rng = np.random.default_rng(0)
    for name, n in counts.items():
        (root / name).mkdir(parents=True)
        for i in range(n):
            Image.fromarray(rng.integers(0, 256, (*size, 3), dtype=np.uint8)).save(root / name / f"{i}.png")
    return root


def test_class_folders_load_with_image_dataset_from_directory(tmp_path):
    root = _write_folder(tmp_path / "flowers", {"roses": 6, "daisy": 4})
    data = load_directory(root, image_size=(8, 9), validation_split=0.2, seed=1)
    assert data.class_names == ["daisy", "roses"]  # alphabetical, as Keras orders them
    assert data.x_train.shape[1:] == (8, 9, 3) and data.x_train.dtype == np.uint8
    assert (len(data.x_train), len(data.x_val)) == (8, 2)
    assert sorted(np.concatenate([data.y_train, data.y_val]).tolist()) == [0] * 4 + [1] * 6


@pytest.mark.parametrize("counts, kwargs, error", [
    ({"roses": 5}, {}, "training.err.few_classes"),
    ({"roses": 5, "daisy": 1}, {}, "training.err.small_class"),
    ({"roses": 5, "daisy": 5}, {"image_size": (2, 2)}, "training.err.image_size"),
    ({"roses": 5, "daisy": 5}, {"image_size": (64, 1000)}, "training.err.image_size"),
    ({"roses": 5, "daisy": 5}, {"validation_split": 0.7}, "training.err.split"),
])
def test_bad_folders_are_sentences(tmp_path, counts, kwargs, error):
    root = _write_folder(tmp_path / "data", counts)
    with pytest.raises(SettingError) as err:
        load_directory(root, **kwargs)
    assert err.value.key == error


# ---------------------------------------------------------------------------------------------
# flower_photos through keras.utils.get_file and Keras's cache (a small one made here)


def make_flower_photos(path: Path, per_class: int = 6) -> Path:
    """A small flower_photos.tgz with the real one's layout: flower_photos/<class>/*.jpg and a LICENSE.txt."""
    import io
    import tarfile

    with tarfile.open(path, "w:gz") as tar:
        def add(name: str, data: bytes) -> None:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

        add("flower_photos/LICENSE.txt", b"CC-BY")
        for k, name in enumerate(flowers.FLOWER_CLASSES):
            for i in range(per_class):
                add(f"flower_photos/{name}/{i}.jpg", image_bytes(100 * k + i, (24, 30), "JPEG", value=30 + 45 * k))
    return path


def test_flowers_offline_names_the_file_to_place(keras_home, monkeypatch):
    monkeypatch.setattr(flowers, "FLOWERS_URL", "http://127.0.0.1:9/flower_photos.tgz")
    with pytest.raises(SettingError) as err:
        datasets.load_dataset("flowers")
    expected = str(keras_home / "datasets" / "flower_photos.tgz")
    assert err.value.key == "training.err.offline"
    assert expected in str(err.value) and expected in err.value.sentence("ko")
    assert flowers.archive_path() == keras_home / "datasets" / "flower_photos.tgz"


def test_flowers_from_keras_cache_are_streamed_and_train(keras_home, monkeypatch):
    import keras

    from cnnviz.calc.specs import parse_spec
    from cnnviz.training.run import TrainingRun, TrainSettings

    (keras_home / "datasets").mkdir(parents=True)
    make_flower_photos(keras_home / "datasets" / "flower_photos.tgz")
    monkeypatch.setattr(downloads.urllib.request, "urlopen", lambda *a, **k: pytest.fail("downloaded a cached file"))
    data = datasets.load_dataset("flowers")
    assert isinstance(data, datasets.FolderData)
    assert data.input_shape == (180, 180, 3)  # the tutorial's img_height, img_width
    assert data.class_names == ["daisy", "dandelion", "roses", "sunflowers", "tulips"]
    assert data.counts == {name: 6 for name in flowers.FLOWER_CLASSES} and (data.n_train, data.n_val) == (24, 6)
    assert (flowers.unpacked_path() / "flower_photos" / "roses").is_dir()  # where get_file unpacked it
    small = datasets.load_dataset("flowers", image_size=16)  # unpacked once: reused
    spec = parse_spec({"input_shape": [16, 16, 3], "layers": [{"type": "Conv2D", "filters": 4, "kernel_size": 3},
                                                              {"type": "Flatten"}, {"type": "Dense", "units": 5}]})
    run = TrainingRun(spec, small, TrainSettings(epochs=2, batch_size=8, seed=0))
    result = run.run()
    x, y = small.val_arrays()
    assert x.shape == (6, 16, 16, 3) and result.n_val == 6
    loss, accuracy = run.model.evaluate(x, y, verbose=0)
    assert result.val_accuracy == pytest.approx(accuracy, abs=1e-6)
    assert result.history[-1]["val_loss"] == pytest.approx(loss, rel=1e-5)
    assert isinstance(keras.utils.get_file, object)


def test_a_damaged_flowers_archive_is_a_sentence(keras_home):
    (keras_home / "datasets").mkdir(parents=True)
    (keras_home / "datasets" / "flower_photos.tgz").write_bytes(b"not a tar at all")
    with pytest.raises(SettingError) as err:
        flowers.fetch_flowers()
    assert err.value.key == "training.err.bad_cache"
    assert "flower_photos.tgz" in str(err.value)
