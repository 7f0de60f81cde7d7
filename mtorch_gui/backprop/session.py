"""The inspector's document: which model and weights, which sample, the trace and the step shown. No Qt.

A model comes as the training panel's payload, ``{"spec": ModelSpec, "state_dict": {name: array} or None}``
(None: freshly initialised, untrained). The session builds its own copy, so "apply one step" never touches
a training run's weights. Steps are numbered 0..len(steps)-1: first the forward of every layer and the loss,
then the backward nodes in the order mtorch's engine ran them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import mtorch
from mtorch_gui.data.registry import CANVAS_IMAGE, CLASSIFICATION
from mtorch_gui.model.text import Text
from mtorch_gui.training.config import TrainingConfig
from mtorch_gui.training.engine import loss_targets, make_loss

from .trace import BackpropTrace, BackwardStep, LayerStep, adam_step, one_sample, sgd_step


@dataclass
class Sample:
    x: np.ndarray  # one sample, without the batch axis
    y: object  # its class index (int) or its target array
    title: str  # "MNIST test image 12, labelled 3"


@dataclass
class StepResult:
    """What one optimiser step changed for the sample."""
    lr: float
    loss_before: float
    loss_after: float
    prediction_before: np.ndarray
    prediction_after: np.ndarray


class InspectorSession:
    def __init__(self):
        self.payload = None
        self.model = None
        self.config: TrainingConfig | None = None
        self.data = None  # the dataset's splits, loaded when a test sample is first asked for
        self.sample: Sample | None = None
        self.trace: BackpropTrace | None = None
        self.position = 0
        self.problem: str | None = None  # why no trace can be made, in plain words

    # ---- the model --------------------------------------------------------------------------------------

    def set_payload(self, payload) -> None:
        """Inspect this model (spec and weights); the sample stays when the new model reads the same data."""
        spec = payload["spec"].copy()
        old = self.payload["spec"] if self.payload else None
        self.payload = {"spec": spec, "state_dict": payload.get("state_dict")}
        self.config = TrainingConfig.for_spec(spec)
        if old is None or (old.dataset, tuple(old.input_shape)) != (spec.dataset, tuple(spec.input_shape)):
            self.data, self.sample = None, None
        self.reset_weights()

    def reset_weights(self) -> None:
        """Back to the payload's weights (undoing the optimiser steps)."""
        spec, state = self.payload["spec"], self.payload["state_dict"]
        self.model, self.problem = None, None
        result = spec.validate()
        if not result.ok:
            self.problem = Text("backprop", "The model is not valid: {error}").format(error=result.first_error)
            return
        mtorch.manual_seed(0)  # an untrained model gets the same first weights every time
        model = spec.build()
        if state is not None:
            model.load_state_dict({k: mtorch.from_numpy(np.array(v, copy=True)) for k, v in state.items()})
        self.model = model
        self.adam_state = {}  # Adam's moments and step count over "apply one step"s
        self.retrace()

    @property
    def trained(self) -> bool:
        return self.payload is not None and self.payload["state_dict"] is not None

    # ---- the sample --------------------------------------------------------------------------------------

    def test_split(self):
        if self.data is None:
            self.data = self.dataset().load()
        return self.data.test

    def choose_test_sample(self, index: int) -> None:
        test = self.test_split()
        index = int(index) % len(test)
        y = test.y[index]
        y = int(y) if np.ndim(y) == 0 else y
        label = Text("backprop", "labelled {label}").format(label=y) if isinstance(y, int) else ""
        self.choose(test.x[index], y, Text("backprop", "test sample {index} {label}").format(index=index, label=label))

    def choose(self, x, y, title) -> None:
        self.sample = Sample(np.asarray(x, np.float32).reshape(self.payload["spec"].input_shape), y, title)
        self.retrace()

    def num_classes(self) -> int:
        """The dataset's classes (0 for a regression)."""
        info = self.dataset()
        return info.num_classes if info.task == CLASSIFICATION else 0

    def dataset(self):
        """The model's DatasetInfo (raises DatasetError when it cannot be used)."""
        return self.payload["spec"].dataset_info()

    def reads_drawings(self) -> bool:
        info = self.dataset()
        return info.canvas == CANVAS_IMAGE and tuple(info.input_shape) == (1, 28, 28)

    # ---- the trace ---------------------------------------------------------------------------------------

    def retrace(self) -> None:
        """Run the sample forward and backward again with the current weights (the position stays)."""
        if self.model is None or self.sample is None:
            self.trace = None
            return
        y = self.sample.y
        target = loss_targets(np.asarray([y]) if isinstance(y, int) else one_sample(y), self.num_classes(),
                              self.config.loss)
        self.trace = BackpropTrace(self.model, make_loss(self.config.loss), one_sample(self.sample.x), target)
        self.position = min(self.position, len(self.steps) - 1)

    @property
    def steps(self) -> list[LayerStep | BackwardStep]:
        return [] if self.trace is None else self.trace.layers + self.trace.steps

    def current(self) -> LayerStep | BackwardStep | None:
        steps = self.steps
        return steps[self.position] if steps else None

    def go(self, position: int) -> None:
        self.position = max(0, min(int(position), len(self.steps) - 1))

    def first_backward(self) -> int:
        return len(self.trace.layers) if self.trace else 0

    # ---- one optimiser step ------------------------------------------------------------------------------

    def apply_step(self, optimizer: str, lr: float) -> StepResult:
        """One step of ``optimizer`` ("SGD" or "Adam", whose moments carry over between steps) on the sample's
        gradients, then the sample forward and backward again."""
        before = self.trace
        if optimizer == "Adam":
            adam_step(self.model, lr, self.adam_state)
        else:
            sgd_step(self.model, lr)
        self.retrace()
        return StepResult(lr, before.loss, self.trace.loss, before.prediction(), self.trace.prediction())
