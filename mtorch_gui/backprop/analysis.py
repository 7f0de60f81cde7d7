"""What the per-epoch views read of a model's weights, computed apart from the training run (no Qt):

- the embedding map: the penultimate layer's activations (the input of the model's last layer with
  parameters) for a fixed set of test samples, projected on their first two principal components (numpy's SVD);
- the histograms: each parameter's values, and its gradient on a fixed batch of training samples at these
  weights (the training run's own gradients stay on its thread; this batch is the same every epoch, so the
  epochs compare).

``EpochAnalysis(payload, data).run()`` builds its own copy of the model, so it may run on any thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import mtorch
from mtorch_gui.data.registry import CLASSIFICATION
from mtorch_gui.training.config import TrainingConfig
from mtorch_gui.training.engine import loss_targets, make_loss

EMBEDDED = 2000  # test samples on the map
GRADIENT_BATCH = 256  # training samples of the gradient histograms
BINS = 40


@dataclass
class Histogram:
    counts: np.ndarray  # (BINS,)
    edges: np.ndarray  # (BINS + 1,)

    @classmethod
    def of(cls, values) -> Histogram:
        values = np.asarray(values, np.float64).reshape(-1)
        lo, hi = (float(values.min()), float(values.max())) if values.size else (0.0, 0.0)
        if hi - lo < 1e-12:  # constant (a bias still at zero): one narrow bin in the middle
            lo, hi = lo - 1e-3, hi + 1e-3
        counts, edges = np.histogram(values, BINS, (lo, hi))
        return cls(counts, edges)


@dataclass
class Embedding:
    points: np.ndarray  # (N, 2): the samples on the first two principal components
    explained: tuple  # the share of the variance each of the two explains
    labels: np.ndarray  # (N,) true classes
    predictions: np.ndarray  # (N,) predicted classes
    indices: np.ndarray  # (N,) positions in the test split
    layer: str  # the layer whose input was embedded, "6 Linear"


@dataclass
class EpochResult:
    epoch: int
    weights: dict  # parameter name -> Histogram of its values
    gradients: dict  # parameter name -> Histogram of its gradient on the fixed batch
    embedding: Embedding | None  # None for a regression


def pca_2d(features) -> tuple[np.ndarray, tuple]:
    """Centred features (N, D) projected on their first two principal components (right singular vectors of
    the centred matrix; each one's sign chosen so that its largest entry is positive, so maps of successive
    epochs do not flip for nothing), and the share of the variance each explains."""
    x = np.asarray(features, np.float64).reshape(len(features), -1)
    x = x - x.mean(axis=0)
    _, s, vt = np.linalg.svd(x, full_matrices=False)
    vt = vt[:2] * np.sign(vt[:2][np.arange(min(2, len(vt))), np.abs(vt[:2]).argmax(axis=1)])[:, None]
    points = x @ vt.T
    if points.shape[1] < 2:  # one feature: a line
        points = np.hstack([points, np.zeros((len(points), 2 - points.shape[1]))])
    variance = s**2
    share = variance / variance.sum() if variance.sum() > 0 else np.zeros_like(variance)
    return points, tuple(float(v) for v in np.concatenate([share[:2], np.zeros(2)])[:2])


def penultimate_index(model) -> int:
    """The position of the model's last layer with parameters: its input is what the map shows."""
    layers = list(model)
    with_params = [i for i, m in enumerate(layers) if any(True for _ in m.parameters())]
    return with_params[-1] if with_params else len(layers) - 1


class EpochAnalysis:
    def __init__(self, payload, data, epoch: int):
        """``payload``: {"spec", "state_dict"} as the training panel sends it; ``data``: the dataset's splits."""
        self.spec, self.state, self.data, self.epoch = payload["spec"], payload["state_dict"], data, epoch

    def model(self):
        model = self.spec.build()
        model.load_state_dict({k: mtorch.from_numpy(np.array(v, copy=True)) for k, v in self.state.items()})
        model.eval()
        return model

    def run(self) -> EpochResult:
        model = self.model()
        weights = {name: Histogram.of(p.numpy()) for name, p in model.named_parameters()}
        return EpochResult(self.epoch, weights, self._gradients(model), self._embedding(model))

    def _gradients(self, model) -> dict:
        train = self.data.train
        x, y = train.x[:GRADIENT_BATCH], train.y[:GRADIENT_BATCH]
        config = TrainingConfig.for_spec(self.spec)
        classes = self.data.num_classes if self.data.task == CLASSIFICATION else 0
        loss = make_loss(config.loss)(model(mtorch.from_numpy(x)), loss_targets(y, classes, config.loss))
        model.zero_grad()
        loss.backward()
        return {name: Histogram.of(p.grad.numpy()) for name, p in model.named_parameters() if p.grad is not None}

    def _embedding(self, model) -> Embedding | None:
        if self.data.task != CLASSIFICATION:
            return None
        test = self.data.test
        count = min(EMBEDDED, len(test))
        indices = np.arange(count)
        k = penultimate_index(model)
        layers = list(model)
        with mtorch.no_grad():
            h = mtorch.from_numpy(test.x[:count])
            for layer in layers[:k]:
                h = layer(h)
            features = h.numpy().reshape(count, -1).copy()
            out = h
            for layer in layers[k:]:
                out = layer(out)
        points, explained = pca_2d(features)
        return Embedding(points, explained, test.y[:count], out.numpy().argmax(axis=1), indices,
                         f"{k + 1} {type(layers[k]).__name__}")
