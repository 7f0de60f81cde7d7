"""What the Playground view draws for a model of 2-D points (no Qt), as TensorFlow Playground does:

- the model's output over the plane, on a grid: the probability of class 1 for a two-class classifier (the
  decision boundary is where it crosses 0.5), the value itself for a regression;
- for a small MLP (Linear layers and activations, at most ``MAX_NEURONS`` per layer), every neuron's output
  over the same grid, and the weights between the layers (the diagram's connections); the first column is the
  features the model reads of each point (x1, x2, x1², ..., as the dataset's "features" option says).

``PlaygroundFrame.compute(model, extent)`` reads a model once; the view redraws from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

import mtorch
from mtorch.datasets import toy

GRID = 64  # cells per side of the heat map and of every neuron's thumbnail
EXTENT = 6.0  # the plane shown: [-EXTENT, EXTENT]², where the 2-D sets lie
MAX_NEURONS = 8  # a layer wider than this is not drawn as neurons
ACTIVATIONS = ("ReLU", "Tanh", "Sigmoid", "LeakyReLU", "ELU", "GELU", "SiLU", "Softplus", "Identity")


def grid_points(extent: float = EXTENT, n: int = GRID) -> np.ndarray:
    """(n*n, 2) float32 points of an n x n grid over [-extent, extent]², row-major with y decreasing (row 0 at
    the top, as an image)."""
    xs = np.linspace(-extent, extent, n, dtype=np.float32)
    gx, gy = np.meshgrid(xs, xs[::-1])
    return np.stack([gx.reshape(-1), gy.reshape(-1)], axis=1)


def output_surface(out: np.ndarray) -> np.ndarray:
    """The value the heat map shows per point: P(class 1) for two class scores (softmax), a single output as is
    (a regression, or a probability after a Sigmoid)."""
    if out.shape[1] == 2:
        e = np.exp(out - out.max(axis=1, keepdims=True))
        return e[:, 1] / e.sum(axis=1)
    return out[:, 0]


@dataclass
class Neuron:
    layer: int  # 0 for the inputs, then each hidden layer, the last for the outputs
    index: int
    surface: np.ndarray  # (GRID, GRID): its output over the plane


@dataclass
class PlaygroundFrame:
    surface: np.ndarray  # (GRID, GRID): the model's output over the plane (see output_surface)
    columns: list = field(default_factory=list)  # [[Neuron]] per layer of the diagram (empty: not a small MLP)
    weights: list = field(default_factory=list)  # [(out, in) array] between consecutive columns

    @classmethod
    def compute(cls, model, features=("x1", "x2"), extent: float = EXTENT, n: int = GRID) -> PlaygroundFrame:
        """``features``: what the model reads of each point (mtorch.datasets.toy.FEATURES' names)."""
        inputs = toy.features(grid_points(extent, n), features)
        layers = list(model)
        columns = [[Neuron(0, i, inputs[:, i].reshape(n, n)) for i in range(inputs.shape[1])]] \
            if small_mlp(model, len(features)) else []
        weights = []
        with mtorch.no_grad():
            h = mtorch.from_numpy(inputs)
            for i, layer in enumerate(layers):
                h = layer(h)
                if not columns:
                    continue
                name = type(layer).__name__
                if name == "Linear":
                    weights.append(layer.weight.numpy().copy())
                following = type(layers[i + 1]).__name__ if i + 1 < len(layers) else None
                if name in ACTIVATIONS or (name == "Linear" and following not in ACTIVATIONS):
                    values = h.numpy()
                    columns.append([Neuron(len(columns), j, values[:, j].reshape(n, n).copy())
                                    for j in range(values.shape[1])])
        out = h.numpy()
        return cls(output_surface(out).reshape(n, n), columns, weights)


def small_mlp(model, inputs: int = 2) -> bool:
    """Linear layers and activations only, on ``inputs`` features, none wider than MAX_NEURONS: drawn as a
    network."""
    layers = list(model)
    linears = [m for m in layers if type(m).__name__ == "Linear"]
    return (bool(linears) and linears[0].in_features == inputs
            and all(type(m).__name__ in ("Linear", *ACTIVATIONS) for m in layers)
            and all(m.out_features <= MAX_NEURONS for m in linears))
