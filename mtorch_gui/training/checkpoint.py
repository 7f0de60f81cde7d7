"""Checkpoints: a run's weights, optimiser and scheduler state, history, position and model spec in one
safetensors file written by ``mtorch.save`` (atomic, no pickle). ``resume`` rebuilds a Trainer that
continues exactly where the saved run stopped."""

from __future__ import annotations

from dataclasses import dataclass

import mtorch
from mtorch_gui.model.spec import ModelSpec

from .config import TrainingConfig
from .engine import Trainer, TrainingError

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
    try:
        saved = mtorch.load(path)
    except (OSError, ValueError) as error:
        raise CheckpointError(f"Cannot read the checkpoint {path}: {error}") from error
    if not isinstance(saved, dict) or saved.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not a training checkpoint (it holds no {FORMAT!r} marker).")
    if saved.get("format_version", 0) > FORMAT_VERSION:
        raise CheckpointError(f"{path} was written by a newer version (checkpoint format "
                              f"{saved['format_version']}, this one reads {FORMAT_VERSION}).")
    try:
        spec = ModelSpec.from_json(saved["spec"])
        config = TrainingConfig.from_dict(saved["config"])
        state = {k: saved[k] for k in ("model", "optimizer", "scheduler", "history", "position", "rng_state")}
    except (KeyError, TypeError, ValueError) as error:
        raise CheckpointError(f"The checkpoint {path} is damaged: {error!r}") from error
    return Checkpoint(spec, config, state)


def resume(checkpoint: Checkpoint, data=None, **callbacks) -> Trainer:
    """A Trainer at the checkpoint's position; ``callbacks`` as Trainer's keyword arguments."""
    trainer = Trainer(checkpoint.spec, checkpoint.config, data=data, **callbacks)
    try:
        trainer.load_state_dict(checkpoint.state)
    except (KeyError, TypeError, ValueError, RuntimeError) as error:
        raise TrainingError(f"The checkpoint's state does not fit its model: {error}") from error
    return trainer
