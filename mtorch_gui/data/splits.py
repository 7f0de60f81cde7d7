"""The arrays a run trains on: train, validation and test ``Split``s of one dataset, and ``DatasetError``,
what every loader raises when a dataset cannot be made."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mtorch_gui.model.text import Text

VALIDATION_FRACTION = 0.2  # of the training samples, when a dataset has no validation split of its own


class DatasetError(ValueError):
    """A dataset that cannot be used; ``args[0]`` is the reason (a Text naming the file and the problem)."""


@dataclass
class Split:
    x: np.ndarray  # float32, (N, *input_shape)
    y: np.ndarray  # int64 class indices (classification) or float32 targets (regression)

    def __len__(self):
        return len(self.x)

    def limited(self, limit: int | None) -> Split:
        return self if limit is None else Split(self.x[:limit], self.y[:limit])


@dataclass
class DatasetSplits:
    info: object  # the DatasetInfo these splits were loaded from (mtorch_gui.data.registry)
    train: Split
    val: Split
    test: Split

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def task(self) -> str:  # "classification" or "regression"
        return self.info.task

    @property
    def input_shape(self) -> tuple:
        return self.info.input_shape

    @property
    def num_classes(self) -> int:  # 0 for regression
        return self.info.num_classes

    def limited(self, limit: int | None) -> DatasetSplits:
        """Every split capped at ``limit`` samples."""
        return DatasetSplits(self.info, self.train.limited(limit), self.val.limited(limit), self.test.limited(limit))


def seeded_splits(info, x: np.ndarray, y: np.ndarray, test_fraction: float, seed: int,
                  test: Split | None = None) -> DatasetSplits:
    """Train, validation and test splits of whole arrays: ``test`` if the data has its own test split, else a
    seeded ``test_fraction`` of the samples; validation is a seeded VALIDATION_FRACTION of the rest."""
    order = np.random.default_rng(seed).permutation(len(x))
    if test is None:
        n_test = round(len(x) * test_fraction)
        test, order = Split(x[order[:n_test]], y[order[:n_test]]), order[n_test:]
    n_val = round(len(order) * VALIDATION_FRACTION)
    train, val = order[n_val:], order[:n_val]
    if min(len(train), n_val, len(test)) == 0:
        raise DatasetError(Text("data", "{data} has too few samples ({count}) for a training, a validation and a "
                                "test split.").format(data=info.label, count=len(x) + (len(test) if test else 0)))
    return DatasetSplits(info, Split(x[train], y[train]), Split(x[val], y[val]), test)
