"""The arrays a run trains on: train, validation and test ``Split``s of one dataset."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


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
