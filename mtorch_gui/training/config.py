"""Training settings: one plain dataclass shared by the engine, the panel and the headless command.

Names are PyTorch's class names (``CrossEntropyLoss``, ``SGD``, ``StepLR``), so a model spec's
``training`` defaults, the settings widgets and ``mtorch-train``'s options all speak the same words.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from mtorch_gui.data import augment, registry
from mtorch_gui.model.catalog import short_repr
from mtorch_gui.model.text import Text

# losses that take class indices; every other loss on MNIST gets one-hot float targets
INDEX_TARGET_LOSSES = ("CrossEntropyLoss", "NLLLoss")
LOSSES = ("CrossEntropyLoss", "MSELoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss", "L1Loss", "SmoothL1Loss")
OPTIMIZERS = ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta")
# optimisers that take a momentum argument
MOMENTUM_OPTIMIZERS = ("SGD", "RMSprop")
SCHEDULERS = ("none", "StepLR", "CosineAnnealingLR", "OneCycleLR")
INT_RANGE = (-2 ** 31, 2 ** 31 - 1)  # what the settings form's number boxes (a C++ int) can hold


@dataclass
class TrainingConfig:
    dataset: str = "mnist"  # a name in mtorch_gui.data.registry
    dataset_options: dict = field(default_factory=dict)  # its options (see registry.check_options)
    augmentation: dict = field(default_factory=dict)  # image data: shift, rotation, scale, noise (data/augment.py)
    loss: str = "CrossEntropyLoss"
    optimizer: str = "Adam"
    lr: float = 1e-3
    momentum: float = 0.0
    nesterov: bool = False
    weight_decay: float = 0.0
    batch_size: int = 64
    epochs: int = 3
    scheduler: str = "none"
    step_size: int = 1  # StepLR: epochs between decays
    gamma: float = 0.7  # StepLR: decay factor
    seed: int = 0
    sample_limit: int | None = None  # caps every split (train, validation, test) for quick runs

    @classmethod
    def from_dict(cls, values: dict, **overrides) -> TrainingConfig:
        """Settings from a spec's ``training`` dict (unknown keys are ignored), then ``overrides``.

        A value of the wrong type (a string learning rate, a list for the loss, a whole number too large for
        the settings form) raises ValueError naming it; ``problems()`` judges the values themselves.
        """
        if not isinstance(values, dict):
            raise ValueError(f"the training settings must be a JSON object, not {type(values).__name__}")
        names = {f.name for f in dataclasses.fields(cls)}
        merged = {k: v for k, v in {**values, **overrides}.items() if k in names and v is not None}
        for key, value in merged.items():
            problem = _type_problem(_FIELD_TYPES[key], value)
            if problem:
                raise ValueError(f"training setting {key!r} must be {problem}, not {short_repr(value)}")
        if merged.get("scheduler") in (None, "", "None"):
            merged.pop("scheduler", None)
        return cls(**merged)

    @classmethod
    def for_spec(cls, spec, **overrides) -> TrainingConfig:
        """The settings a model spec trains with: its ``training`` section on its dataset, then ``overrides``
        (mtorch-train's options). The training panel and ``mtorch-train`` both read a model this way, so a
        file trains the same in either; raises ValueError for a setting of the wrong type."""
        return cls.from_dict({**spec.training, "dataset": spec.dataset, "dataset_options": spec.dataset_options},
                             **overrides)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def training_dict(self) -> dict:
        """A model file's ``training`` section for these settings: every one but the dataset and its options
        (the file's own ``dataset``), so a saved file holds all of them, not only those that differ from
        today's defaults."""
        return {k: v for k, v in self.to_dict().items() if k not in ("dataset", "dataset_options")}

    def with_setting(self, name: str, value) -> TrainingConfig:
        """These settings with ``name`` set to ``value`` (of the field's type, else ValueError); choosing an
        optimiser that takes no momentum (or is not SGD) also sets momentum to 0 (nesterov off), so no setting
        the form hides stays in force; None means the default (no sample limit)."""
        if name not in _FIELD_TYPES or name in ("dataset", "dataset_options"):
            raise ValueError(f"unknown training setting {name!r}")
        config = TrainingConfig.from_dict({**self.to_dict(), name: value})  # None: the default (sample_limit)
        if name == "optimizer" and value not in MOMENTUM_OPTIMIZERS:
            config.momentum = 0.0
        if name == "optimizer" and value != "SGD":
            config.nesterov = False
        return config

    def problems(self) -> list[str]:
        """Every reason these settings cannot start a run, in plain words (empty when fine)."""
        found = []
        for value, known, message in (
                (self.dataset, registry.names(), Text("training", "Unknown dataset {value}: choose one of {known}.")),
                (self.loss, LOSSES, Text("training", "Unknown loss {value}: choose one of {known}.")),
                (self.optimizer, OPTIMIZERS, Text("training", "Unknown optimiser {value}: choose one of {known}.")),
                (self.scheduler, SCHEDULERS, Text("training", "Unknown scheduler {value}: choose one of {known}."))):
            if value not in known:
                found.append(message.format(value=short_repr(value), known=", ".join(known)))
        if not (math.isfinite(self.lr) and self.lr > 0):
            found.append(Text("training", "The learning rate must be a positive number, not {value}.").format(
                value=self.lr))
        if not (math.isfinite(self.weight_decay) and self.weight_decay >= 0):
            found.append(Text("training", "The weight decay must be zero or positive, not {value}.").format(
                value=self.weight_decay))
        if not 0 <= self.momentum < 1:
            found.append(Text("training", "The momentum must be in [0, 1), not {value}.").format(value=self.momentum))
        if self.nesterov and (self.optimizer != "SGD" or self.momentum == 0):
            found.append(Text("training", "Nesterov momentum needs SGD with a momentum above zero."))
        if self.batch_size < 1:
            found.append(Text("training", "The batch size must be at least 1, not {value}.").format(
                value=self.batch_size))
        if self.epochs < 1:
            found.append(Text("training", "The number of epochs must be at least 1, not {value}.").format(
                value=self.epochs))
        if self.sample_limit is not None and self.sample_limit < 1:
            found.append(Text("training", "The sample limit must be at least 1, not {value}.").format(
                value=self.sample_limit))
        found += augment.problems(self.augmentation)
        if self.dataset in registry.names():
            try:
                info = registry.dataset_info(self.dataset, self.dataset_options)
            except registry.DatasetError as e:
                found.append(e.args[0])
            else:
                if augment.active(self.augmentation) and info.canvas != registry.CANVAS_IMAGE:
                    found.append(Text("training", "Augmentation is for images and {data} holds none: turn it off "
                                                  "in the Data tab.").format(data=info.label))
                if info.task == registry.REGRESSION and self.loss in INDEX_TARGET_LOSSES + ("BCELoss",
                                                                                            "BCEWithLogitsLoss"):
                    found.append(Text("training", "{loss} is for classes; {data} is regression: choose MSELoss, "
                                                  "L1Loss or SmoothL1Loss.").format(loss=self.loss, data=info.label))
        return found


# the type of every field: its default's, whole numbers for sample_limit (default None), dict for dataset_options
_FIELD_TYPES = {f.name: dict if f.default is dataclasses.MISSING else int if f.default is None else type(f.default)
                for f in dataclasses.fields(TrainingConfig)}


def _type_problem(kind, value) -> str | None:
    """What ``value`` must be for a field of type ``kind``, or None when it fits."""
    if kind is str:
        return None if isinstance(value, str) else "text"
    if kind is bool:
        return None if isinstance(value, bool) else "true or false"
    if kind is dict:
        return None if isinstance(value, dict) else "a JSON object"
    if kind is int:
        fits = isinstance(value, int) and not isinstance(value, bool) and INT_RANGE[0] <= value <= INT_RANGE[1]
        return None if fits else f"a whole number from {INT_RANGE[0]:,} to {INT_RANGE[1]:,}"
    fits = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    return None if fits else "a finite number"
