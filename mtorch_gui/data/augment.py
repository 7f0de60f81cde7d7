"""Augmentation of image batches while training: random shift, rotation, scale and noise. Plain numpy.

The settings are a dict in the model's training settings (``"augmentation"``; empty: off):
``shift`` (whole pixels, up to), ``rotation`` (degrees, up to either way), ``scale`` (a fraction: a factor
from 1 - scale to 1 + scale) and ``noise`` (the standard deviation of Gaussian noise added, the result
clipped to [0, 1]). Shift, rotation and scale are one mtorch ``RandomAffine`` (bilinear) per batch; every
draw comes from mtorch's generator, so a training run (which draws from its own) stays reproducible and
resumable.
"""

from __future__ import annotations

import numpy as np

import mtorch
from mtorch.datasets.transforms import InterpolationMode, RandomAffine
from mtorch.random import default_generator
from mtorch_gui.model.text import Text

# setting -> (largest value, type)
LIMITS = {"shift": (16, int), "rotation": (180.0, float), "scale": (0.5, float), "noise": (1.0, float)}


def problems(settings: dict) -> list:
    """Why ``settings`` cannot augment, in plain words (empty when they can)."""
    found = []
    for key, value in settings.items():
        if key not in LIMITS:
            found.append(Text("data", "Unknown augmentation {key}: choose from {known}.").format(
                key=key, known=", ".join(LIMITS)))
            continue
        most, kind = LIMITS[key]
        number = isinstance(value, int | float) and not isinstance(value, bool) and (kind is float or
                                                                                     isinstance(value, int))
        if not number or not 0 <= value <= most:
            found.append(Text("data", "The augmentation {key} must be from 0 to {most}, not {value}.").format(
                key=key, most=most, value=value))
    return found


def active(settings: dict) -> bool:
    return any(settings.get(key, 0) for key in LIMITS)


def augment(x: np.ndarray, settings: dict) -> np.ndarray:
    """A new batch: each image of ``x`` (N, C, H, W) float32 in [0, 1] randomly moved and noised."""
    shift, rotation = settings.get("shift", 0), settings.get("rotation", 0.0)
    scale, noise = settings.get("scale", 0.0), settings.get("noise", 0.0)
    height, width = x.shape[-2:]
    out = x
    if shift or rotation or scale:
        affine = RandomAffine(rotation, translate=(min(shift / width, 1.0), min(shift / height, 1.0)) if shift else
                              None, scale=(1 - scale, 1 + scale) if scale else None,
                              interpolation=InterpolationMode.BILINEAR)
        out = affine.batched(mtorch.from_numpy(np.ascontiguousarray(x))).numpy()
    if noise:
        out = np.clip(out + default_generator().normal(0, noise, out.shape).astype(np.float32), 0, 1)
    return out.astype(np.float32, copy=out is x)
