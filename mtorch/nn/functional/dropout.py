"""dropout and dropout2d: multiply by a random keep-mask scaled by 1 / (1 - p), so that the expected
output equals the input; in eval mode (training=False) they return the input itself."""

import numpy as np

from ...autograd import NumpyFunction
from ...random import default_generator


class Dropout(NumpyFunction):
    @staticmethod
    def forward(ctx, x, p, mask_shape):
        # one draw per element, or per (sample, channel) for dropout2d, broadcast over the rest
        keep = default_generator().random(mask_shape, dtype=np.float32) >= p
        mask = keep * x.dtype.type(1 / (1 - p)) if p < 1 else np.zeros(mask_shape, x.dtype)
        ctx.save_for_backward(mask)
        return x * mask

    @staticmethod
    def backward(ctx, grad):
        (mask,) = ctx.saved_tensors
        return grad * mask, None, None


def _check_p(p):
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability p and scale the others by 1 / (1 - p)."""
    _check_p(p)
    if not training or p == 0:
        return input
    return Dropout.apply(input, p, input.shape)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels: for input (N, C, H, W) or (C, H, W), each (sample, channel) map is kept or
    zeroed together."""
    _check_p(p)
    if input.ndim not in (3, 4):
        raise ValueError(f"dropout2d expects input (N, C, H, W) or (C, H, W), got {tuple(input.shape)}")
    if not training or p == 0:
        return input
    return Dropout.apply(input, p, tuple(input.shape[:-2]) + (1, 1))
