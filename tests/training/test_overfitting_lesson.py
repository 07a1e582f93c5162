"""The lesson's steps 9–10 offline: on few_shapes the flowers model overfits, with augmentation and Dropout it does not.

The settings are the lesson links' (bench/overfitting_lesson.py prints the same runs with times).
"""
from __future__ import annotations

import pytest

from cnnviz.presets import load_preset
from cnnviz.training.datasets import load_dataset
from cnnviz.training.evaluation import compare_runs, overfitting
from cnnviz.training.run import TrainingRun, TrainSettings

LESSON = {"epochs": 20, "batch_size": 32, "seed": 0}


@pytest.fixture(scope="module")
def histories():
    data = load_dataset("few_shapes")  # 800 training / 200 validation images, 64×64
    assert (data.n_train, data.n_val, data.input_shape) == (800, 200, (64, 64, 3))
    return {preset: TrainingRun(load_preset(preset), data, TrainSettings(**LESSON)).run().history
            for preset in ("tf_flowers", "tf_flowers_augmented")}


@pytest.mark.slow
def test_augmentation_and_dropout_close_the_gap_and_generalise_better(histories):
    plain, augmented = histories["tf_flowers"][-1], histories["tf_flowers_augmented"][-1]
    gap_plain = plain["accuracy"] - plain["val_accuracy"]
    gap_augmented = augmented["accuracy"] - augmented["val_accuracy"]
    assert gap_plain >= 0.10, f"the plain model should overfit: {plain}"
    assert gap_augmented <= gap_plain / 2, f"augmentation and Dropout should halve the gap: {augmented}"
    assert augmented["val_accuracy"] > plain["val_accuracy"]


@pytest.mark.slow
def test_the_page_reads_the_two_runs_as_the_tutorial_does(histories):
    note = overfitting(histories["tf_flowers"])
    assert note is not None and note["reason"] == "gap" and note["points"] >= 10
    assert overfitting(histories["tf_flowers_augmented"]) is None
    found = compare_runs(histories["tf_flowers"], histories["tf_flowers_augmented"], ("A", "B"))
    assert found["key"] == "training.compare.one_overfits" and found["values"]["overfit"] == "A"
    assert found["val_key"] == "training.compare.val_higher" and found["val_values"]["better"] == "B"
