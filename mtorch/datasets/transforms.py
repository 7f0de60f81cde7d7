"""The torchvision transforms PyTorch's MNIST example uses: Compose, ToTensor, Normalize.

Each transform works on one sample (`transform(x)`) and, through `transform.batched(xs)`, on a whole
batch stacked along a first dimension at once; datasets call `apply_transform`, which uses `batched`
when a transform has it and otherwise applies the transform sample by sample and stacks the results.
"""

import numpy as np

from ..creation import from_numpy
from ..utils.data import default_collate


def apply_transform(transform, batch):
    """`transform` applied to every sample of `batch`, stacked as a batch."""
    if hasattr(transform, "batched"):
        return transform.batched(batch)
    return default_collate([transform(x) for x in batch])


class Compose:
    """Apply `transforms` one after another."""

    def __init__(self, transforms):
        self.transforms = list(transforms)

    def __call__(self, x):
        for t in self.transforms:
            x = t(x)
        return x

    def batched(self, batch):
        for t in self.transforms:
            batch = apply_transform(t, batch)
        return batch

    def __repr__(self):
        lines = "".join(f"\n    {t}" for t in self.transforms)
        return f"{type(self).__name__}({lines}\n)"


class ToTensor:
    """A numpy image (H, W) or (H, W, C) -> a float32 Tensor (C, H, W); uint8 is scaled to [0, 1]."""

    def __call__(self, pic):
        return from_numpy(self._to_chw(np.asarray(pic)[None])[0])

    def batched(self, pics):
        return from_numpy(self._to_chw(np.asarray(pics)))

    @staticmethod
    def _to_chw(pics):
        """(N, H, W) or (N, H, W, C) numpy images -> (N, C, H, W), uint8 scaled to float32 in [0, 1]."""
        if pics.ndim not in (3, 4):
            raise ValueError(f"ToTensor: expected an image (H, W) or (H, W, C), got shape {pics.shape[1:]}")
        chw = pics[:, None] if pics.ndim == 3 else pics.transpose(0, 3, 1, 2)
        if chw.dtype != np.uint8:
            return np.ascontiguousarray(chw)
        images = chw.astype(np.float32)
        images /= np.float32(255)  # in place: a second large temporary costs more than the division
        return images

    def __repr__(self):
        return f"{type(self).__name__}()"


class Normalize:
    """(x - mean) / std per channel of a (C, H, W) image Tensor."""

    def __init__(self, mean, std):
        self.mean, self.std = tuple(mean), tuple(std)
        self._mean = np.asarray(mean, dtype=np.float32).reshape(-1, 1, 1)
        self._std = np.asarray(std, dtype=np.float32).reshape(-1, 1, 1)

    def __call__(self, tensor):
        normalized = tensor.numpy() - self._mean
        normalized /= self._std
        return from_numpy(normalized)

    batched = __call__  # the (C, 1, 1) mean and std broadcast over a leading batch dimension too

    def __repr__(self):
        return f"{type(self).__name__}(mean={self.mean}, std={self.std})"
