"""Training-data statistics: shape images pass, photos given to the shapes model are called unlike its data."""
import numpy as np
import pytest
from PIL import Image, ImageOps

from cnnviz.errors import SettingError
from cnnviz.images import list_samples, load_sample
from cnnviz.models import datastats
from cnnviz.training.datasets import make_shapes


@pytest.fixture(scope="module")
def shapes_stats():
    images, _ = make_shapes(1500, 64, seed=0)  # (N, 64, 64, 3) uint8, as the shipped model was trained
    return datastats.reference_stats(images)


def photo(name: str, size: int = 64) -> np.ndarray:
    return np.asarray(ImageOps.fit(load_sample(name).convert("RGB"), (size, size), Image.Resampling.LANCZOS))


def test_new_shape_images_are_rarely_flagged(shapes_stats):
    images, _ = make_shapes(400, 64, seed=7)
    flagged = np.mean([datastats.distance(im, shapes_stats) > shapes_stats["threshold"] for im in images])
    assert flagged <= 0.02  # the threshold is the 99.5th percentile of the training images' distances


@pytest.mark.parametrize("name", list_samples())
def test_every_sample_photo_is_unlike_the_shapes(shapes_stats, name):
    assert datastats.distance(photo(name), shapes_stats) > shapes_stats["threshold"]


def test_features_of_known_images():
    flat = np.full((8, 8, 3), 100, np.uint8)
    assert datastats.image_features(flat).tolist() == [100.0, 0.0, 0.0, 1.0, 0.0]
    stripes = np.zeros((8, 8, 1), np.uint8)
    stripes[:, ::2] = 255
    mean, spread, texture, flat_share, saturation = datastats.image_features(stripes)
    assert (mean, spread, texture, flat_share, saturation) == (127.5, 127.5, 127.5, 0.5, 0.0)


def test_stats_survive_json_and_are_checked(shapes_stats):
    import json

    back = datastats.check_stats(json.loads(json.dumps(shapes_stats)))
    assert back["threshold"] == shapes_stats["threshold"] and back["size"] == [64, 64]
    for broken in ({**shapes_stats, "mean": [1, 2]}, {**shapes_stats, "threshold": -1},
                   {**shapes_stats, "features": ["mean"]}, {**shapes_stats, "inverse_covariance": "x"}, [1]):
        with pytest.raises(SettingError):
            datastats.check_stats(broken)


def test_too_few_images_for_statistics():
    with pytest.raises(ValueError):
        datastats.reference_stats(np.zeros((5, 8, 8, 3), np.uint8))
