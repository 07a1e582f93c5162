"""How much one class may hold: members, images per learner, and the disk its images take (one class and all classes).

Read from the environment once per `open_room` (a school's IT person sets them in the compose file):
``CNNVIZ_CLASS_MAX_MEMBERS`` (default 200), ``CNNVIZ_CLASS_IMAGES_PER_MEMBER`` (100),
``CNNVIZ_CLASS_MAX_MB`` (256 MB of images per class) and ``CNNVIZ_CLASSES_MAX_MB`` (2048 MB for all
classes together). Images are re-encoded to at most `image_side` pixels a side before they count.
"""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class ClassLimits:
    max_members: int = 200
    images_per_member: int = 100
    class_bytes: int = 256 * 2**20
    total_bytes: int = 2048 * 2**20
    image_side: int = 256  # the longer side of a stored image, in pixels (enough for 64–180 px training inputs)


def _int_env(name: str, default: int, scale: int = 1) -> int:
    try:
        return max(1, int(os.environ.get(name, ""))) * scale
    except ValueError:
        return default


def class_limits_from_env() -> ClassLimits:
    d = ClassLimits()
    return ClassLimits(max_members=_int_env("CNNVIZ_CLASS_MAX_MEMBERS", d.max_members),
                       images_per_member=_int_env("CNNVIZ_CLASS_IMAGES_PER_MEMBER", d.images_per_member),
                       class_bytes=_int_env("CNNVIZ_CLASS_MAX_MB", d.class_bytes, 2**20),
                       total_bytes=_int_env("CNNVIZ_CLASSES_MAX_MB", d.total_bytes, 2**20))
