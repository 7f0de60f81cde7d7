"""The datasets shipped with mtorch: MNIST digits and sin-to-cos sequences.

MNIST images stay in [0, 1] with no mean/std normalisation, so a digit drawn on the canvas (also in
[0, 1]) is read exactly as the training images were. The validation split is a fixed 5000 images of the
training set (chosen once with seed 0), so validation numbers compare across runs and seeds. Sin-to-cos
sequences have the dataset's sequence length; validation sequences come from the training stream, test ones
from SineToCosine's separate test stream.
"""

from __future__ import annotations

import functools

import numpy as np

from .splits import DatasetSplits, Split

MNIST_VALIDATION_SIZE = 5000
SIN_TO_COS_TRAIN, SIN_TO_COS_VALIDATION = 2000, 500  # sequences; the test split has as many as validation


@functools.lru_cache(maxsize=2)
def mnist_arrays(train: bool):
    """MNIST images as float32 (N, 1, 28, 28) in [0, 1] and int64 labels, loaded once per split."""
    from mtorch.datasets import MNIST

    ds = MNIST(train=train)
    images = ds.data.numpy().astype(np.float32).reshape(-1, 1, 28, 28) / 255.0
    return images, ds.targets.numpy().astype(np.int64)


def load_mnist(info, limit: int | None) -> DatasetSplits:
    images, labels = mnist_arrays(True)
    order = np.random.default_rng(0).permutation(len(images))
    val_idx, train_idx = order[:MNIST_VALIDATION_SIZE], order[MNIST_VALIDATION_SIZE:]
    return DatasetSplits(info, train=Split(images[train_idx], labels[train_idx]),
                         val=Split(images[val_idx], labels[val_idx]),
                         test=Split(*mnist_arrays(False))).limited(limit)


def load_sin_to_cos(info, limit: int | None) -> DatasetSplits:
    from mtorch.datasets import SineToCosine

    seq_len = info.input_shape[0]
    train = SineToCosine(SIN_TO_COS_TRAIN + SIN_TO_COS_VALIDATION, seq_len=seq_len, split="train")
    test = SineToCosine(SIN_TO_COS_VALIDATION, seq_len=seq_len, split="test")
    x, y = train.inputs.numpy(), train.targets.numpy()
    return DatasetSplits(info, train=Split(x[:SIN_TO_COS_TRAIN], y[:SIN_TO_COS_TRAIN]),
                         val=Split(x[SIN_TO_COS_TRAIN:], y[SIN_TO_COS_TRAIN:]),
                         test=Split(test.inputs.numpy(), test.targets.numpy())).limited(limit)
