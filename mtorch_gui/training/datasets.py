"""The datasets a run can train on, as whole numpy arrays split into train, validation and test.

MNIST images stay in [0, 1] with no mean/std normalisation, so a digit drawn on the canvas (also in
[0, 1]) is read exactly as the training images were. The validation split is a fixed 5000 images of the
training set (chosen once with seed 0), so validation numbers compare across runs and seeds. Sin-to-cos
sequences have the editor's sequence length; validation sequences come from the training stream, test ones
from SineToCosine's separate test stream.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from mtorch_gui.model.spec import DATASETS as SPEC_DATASETS

from .config import DATASETS

MNIST_VALIDATION_SIZE = 5000
SIN_TO_COS_TRAIN, SIN_TO_COS_VALIDATION = 2000, 500  # sequences; the test split has as many as validation


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
    name: str
    task: str  # "classification" or "regression"
    input_shape: tuple
    num_classes: int  # 0 for regression
    train: Split
    val: Split
    test: Split


@functools.lru_cache(maxsize=2)
def mnist_arrays(train: bool):
    """MNIST images as float32 (N, 1, 28, 28) in [0, 1] and int64 labels, loaded once per split."""
    from mtorch.datasets import MNIST

    ds = MNIST(train=train)
    images = ds.data.numpy().astype(np.float32).reshape(-1, 1, 28, 28) / 255.0
    return images, ds.targets.numpy().astype(np.int64)


def _mnist(limit: int | None) -> DatasetSplits:
    images, labels = mnist_arrays(True)
    order = np.random.default_rng(0).permutation(len(images))
    val_idx, train_idx = order[:MNIST_VALIDATION_SIZE], order[MNIST_VALIDATION_SIZE:]
    test = Split(*mnist_arrays(False))
    return DatasetSplits(
        "mnist", "classification", (1, 28, 28), 10,
        train=Split(images[train_idx], labels[train_idx]).limited(limit),
        val=Split(images[val_idx], labels[val_idx]).limited(limit),
        test=test.limited(limit),
    )


def _sin_to_cos(limit: int | None) -> DatasetSplits:
    from mtorch.datasets import SineToCosine

    seq_len = SPEC_DATASETS["sin_to_cos"]["input_shape"][0]
    train = SineToCosine(SIN_TO_COS_TRAIN + SIN_TO_COS_VALIDATION, seq_len=seq_len, split="train")
    test = SineToCosine(SIN_TO_COS_VALIDATION, seq_len=seq_len, split="test")
    x, y = train.inputs.numpy(), train.targets.numpy()
    return DatasetSplits(
        "sin_to_cos", "regression", (seq_len, 1), 0,
        train=Split(x[:SIN_TO_COS_TRAIN], y[:SIN_TO_COS_TRAIN]).limited(limit),
        val=Split(x[SIN_TO_COS_TRAIN:], y[SIN_TO_COS_TRAIN:]).limited(limit),
        test=Split(test.inputs.numpy(), test.targets.numpy()).limited(limit),
    )


def load_dataset(name: str, limit: int | None = None) -> DatasetSplits:
    """Load ``name`` ("mnist" or "sin_to_cos"), each split capped at ``limit`` samples if given."""
    if name not in DATASETS:
        raise ValueError(f"Unknown dataset {name!r}: choose one of {', '.join(DATASETS)}.")
    return _mnist(limit) if name == "mnist" else _sin_to_cos(limit)
