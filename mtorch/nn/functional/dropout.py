"""dropout and dropout2d: multiply by a random keep-mask scaled by 1 / (1 - p), so that the expected
output equals the input; in eval mode (training=False) they return the input itself."""

import warnings

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
    if inplace:
        return input._apply_(Dropout.apply, p, input.shape)
    return Dropout.apply(input, p, input.shape)


def _feature_dropout(input, p, training):
    """Zero whole channels of (N, C, *): one draw per (sample, channel), broadcast over the rest."""
    _check_p(p)
    if input.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    if not training or p == 0:
        return input
    return Dropout.apply(input, p, tuple(input.shape[:2]) + (1,) * (input.ndim - 2))


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, L) or (C, L) input, each (sample, channel) row kept or zeroed together."""
    if input.ndim not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {input.ndim}D input. Note that "
                           "dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, "
                           "a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).")
    if input.ndim == 2:  # unbatched (C, L): the channels are the first dim
        return _feature_dropout(input.unsqueeze(0), p, training).squeeze(0)
    return _feature_dropout(input, p, training)


def _feature_dropout_warning(name, ndim, spatial):
    warnings.warn(f"{name}: Received a {ndim}-D input to {name}, which is deprecated and will result in an "
                  f"error in a future release. To retain the behavior and silence this warning, please use "
                  f"dropout instead. Note that {name} exists to provide channel-wise dropout on inputs with "
                  f"{spatial} spatial dimensions, a channel dimension, and an optional batch dimension (i.e. "
                  f"{spatial + 1}D or {spatial + 2}D inputs).", stacklevel=3)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, H, W) input: each (sample, channel) map is kept or zeroed together.

    As in PyTorch, other inputs warn: a 3-D input is taken as (N, C, L) (channel-wise 1-d dropout, not
    as an unbatched (C, H, W)), and 2-D or 5-D inputs as (N, C, *) with a warning that this is deprecated.
    """
    if input.ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout "
                      "behavior is desired - input is interpreted as shape (N, C, L), where C is the channel "
                      "dim. This behavior will change in a future release to interpret the input as one without "
                      "a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout "
                      "behavior, please switch to using dropout1d instead.", stacklevel=2)
    elif input.ndim != 4:
        _feature_dropout_warning("dropout2d", input.ndim, 2)
    return _feature_dropout(input, p, training)


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, D, H, W) or (C, D, H, W) input."""
    if input.ndim not in (4, 5):
        _feature_dropout_warning("dropout3d", input.ndim, 3)
    if input.ndim != 5:  # taken as unbatched (C, D, H, W), as PyTorch does
        return _feature_dropout(input.unsqueeze(0), p, training).squeeze(0)
    return _feature_dropout(input, p, training)
