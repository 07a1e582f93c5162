"""A learner's class folders streamed with tf.data, the on-disk store of archives, and archives from a URL."""
from __future__ import annotations

import http.server
import os
import pickle
import shutil
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from cnnviz.errors import SettingError
from cnnviz.training import folders
from cnnviz.training.downloads import check_url
from cnnviz.training.folders import load_directory, open_directory, open_source, prune_store, store_archive
from cnnviz.training.pipeline import FolderData
from tests.training.helpers import make_tar, write_folder


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNVIZ_DATA_DIR", str(tmp_path / "cnnviz"))
    return tmp_path / "cnnviz"


@pytest.fixture
def flowers(tmp_path) -> Path:
    return write_folder(tmp_path / "flowers", {"roses": 12, "daisy": 8, "tulips": 10}, size=(20, 26), fmt="jpg",
                        learnable=True)


def test_open_directory_counts_like_image_dataset_from_directory(flowers):
    import keras

    data = open_directory(flowers, image_size=(16, 18), validation_split=0.2, seed=7)
    train, val = keras.utils.image_dataset_from_directory(str(flowers), validation_split=0.2, subset="both", seed=7,
                                                          image_size=(16, 18), batch_size=None)
    assert data.class_names == train.class_names == ["daisy", "roses", "tulips"]
    assert (data.n_train, data.n_val) == (len(train.file_paths), len(val.file_paths)) == (24, 6)
    assert data.counts == {"daisy": 8, "roses": 12, "tulips": 10}
    assert data.input_shape == (16, 18, 3)
    assert open_directory(flowers, (16, 16), color_mode="grayscale").input_shape == (16, 16, 1)


def test_streamed_and_array_forms_hold_the_same_images(flowers):
    data = open_directory(flowers, (16, 16), 0.2, seed=7)
    arrays = load_directory(flowers, (16, 16), 0.2, seed=7)
    x, y = data.val_arrays()
    assert x.dtype == np.uint8 and x.shape == (6, 16, 16, 3)
    assert np.array_equal(x, arrays.x_val) and np.array_equal(y, arrays.y_val)
    batches = list(data.val_batches(4))
    assert [len(b[0]) for b in batches] == [4, 2]
    assert np.array_equal(np.concatenate([b[0] for b in batches]), x)
    first = data.samples(5)
    assert first[0].shape == (5, 16, 16, 3) and np.array_equal(first[0], data.samples(5)[0])


@pytest.mark.parametrize("memory_bytes, on_disk", [(128 * 2**20, False), (0, True)])
def test_feed_caches_after_the_first_epoch_in_memory_or_on_disk(flowers, tmp_path, data_dir, memory_bytes, on_disk):
    """cache() → shuffle → batch → prefetch: once read, the pipeline no longer needs the image files."""
    moved = tmp_path / "moved"
    data = open_directory(flowers, (16, 16), 0.2, seed=7)
    data.memory_cache_bytes = memory_bytes
    with data.feed(batch_size=5, seed=0) as feed:
        train, val = feed.fit_kwargs["x"], feed.fit_kwargs["validation_data"]
        assert train.element_spec[0].shape.as_list() == [None, 16, 16, 3]
        epoch1 = [labels for _, labels in train.as_numpy_iterator()]
        assert sum(len(b) for b in epoch1) == 24 and [len(b) for b in epoch1][:4] == [5, 5, 5, 5]
        list(val.as_numpy_iterator())
        cache_files = list((data_dir / "cache").glob("*"))
        assert bool(cache_files) is on_disk
        shutil.move(flowers, moved)  # the files are gone: epoch 2 comes from the cache
        epoch2 = [labels for _, labels in train.as_numpy_iterator()]
        assert sorted(np.concatenate(epoch2)) == sorted(np.concatenate(epoch1))
        assert sum(len(b) for _, b in val.as_numpy_iterator()) == 6
    assert list((data_dir / "cache").glob("*")) == []  # the run's cache files are removed
    shutil.move(moved, flowers)


def test_folder_data_pickles_as_paths_and_numbers(flowers):
    data = open_directory(flowers, (16, 16), 0.2, seed=7)
    x, _ = data.val_arrays()
    copy = pickle.loads(pickle.dumps(data))
    assert copy._datasets is None and copy == data
    assert np.array_equal(copy.val_arrays()[0], x)
    assert len(pickle.dumps(data)) < 2000


@pytest.mark.parametrize("kwargs, error", [
    ({"color_mode": "cmyk"}, "training.err.color_mode"),
    ({"validation_split": 0.01}, "training.err.split"),
    ({"image_size": (3, 3)}, "training.err.image_size"),
])
def test_bad_folder_settings_are_sentences(flowers, kwargs, error):
    with pytest.raises(SettingError) as err:
        open_directory(flowers, **{"image_size": (16, 16), **kwargs})
    assert err.value.key == error


def test_a_split_leaving_one_part_empty_is_a_sentence(tmp_path):
    root = write_folder(tmp_path / "tiny", {"a": 2, "b": 2})
    with pytest.raises(SettingError) as err:
        open_directory(root, (8, 8), 0.05)
    assert err.value.key == "training.err.too_few"


# ---------------------------------------------------------------------------------------------
# The store under data_dir()/datasets


def good_tar(n: int = 4, seed: int = 0) -> bytes:
    from tests.training.helpers import image_bytes

    return make_tar([(f"cell_images/{c}/{i}.png", image_bytes(seed + i + 10 * k, (12, 12)))
                     for k, c in enumerate(("Parasitized", "Uninfected")) for i in range(n)])


def test_an_archive_is_extracted_once_into_the_store(data_dir):
    archive = good_tar()
    first = store_archive(archive)
    assert first.root.parent.parent == data_dir / "datasets" and first.root.name == "cell_images"
    assert first.images == 8 and folders.class_counts(first.root) == {"Parasitized": 4, "Uninfected": 4}
    again = store_archive(archive)  # the same bytes: the same folder, not extracted again
    assert again.root == first.root and again.images == 8
    assert len([d for d in (data_dir / "datasets").iterdir() if d.is_dir()]) == 1


def test_the_store_drops_the_least_recently_used_extractions(data_dir):
    old = store_archive(good_tar(seed=1)).root.parent
    newer = store_archive(good_tar(seed=2)).root.parent
    an_hour_ago = time.time() - 2 * folders.IN_USE_SECONDS
    for d, age in ((old, 100), (newer, 50)):
        os.utime(d / folders.DONE, (an_hour_ago - age, an_hour_ago - age))
    size = folders._size(old)
    latest = store_archive(good_tar(seed=3), max_store_bytes=int(2.5 * size)).root.parent
    assert not old.exists() and newer.exists() and latest.exists()


def test_an_archive_bigger_than_the_store_is_refused(data_dir):
    with pytest.raises(SettingError) as err:
        store_archive(good_tar(), max_store_bytes=100)
    assert err.value.key == "training.err.store_full"
    assert [d for d in (data_dir / "datasets").iterdir() if d.is_dir()] == []


def test_an_extraction_in_use_is_never_removed(data_dir):
    used = store_archive(good_tar(seed=1)).root.parent
    with pytest.raises(SettingError):
        prune_store(max_store_bytes=10)
    assert used.exists()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server(tmp_path):
    served = tmp_path / "www"
    served.mkdir()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: _Quiet(*a, directory=str(served)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield served, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_an_archive_from_a_url_is_downloaded_with_progress_and_opened(server, data_dir):
    served, base = server
    (served / "cell_images.tar.gz").write_bytes(good_tar(n=5))
    calls = []
    data, notices = open_source(f"{base}/cell_images.tar.gz", image_size=(12, 12), validation_split=0.2,
                                progress=lambda done, total: calls.append((done, total)), allow_private=True)
    assert isinstance(data, FolderData) and notices == []
    assert data.name == "cell_images" and data.class_names == ["Parasitized", "Uninfected"]
    assert (data.n_train, data.n_val) == (8, 2)
    assert calls[-1][0] == calls[-1][1] == (served / "cell_images.tar.gz").stat().st_size
    assert not list((data_dir / "datasets").glob(".download-*"))


def test_a_missing_url_is_a_sentence(server):
    _, base = server
    with pytest.raises(SettingError) as err:
        open_source(f"{base}/nothing.zip", allow_private=True)
    assert err.value.key == "training.err.url_failed"
    assert "nothing.zip" in err.value.sentence("ko")


@pytest.mark.parametrize("url, error", [
    ("ftp://example.com/data.zip", "training.err.url"),
    ("file:///etc/passwd", "training.err.url"),
    ("http://127.0.0.1:8501/_stcore/health", "training.err.url"),  # the server's own machine
    ("http://10.0.0.1/data.zip", "training.err.url"),  # its private network
    ("http://[::1]/data.zip", "training.err.url"),
    ("http://user:secret@example.com/data.zip", "training.err.url"),
    ("http://example.com:99999/data.zip", "training.err.url"),
    ("https://" + "a" * 3000 + ".com/x.zip", "training.err.url"),
    ("not a url", "training.err.url"),
])
def test_hostile_urls_are_refused_before_any_connection(url, error):
    with pytest.raises(SettingError) as err:
        check_url(url)
    assert err.value.key == error
    assert "Traceback" not in err.value.sentence("ko")


@pytest.mark.parametrize("kind", ["folder", "path", "bytes"])
def test_open_source_takes_a_folder_an_archive_path_or_bytes(tmp_path, flowers, kind):
    archive = tmp_path / "flowers.tgz"
    archive.write_bytes(make_tar([(f"flowers/{p.relative_to(flowers)}", p.read_bytes())
                                  for p in sorted(flowers.rglob("*.jpg"))]))
    source = {"folder": flowers, "path": archive, "bytes": archive.read_bytes()}[kind]
    data, notices = open_source(source, image_size=(16, 16), validation_split=0.2, seed=7)
    assert data.class_names == ["daisy", "roses", "tulips"] and data.n_train + data.n_val == 30
    assert notices == []
    assert data.name == "flowers"


def test_open_source_refuses_a_path_that_is_not_there(tmp_path):
    with pytest.raises(SettingError) as err:
        open_source(tmp_path / "nowhere")
    assert err.value.key == "training.err.data_path"
