"""What a trained model learned: held-out accuracy and loss, confusion matrix, mistakes, overfitting, exports.

All numbers come from one `model.predict` over the validation images; the loss is the same
sparse categorical cross-entropy Keras reports (mean of −log p(true class)). Keras is imported
inside functions only.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass

import numpy as np

from cnnviz.calc.activations import softmax
from cnnviz.training.datasets import ImageData

OVERFIT_GAP = 0.10  # training accuracy above validation accuracy by this much …
OVERFIT_RISE = 0.05  # … or validation loss this far (relative) above its best, while training loss fell


@dataclass
class Result:
    """The held-out numbers of a finished (or stopped) run."""

    val_loss: float
    val_accuracy: float
    confusion: np.ndarray  # (K, K) counts, rows = true class, columns = predicted
    mistakes: list[tuple[int, int, int, float]]  # (validation index, true, predicted, probability)
    history: list[dict]
    overfitting: dict | None  # see `overfitting()`
    n_train: int
    n_val: int


def predict_probs(model, images: np.ndarray, logits: bool = True, batch_size: int = 256) -> np.ndarray:
    """Class probabilities ``(N, K)`` for uint8 images ``(N, H, W, C)`` (softmax applied to logits)."""
    out = np.asarray(model.predict(images, batch_size=batch_size, verbose=0), dtype=np.float64)  # (N, K)
    return softmax(out) if logits else out


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, k: int) -> np.ndarray:
    """Counts ``(K, K)``: row = true class, column = predicted class."""
    return np.bincount(y_true * k + y_pred, minlength=k * k).reshape(k, k)


def overfitting(history: list[dict]) -> dict | None:
    """A note when validation diverges from training, as the tutorial's curves show; else None.

    Returns ``{"gap": train − val accuracy, "val_loss_rise": relative rise of val_loss over its best}``.
    """
    rows = [r for r in history if "val_accuracy" in r and "val_loss" in r]
    if len(rows) < 2:
        return None
    last = rows[-1]
    gap = last["accuracy"] - last["val_accuracy"]
    best = min(r["val_loss"] for r in rows)
    rise = (last["val_loss"] - best) / max(best, 1e-9)
    train_fell = last["loss"] < rows[0]["loss"]
    if gap > OVERFIT_GAP or (rise > OVERFIT_RISE and train_fell and last["loss"] < last["val_loss"]):
        return {"gap": round(gap, 3), "val_loss_rise": round(rise, 3)}
    return None


def evaluate(model, data: ImageData, logits: bool, history: list[dict], max_mistakes: int = 16) -> Result:
    """Held-out accuracy and loss, the confusion matrix and the most confident mistakes."""
    probs = predict_probs(model, data.x_val, logits)  # (M, K)
    y = data.y_val.astype(np.int64)
    pred = probs.argmax(axis=1)
    p_true = probs[np.arange(len(y)), y]
    loss = float(np.mean(-np.log(np.clip(p_true, 1e-7, 1.0))))
    wrong = np.flatnonzero(pred != y)
    wrong = wrong[np.argsort(-probs[wrong, pred[wrong]])][:max_mistakes]  # most confident first
    mistakes = [(int(i), int(y[i]), int(pred[i]), float(probs[i, pred[i]])) for i in wrong]
    return Result(val_loss=loss, val_accuracy=float(np.mean(pred == y)),
                  confusion=confusion_matrix(y, pred, data.num_classes), mistakes=mistakes,
                  history=history, overfitting=overfitting(history),
                  n_train=len(data.x_train), n_val=len(data.x_val))


def history_csv(history: list[dict]) -> str:
    """The history as CSV: epoch, loss, accuracy, val_loss, val_accuracy, seconds."""
    out = io.StringIO()
    writer = csv.DictWriter(out, ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds"],
                            extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(history)
    return out.getvalue()


def export_keras(model) -> bytes:
    """The model as a ``.keras`` file (architecture, weights, optimizer state)."""
    fd, path = tempfile.mkstemp(suffix=".keras")
    os.close(fd)
    try:
        model.save(path)
        with open(path, "rb") as f:
            return f.read()
    finally:
        os.unlink(path)


def to_input(image, input_shape: tuple[int, int, int]) -> np.ndarray:
    """A PIL image cropped and resized to the model's input: uint8 ``(H, W, C)``, C = 1 (grey) or 3."""
    from PIL import ImageOps

    h, w, c = input_shape
    image = image.convert("L" if c == 1 else "RGB")
    fitted = ImageOps.fit(image, (w, h))
    pixels = np.asarray(fitted, dtype=np.uint8)  # (H, W) or (H, W, 3)
    return pixels[..., None] if c == 1 else pixels
