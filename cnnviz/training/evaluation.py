"""What a trained model learned: held-out accuracy and loss, confusion matrix, mistakes, overfitting, exports.

All numbers come from `model.predict` over the validation images, batch by batch (a streamed
folder is never held whole); the loss is the same sparse categorical cross-entropy Keras reports
(mean of −log p(true class)).

Overfitting is read from the history as a teacher reads the tutorial's curves (`overfitting`):
training accuracy at least `OVERFIT_GAP` (10 points) above validation accuracy at the last epoch,
or validation loss well above its lowest (`OVERFIT_RISE`, for at least `OVERFIT_RISE_EPOCHS`
epochs) while training loss kept falling and the accuracies part by `OVERFIT_RISE_GAP` (5 points)
or more — a 1-point gap is never called overfitting. `compare_runs` words two runs side by side
(the plain model and the one with augmentation and Dropout). Both return keys and numbers; the
page translates them (``training.result.overfit_*``, ``training.compare.*``).
Keras is imported inside functions only.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass, field

import numpy as np

from cnnviz.calc.activations import softmax
from cnnviz.training.pipeline import FolderData, ImageData

OVERFIT_GAP = 0.10  # training accuracy above validation accuracy by at least this at the last epoch …
OVERFIT_RISE = 0.25  # … or validation loss this far (relative) above its lowest,
OVERFIT_RISE_EPOCHS = 2  # that lowest at least this many epochs before the last, training loss lower since,
OVERFIT_RISE_GAP = 0.05  # and the accuracies at least this far apart


@dataclass
class Result:
    """The held-out numbers of a finished (or stopped) run."""

    val_loss: float
    val_accuracy: float
    confusion: np.ndarray  # (K, K) counts, rows = true class, columns = predicted
    mistakes: list[tuple[int, int, int, float]]  # (validation index, true, predicted, probability)
    history: list[dict]
    overfitting: dict | None  # see `overfitting.overfitting()`
    n_train: int
    n_val: int
    events: list[dict] = field(default_factory=list)  # LR drops, early stop, best epoch (`callbacks`)
    mistake_images: np.ndarray | None = None  # (m, H, W, C) uint8, the images of `mistakes`, in order


def predict_probs(model, images: np.ndarray, logits: bool = True, batch_size: int = 256) -> np.ndarray:
    """Class probabilities ``(N, K)`` for uint8 images ``(N, H, W, C)`` (softmax applied to logits)."""
    out = np.asarray(model.predict(images, batch_size=batch_size, verbose=0), dtype=np.float64)  # (N, K)
    return softmax(out) if logits else out


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, k: int) -> np.ndarray:
    """Counts ``(K, K)``: row = true class, column = predicted class."""
    return np.bincount(y_true * k + y_pred, minlength=k * k).reshape(k, k)


def _rows(history: list[dict]) -> list[dict]:
    keys = ("loss", "accuracy", "val_loss", "val_accuracy")
    return [r for r in history if all(r.get(k) is not None for k in keys)]


def points(fraction: float) -> int:
    """A difference of accuracies in percentage points: 0.187 → 19."""
    return int(round(100 * fraction))


def overfitting(history: list[dict]) -> dict | None:
    """The overfitting note's numbers when the history shows it (module docstring), else None.

    ``{"reason": "gap" | "val_loss", "epoch", "accuracy", "val_accuracy", "gap" (a fraction),
    "points" (the gap in points), "val_loss", "best_epoch", "best_val_loss", "val_loss_rise" (relative)}``
    — e.g. "training 98 %, validation 79 %: a 19-point gap" (``training.result.overfit_gap``).
    """
    rows = _rows(history)
    if len(rows) < 2:
        return None
    last = rows[-1]
    gap = last["accuracy"] - last["val_accuracy"]
    at = min(range(len(rows)), key=lambda i: rows[i]["val_loss"])  # the lowest validation loss (first of equals)
    best = rows[at]
    rise = (last["val_loss"] - best["val_loss"]) / max(best["val_loss"], 1e-9)
    if gap >= OVERFIT_GAP - 1e-9:  # 0.95 − 0.85 is 0.0999… in floats: still ten points
        reason = "gap"
    elif (rise >= OVERFIT_RISE and len(rows) - 1 - at >= OVERFIT_RISE_EPOCHS and last["loss"] < best["loss"]
          and gap >= OVERFIT_RISE_GAP):
        reason = "val_loss"
    else:
        return None
    return {"reason": reason, "epoch": int(last["epoch"]), "accuracy": last["accuracy"],
            "val_accuracy": last["val_accuracy"], "gap": round(gap, 3), "points": points(gap),
            "val_loss": last["val_loss"], "best_epoch": int(best["epoch"]), "best_val_loss": best["val_loss"],
            "val_loss_rise": round(rise, 3)}


def gap_course(history: list[dict], start: int | None = None) -> dict:
    """How one run's accuracy gap went: ``{"epochs", "accuracy", "val_accuracy", "points" (last epoch),
    "max_points", "since", "mean_points"}``. ``since`` is the first epoch from which the gap stayed at
    `OVERFIT_GAP` or more up to the last (None if the last epoch is below it); ``mean_points`` is the
    mean gap from epoch `start` (default ``since``, else the first) to the last — one epoch's validation
    accuracy on a small set jumps by several points, a mean over epochs does not."""
    rows = _rows(history)
    if not rows:
        raise ValueError("a history with accuracy and val_accuracy is needed")
    gaps = [r["accuracy"] - r["val_accuracy"] for r in rows]
    since = None
    for r, g in zip(reversed(rows), reversed(gaps)):
        if g < OVERFIT_GAP - 1e-9:
            break
        since = int(r["epoch"])
    start = start or since or int(rows[0]["epoch"])
    window = [g for r, g in zip(rows, gaps) if r["epoch"] >= start] or gaps[-1:]
    return {"epochs": len(rows), "accuracy": rows[-1]["accuracy"], "val_accuracy": rows[-1]["val_accuracy"],
            "points": points(gaps[-1]), "max_points": points(max(gaps)), "since": since,
            "mean_points": points(sum(window) / len(window))}


def compare_runs(history_a: list[dict], history_b: list[dict], names: tuple[str, str] = ("A", "B")) -> dict:
    """Two runs side by side, as keys and numbers for the page to word (``training.compare.*``).

    ``{"key", "values", "val_key", "val_values", "a": gap_course(a), "b": gap_course(b)}``. When only run A
    overfits: key ``training.compare.one_overfits`` with ``{"overfit": "A", "points": 19, "since": 6,
    "steady": "B", "steady_points": 2, "mean": 3}`` — "After epoch 6 run A's gap grows to 19 points;
    run B's validation accuracy stays close to its training accuracy: 3 points apart on average over
    the same epochs, 2 at the last." ``val_key`` says which run reaches the higher validation accuracy.
    """
    a, b = gap_course(history_a), gap_course(history_b)
    runs = {names[0]: (a, history_a), names[1]: (b, history_b)}
    over = [name for name, (c, _) in runs.items() if c["since"] is not None]
    if len(over) == 1:
        steady = next(name for name in names if name not in over)
        bad = runs[over[0]][0]
        good = gap_course(runs[steady][1], start=bad["since"])
        key, values = "training.compare.one_overfits", {
            "overfit": over[0], "points": bad["points"], "since": bad["since"],
            "steady": steady, "steady_points": good["points"], "mean": good["mean_points"]}
    elif over:
        key, values = "training.compare.both_overfit", {"a": names[0], "b": names[1], "points_a": a["points"],
                                                       "points_b": b["points"]}
    else:
        key, values = "training.compare.neither", {"a": names[0], "b": names[1], "points_a": a["points"],
                                                   "points_b": b["points"]}
    diff = points(b["val_accuracy"] - a["val_accuracy"])
    if diff == 0:
        val_key, val_values = "training.compare.val_same", {"a": names[0], "b": names[1], "val": a["val_accuracy"]}
    else:
        better, worse = (names[1], names[0]) if diff > 0 else names
        val_key, val_values = "training.compare.val_higher", {
            "better": better, "worse": worse, "val_better": runs[better][0]["val_accuracy"],
            "val_worse": runs[worse][0]["val_accuracy"], "points": abs(diff)}
    return {"key": key, "values": values, "val_key": val_key, "val_values": val_values, "a": a, "b": b}


def evaluate(model, data: ImageData | FolderData, logits: bool, history: list[dict], max_mistakes: int = 16,
             events: list[dict] = (), batch_size: int = 256) -> Result:
    """Held-out accuracy and loss, the confusion matrix and the most confident mistakes, batch by batch."""
    k = data.num_classes
    confusion = np.zeros((k, k), np.int64)
    log_loss, n = 0.0, 0
    kept: list[tuple[float, int, int, int, np.ndarray]] = []  # (probability, index, true, predicted, image)
    for images, labels in data.val_batches(batch_size):
        probs = predict_probs(model, images, logits, batch_size)  # (B, K)
        y = labels.astype(np.int64)
        pred = probs.argmax(axis=1)
        log_loss += float(np.sum(-np.log(np.clip(probs[np.arange(len(y)), y], 1e-7, 1.0))))
        confusion += confusion_matrix(y, pred, k)
        for i in np.flatnonzero(pred != y):
            kept.append((float(probs[i, pred[i]]), n + int(i), int(y[i]), int(pred[i]), images[i]))
        kept = sorted(kept, key=lambda m: (-m[0], m[1]))[:max_mistakes]  # most confident first
        n += len(y)
    mistakes = [(i, true, p, prob) for prob, i, true, p, _ in kept]
    pictures = np.stack([m[4] for m in kept]) if kept else None  # (m, H, W, C)
    return Result(val_loss=log_loss / max(n, 1), val_accuracy=float(np.trace(confusion)) / max(n, 1),
                  confusion=confusion, mistakes=mistakes, history=history, overfitting=overfitting(history),
                  n_train=data.n_train, n_val=data.n_val, events=list(events), mistake_images=pictures)


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
