"""Checkpoints: a run's weights, optimiser and scheduler state, history, position and model spec in one
safetensors file written by ``mtorch.save`` (atomic, no pickle). ``resume`` rebuilds a Trainer that
continues exactly where the saved run stopped."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import mtorch
from mtorch_gui.model.catalog import short_repr
from mtorch_gui.model.spec import ModelSpec

from .config import TrainingConfig
from .engine import Trainer, TrainingError
from .history import History, is_record

FORMAT = "mtorch_gui.checkpoint"
FORMAT_VERSION = 1


class CheckpointError(ValueError):
    """A file that is not a usable checkpoint; the message names the file and the problem."""


@dataclass
class Checkpoint:
    spec: object  # ModelSpec
    config: TrainingConfig
    state: dict  # Trainer.state_dict()


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
    if not isinstance(saved, dict) or saved.get("format") != FORMAT:
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
        config = TrainingConfig.from_dict(saved.get("config"))
        state = {key: saved.get(key) for key in STATE_KEYS}
        _check_state(state)
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
         and isinstance(optimizer.get("param_groups"), list)
         and all(isinstance(g, dict) and isinstance(g.get("params"), list) for g in optimizer["param_groups"]),
         "its optimiser state is not an optimiser's state_dict")
    need(isinstance(state["scheduler"], dict), "its scheduler state is not a dict")
    History.from_dict(state["history"])
    position = state["position"]
    need(isinstance(position, dict) and all(_is_count(position.get(k)) for k in ("epoch", "batch"))
         and isinstance(position.get("epoch_sums"), np.ndarray) and position["epoch_sums"].shape == (3,)
         and position["epoch_sums"].dtype.kind == "f"
         and (position.get("pending_record") is None or is_record(position["pending_record"])),
         "its position (epoch, batch, sums so far) is damaged")
    try:
        np.random.PCG64().state = state["rng_state"]
    except (TypeError, ValueError, KeyError) as error:
        raise ValueError(f"its random generator state is damaged ({error})") from None


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2 ** 63


def resume(checkpoint: Checkpoint, data=None, **callbacks) -> Trainer:
    """A Trainer at the checkpoint's position; ``callbacks`` as Trainer's keyword arguments."""
    trainer = Trainer(checkpoint.spec, checkpoint.config, data=data, **callbacks)
    try:
        trainer.load_state_dict(checkpoint.state)
    except (KeyError, TypeError, ValueError, RuntimeError) as error:
        raise TrainingError(f"The checkpoint's state does not fit its model: {error}") from error
    return trainer
