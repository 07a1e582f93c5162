"""A stored run at any epoch: the conv kernels as they were, and a Keras model rebuilt from the snapshots.

What `model_at(store, run_id, owner, epoch)` returns — a `keras.Model` built from the run's stored
training spec (uncompiled: ``predict`` works, ``fit`` needs ``compile``) whose weights are:
1. the final ``model.keras``'s weights when `epoch` is the epoch it was saved at (the run's last);
2. else the whole-model snapshot of `epoch` when one was kept (``epoch_NNNN.weights.npz``): exact;
3. else the nearest earlier whole-model snapshot, with the first and last Conv2D layers' kernels and
   biases of `epoch` itself put in (``epoch_NNNN.kernels.npz``): those two layers are exact, the
   other layers are as they were at that earlier epoch.
`source_at` says which case applies (``{"epoch", "weights_from", "kernels_from", "exact"}``), so a
page can say so. `kernels_at` reads the stored arrays only and builds no model.
"""
from __future__ import annotations

from cnnviz.errors import SettingError
from cnnviz.runs import files


def _check_epoch(record, epoch) -> int:
    if isinstance(epoch, bool) or not isinstance(epoch, int) or not 1 <= epoch <= record.epochs_done:
        raise SettingError("runs.err.epoch", epoch=str(epoch)[:20], done=record.epochs_done)
    return epoch


def _by_epoch(store, run_id: str, owner: str) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {}
    for snap in store.snapshots(run_id, owner):
        found.setdefault(snap["epoch"], {})[snap["kind"]] = snap["filename"]
    return found


def _read(store, run_id: str, filename: str):
    try:
        return files.read_arrays(store.folder(run_id) / filename)
    except (OSError, ValueError, KeyError) as err:  # missing or damaged file
        raise SettingError("runs.err.snapshot", id=run_id, reason=f"{filename}: {type(err).__name__}") from None


def source_at(store, run_id: str, owner: str, epoch: int) -> dict:
    """Where `model_at` takes the weights of `epoch` from: ``weights_from`` is an epoch number or ``"model"``."""
    record = store.require(run_id, owner)
    _check_epoch(record, epoch)
    snaps = _by_epoch(store, run_id, owner)
    if "model" in snaps.get(epoch, {}) and record.has_model:
        return {"epoch": epoch, "weights_from": "model", "kernels_from": epoch, "exact": True}
    full = [e for e, kinds in snaps.items() if "weights" in kinds and e <= epoch]
    if not full:
        raise SettingError("runs.err.snapshot", id=run_id, reason=f"no whole-model snapshot up to epoch {epoch}")
    start = max(full)
    return {"epoch": epoch, "weights_from": start, "kernels_from": epoch, "exact": start == epoch}


def kernels_at(store, run_id: str, owner: str, epoch: int) -> dict[str, dict]:
    """``{layer name: {"kernel": (kh, kw, C_in, filters), "bias": (filters,)}}`` of the first and last
    Conv2D layers at the end of `epoch`, as stored (empty for a model without Conv2D)."""
    record = store.require(run_id, owner)
    _check_epoch(record, epoch)
    kinds = _by_epoch(store, run_id, owner).get(epoch, {})
    filename = kinds.get("kernels") or kinds.get("weights")
    if filename is None:
        raise SettingError("runs.err.snapshot", id=run_id, reason=f"no snapshot of epoch {epoch}")
    arrays, convs = _read(store, run_id, filename)
    out = {}
    for name in convs:
        out[name] = {part: arrays[key] for part in ("kernel", "bias")
                     if (key := _key(arrays, name, part)) is not None}
    return out


def _key(arrays: dict, layer: str, part: str) -> str | None:
    """The snapshot key of `layer`'s `part` (``conv2d/kernel``, or ``outer/conv2d/kernel`` in a nested model)."""
    return next((k for k in arrays if k == f"{layer}/{part}" or k.endswith(f"/{layer}/{part}")), None)


def model_at(store, run_id: str, owner: str, epoch: int):
    """The run's model with its weights at the end of `epoch` (the module docstring says exactly which)."""
    from cnnviz.calc.specs import parse_spec
    from cnnviz.models.build import build_model
    from cnnviz.runs.recorder import weight_keys

    record = store.require(run_id, owner)
    source = source_at(store, run_id, owner, epoch)
    model = build_model(parse_spec(record.spec))
    if source["weights_from"] == "model":
        try:
            model.load_weights(str(store.folder(run_id) / files.MODEL_FILE))
        except (OSError, ValueError) as err:
            raise SettingError("runs.err.snapshot", id=run_id, reason=f"{files.MODEL_FILE}: {type(err).__name__}") from None
        return model
    arrays, _ = _read(store, run_id, files.snapshot_name(source["weights_from"], "weights"))
    _assign(model, weight_keys(model), arrays, run_id, strict=True)
    if not source["exact"]:
        swap, _ = _read(store, run_id, files.snapshot_name(epoch, "kernels"))
        _assign(model, weight_keys(model), swap, run_id, strict=False)
    return model


def _assign(model, keys: list[str], arrays: dict, run_id: str, strict: bool) -> None:
    """Set each variable whose key is in `arrays`; with `strict`, every variable must be there, shapes equal."""
    for key, variable in zip(keys, model.weights):
        if key not in arrays:
            if strict:
                raise SettingError("runs.err.snapshot", id=run_id, reason=f"{key} is not in the snapshot")
            continue
        value = arrays[key]
        if tuple(value.shape) != tuple(variable.shape):
            raise SettingError("runs.err.snapshot", id=run_id, reason=f"{key} has shape {tuple(value.shape)}")
        variable.assign(value)
