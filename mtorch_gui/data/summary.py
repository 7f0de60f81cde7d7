"""What the Data tab shows of a dataset, computed without Qt: class counts, samples per class, mean images,
a 2-D view of the points (the points themselves, or a table's first two principal components)."""

from __future__ import annotations

import numpy as np

from mtorch_gui.model.catalog import format_shape
from mtorch_gui.model.text import Text

from .registry import CLASSIFICATION, DatasetInfo
from .splits import DatasetSplits

MAX_POINTS = 5000  # drawn in the scatter plot


def describe(info: DatasetInfo) -> Text:
    """One line about the dataset: its classes or target, its input and how many samples it has."""
    if info.task == CLASSIFICATION:
        names = ", ".join(info.classes[:8]) + (", …" if info.num_classes > 8 else "")
        return Text("data", "{count} classes ({names}) · input {shape} · {samples:,} samples").format(
            count=info.num_classes, names=names, shape=format_shape(info.input_shape), samples=info.samples)
    return Text("data", "regression to {target} · input {shape} · {samples:,} samples").format(
        target=format_shape(info.target_shape), shape=format_shape(info.input_shape), samples=info.samples)


def class_counts(splits: DatasetSplits) -> np.ndarray:
    """(3, classes) int64: how many samples of each class the train, validation and test splits hold."""
    k = splits.num_classes
    return np.stack([np.bincount(s.y, minlength=k) for s in (splits.train, splits.val, splits.test)])


def samples_per_class(splits: DatasetSplits, per_class: int) -> list[np.ndarray]:
    """For each class, the indices of its first ``per_class`` training samples."""
    y = splits.train.y
    return [np.flatnonzero(y == c)[:per_class] for c in range(splits.num_classes)]


def mean_images(splits: DatasetSplits) -> np.ndarray:
    """(classes, C, H, W) float32: each class's mean training image (zeros for a class with none)."""
    x, y = splits.train.x, splits.train.y
    sums = np.zeros((splits.num_classes, *x.shape[1:]), np.float64)
    np.add.at(sums, y, x)
    counts = np.bincount(y, minlength=splits.num_classes).reshape(-1, *[1] * (x.ndim - 1))
    return (sums / np.maximum(counts, 1)).astype(np.float32)


def principal_components(x: np.ndarray, k: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """(the samples' coordinates on the first ``k`` principal axes (N, k), the share of variance each
    explains); samples are flattened and centred; fewer than ``k`` features are padded with zeros."""
    flat = x.reshape(len(x), -1).astype(np.float64)
    flat = flat - flat.mean(axis=0)
    _, singular, axes = np.linalg.svd(flat, full_matrices=False)
    coords = flat @ axes[:k].T
    variance = singular ** 2
    share = variance[:k] / max(variance.sum(), 1e-300)
    pad = k - coords.shape[1]
    return np.pad(coords, ((0, 0), (0, pad))).astype(np.float32), np.pad(share, (0, pad))


def scatter(splits: DatasetSplits) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(points (N, 2), colour values (N,): class indices or targets, the variance shares of the axes or None
    when the points are the data's own two features), for at most MAX_POINTS training samples."""
    x, y = splits.train.x[:MAX_POINTS], splits.train.y[:MAX_POINTS]
    values = y if splits.task == CLASSIFICATION else y.reshape(len(y), -1)[:, 0]
    if x.shape[1:] == (2,):
        return x, values, None
    points, share = principal_components(x)
    return points, values, share
