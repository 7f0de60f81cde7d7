"""Checkpoints: a run's weights, optimiser and scheduler state, history, position and model spec in one
safetensors file written by ``mtorch.save`` (atomic, no pickle). ``resume`` rebuilds a Trainer that
continues exactly where the saved run stopped."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

import mtorch
from mtorch_gui.model.catalog import short_repr
from mtorch_gui.model.spec import ModelSpec

from .config import TrainingConfig
from .engine import Trainer, TrainingError
from .history import History, is_record

FORMAT = "mtorch_gui.checkpoint"
# 2: the history's gradient-norm series are named by layer numbers counted from 1 ("2 Linear"), as people read
# them; 1: named from 0 ("1 Linear" for that layer) by the first writers, from 1 by later ones (migrated on load)
FORMAT_VERSION = 2


class CheckpointError(ValueError):
    """A file that is not a usable checkpoint; the message names the file and the problem."""


@dataclass
class Checkpoint:
    spec: object  # ModelSpec
    config: TrainingConfig  # the settings the run was started with
    state: dict  # Trainer.state_dict()

    @property
    def lr(self) -> float:
        """The learning rate the run was using when it was saved (a scheduler's or a live change's, not
        necessarily ``config.lr``)."""
        return float(self.state["optimizer"]["param_groups"][0]["lr"])

    @property
    def position(self) -> tuple[int, int]:
        """(epochs done, batches done in the next one)."""
        return self.state["position"]["epoch"], self.state["position"]["batch"]

    @property
    def history(self) -> History:
        return History.from_dict(self.state["history"])


def save_checkpoint(path, trainer: Trainer):
    mtorch.save({
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "spec": trainer.spec.to_json(),
        "config": trainer.config.to_dict(),
        **trainer.state_dict(),
    }, path)


def load_checkpoint(path) -> Checkpoint:
    """Read a checkpoint; any problem raises CheckpointError naming the file and what is wrong with it."""
    try:
        saved = mtorch.load(path)
    except (OSError, ValueError) as error:
        raise CheckpointError(f"Cannot read the checkpoint {path}: {error}") from error
    if not isinstance(saved, dict) or not isinstance(saved.get("format"), str) or saved["format"] != FORMAT:
        raise CheckpointError(f"{path} is not a training checkpoint (it holds no {FORMAT!r} marker).")
    version = saved.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise CheckpointError(f"The checkpoint {path} is damaged: its format_version is {short_repr(version)}, "
                              f"not a version number.")
    if version > FORMAT_VERSION:
        raise CheckpointError(f"{path} was written by a newer version (checkpoint format {version}, this one "
                              f"reads {FORMAT_VERSION}).")
    try:
        if not isinstance(saved.get("spec"), str):
            raise ValueError(f"its spec is {short_repr(saved.get('spec'))}, not a model description")
        spec = ModelSpec.from_json(saved["spec"])
        result = spec.validate()
        if not result.ok or result.total_params == 0:   # no run could have saved it
            raise ValueError(f"its model cannot be trained: {result.first_error or 'it has no parameters'}")
        config = TrainingConfig.from_dict(saved.get("config"))
        state = {key: saved.get(key) for key in STATE_KEYS}
        _check_state(state)
        if version == 1:
            state["history"] = {**state["history"], "grad_norms": _layers_from_1(state["history"]["grad_norms"],
                                                                                  result)}
    except ValueError as error:
        raise CheckpointError(f"The checkpoint {path} is damaged: {error}") from None
    return Checkpoint(spec, config, state)


STATE_KEYS = ("model", "optimizer", "scheduler", "history", "position", "rng_state")


def _check_state(state: dict):
    """Raise ValueError naming the first part of a Trainer's state that does not have the shape
    ``Trainer.state_dict`` gives it (values that fit the model are checked when it loads them)."""
    def need(ok, what):
        if not ok:
            raise ValueError(what)

    need(isinstance(state["model"], dict) and all(isinstance(v, mtorch.Tensor) for v in state["model"].values()),
         "its model weights are not a dict of tensors")
    optimizer = state["optimizer"]
    need(isinstance(optimizer, dict) and isinstance(optimizer.get("state"), dict)
         and isinstance(optimizer.get("param_groups"), list) and optimizer["param_groups"]
         and all(isinstance(g, dict) and isinstance(g.get("params"), list) and _is_finite(g.get("lr")) and g["lr"] > 0
                 for g in optimizer["param_groups"]),
         "its optimiser state is not an optimiser's state_dict")
    need(isinstance(state["scheduler"], dict), "its scheduler state is not a dict")
    History.from_dict(state["history"])
    position = state["position"]
    need(isinstance(position, dict) and all(_is_count(position.get(k)) for k in ("epoch", "batch"))
         and isinstance(position.get("epoch_sums"), np.ndarray) and position["epoch_sums"].shape == (3,)
         and position["epoch_sums"].dtype.kind == "f"
         and (position.get("pending_record") is None or is_record(position["pending_record"]))
         and (position.get("seconds") is None or _is_finite(position["seconds"]) and position["seconds"] >= 0),
         "its position (epoch, batch, sums so far) is damaged")
    rng = state["rng_state"]
    need(isinstance(rng, dict) and isinstance(rng.get("bit_generator"), str) and rng["bit_generator"] == "PCG64"
         and isinstance(rng.get("state"), dict)
         and set(rng["state"]) == {"state", "inc"} and all(_is_int(v, 2 ** 128) for v in rng["state"].values())
         and _is_int(rng.get("has_uint32"), 2) and _is_int(rng.get("uinteger"), 2 ** 32),
         "its random generator state is damaged")


def _layers_from_1(grad_norms: dict, validation) -> dict:
    """A version-1 history's gradient-norm series ("<layer number> <type>": norms) with their layers numbered from
    1. Which numbering a version-1 file used shows in its model: from 0 when the names' numbers plus one are
    exactly its layers with parameters (the two numberings never name the same layers)."""
    numbered = {}
    for key in grad_norms:
        number, _, kind = key.partition(" ")
        if not number.isdigit():
            return grad_norms
        numbered[key] = (int(number), kind)
    weighted = {i + 1 for i, layer in enumerate(validation.layers) if layer.params > 0}
    if {number + 1 for number, _ in numbered.values()} != weighted:
        return grad_norms  # numbered from 1 already
    return {f"{number + 1} {kind}": grad_norms[key] for key, (number, kind) in numbered.items()}


def _is_finite(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_int(value, end) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < end


def _is_count(value) -> bool:
    return _is_int(value, 2 ** 63)


def resume(checkpoint: Checkpoint, data=None) -> Trainer:
    """A Trainer at the checkpoint's position.

    The saved model, optimiser and scheduler state must have the form a new run of the same spec and
    settings has (the same keys, tensors of the same shapes, numbers where numbers go, ...), else
    TrainingError says which part does not fit and nothing is loaded.
    """
    trainer = Trainer(checkpoint.spec, checkpoint.config, data=data)
    state, fresh = checkpoint.state, trainer.state_dict()
    try:
        _check_fits(state["model"], fresh["model"], "model")
        _check_fits(state["optimizer"]["param_groups"], fresh["optimizer"]["param_groups"], "optimizer")
        _check_optimizer_state(state["optimizer"]["state"], trainer.model.parameters())
        _check_fits(state["scheduler"], fresh["scheduler"], "scheduler")
        trainer.load_state_dict(state)
    except (KeyError, TypeError, ValueError, RuntimeError) as error:
        raise TrainingError(f"The checkpoint's state does not fit its model: {error}") from error
    return trainer


def _check_fits(saved, fresh, where: str):
    """Raise ValueError naming the first place where ``saved`` (read from a file) differs in form from
    ``fresh`` (the same part of a new run): keys, lengths, tensor shapes and dtypes, kinds of value."""
    if isinstance(fresh, dict):
        fits = isinstance(saved, dict) and saved.keys() == fresh.keys()
    elif isinstance(fresh, list | tuple):
        fits = isinstance(saved, list | tuple) and len(saved) == len(fresh)
    elif isinstance(fresh, mtorch.Tensor):
        fits = isinstance(saved, mtorch.Tensor) and saved.shape == fresh.shape and saved.dtype == fresh.dtype
    elif isinstance(fresh, bool) or fresh is None:
        fits = saved is fresh or (isinstance(fresh, bool) and isinstance(saved, bool))
    elif isinstance(fresh, int | float):
        fits = isinstance(saved, int | float) and not isinstance(saved, bool) and math.isfinite(saved)
    else:  # strings (names such as an annealing strategy) follow from the settings
        fits = type(saved) is type(fresh) and saved == fresh
    if not fits:
        raise ValueError(f"{where} holds {short_repr(saved)} where a new run has {short_repr(fresh)}")
    if isinstance(fresh, dict):
        for key in fresh:
            _check_fits(saved[key], fresh[key], f"{where}.{key}")
    elif isinstance(fresh, list | tuple):
        for i, (a, b) in enumerate(zip(saved, fresh)):
            _check_fits(a, b, f"{where}[{i}]")


def _check_optimizer_state(saved: dict, params):
    """Every saved entry belongs to a parameter and holds tensors of its shape (or scalars), None or numbers."""
    shapes = [p.shape for p in params]
    for index, entries in saved.items():
        if not _is_int(index, len(shapes)) or not isinstance(entries, dict):
            raise ValueError(f"optimizer state {short_repr(index)} belongs to no parameter")
        for name, value in entries.items():
            fits = (value is None or (isinstance(value, int | float) and not isinstance(value, bool))
                    or (isinstance(value, mtorch.Tensor) and value.dtype.kind == "f"
                        and value.shape in (shapes[index], ())))
            if not fits:
                raise ValueError(f"optimizer state {index}.{short_repr(name)} holds {short_repr(value)}, "
                                 f"not a tensor of its parameter's shape {tuple(shapes[index])}")
