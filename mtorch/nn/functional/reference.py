"""Plain reference versions of the ops mtorch fuses or rearranges for speed, written as a textbook does.

Each computes what its fast twin computes (tests/test_reference_ops.py checks values and gradients against
it, and a float64 gradient check), for the common case only; they are there to be read: the GUI's backprop
inspector shows a reference's source beside the fused op that ran (``REFERENCES``).
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ...autograd import NumpyFunction
from .loss import CrossEntropy
from .pooling import MaxPool2d


class CrossEntropyReference(NumpyFunction):
    """L = mean over the rows n of -log softmax(x_n)[y_n], for logits x (N, C) and class indices y (N,)."""

    @staticmethod
    def forward(ctx, x, target):
        e = np.exp(x - x.max(axis=1, keepdims=True))  # softmax, shifted by the row's max so exp cannot overflow
        p = e / e.sum(axis=1, keepdims=True)
        ctx.save_for_backward(p, target)
        return np.asarray(-np.log(p[np.arange(len(x)), target]).mean(), x.dtype)

    @staticmethod
    def backward(ctx, grad):
        p, target = ctx.saved_tensors
        one_hot = np.zeros_like(p)
        one_hot[np.arange(len(p)), target] = 1
        return grad * (p - one_hot) / len(p), None  # dL/dx = (softmax(x) - one_hot(y)) / N


class MaxPool2dReference(NumpyFunction):
    """y[n, c, i, j] = max of x[n, c] over the kernel-sized window at (i*stride, j*stride), no padding; the
    gradient goes to each window's first maximum (row-major), the others get 0."""

    @staticmethod
    def forward(ctx, x, kernel, stride):
        (kh, kw), (sh, sw) = kernel, stride
        windows = sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]  # (N, C, OH, OW, kh, kw)
        flat = windows.reshape(windows.shape[:4] + (kh * kw,))
        where = flat.argmax(axis=-1)  # the first maximum of each window
        ctx.save_for_backward(where)
        ctx.x_shape, ctx.kernel, ctx.stride = x.shape, kernel, stride
        return np.take_along_axis(flat, where[..., None], axis=-1)[..., 0]

    @staticmethod
    def backward(ctx, grad):
        (where,) = ctx.saved_tensors
        (_, kw), (sh, sw) = ctx.kernel, ctx.stride
        n, c, i, j = np.indices(where.shape)
        rows, cols = i * sh + where // kw, j * sw + where % kw  # where each window's maximum sits in x
        dx = np.zeros(ctx.x_shape, grad.dtype)
        np.add.at(dx, (n, c, rows, cols), grad)  # dL/dx = g at each window's max (summed where windows overlap)
        return dx, None, None


def cross_entropy_reference(input, target):
    return CrossEntropyReference.apply(input, target)


def max_pool2d_reference(input, kernel_size, stride=None):
    kernel = (kernel_size, kernel_size) if isinstance(kernel_size, int) else tuple(kernel_size)
    stride = kernel if stride is None else (stride, stride) if isinstance(stride, int) else tuple(stride)
    return MaxPool2dReference.apply(input, kernel, stride)


REFERENCES = {CrossEntropy: CrossEntropyReference, MaxPool2d: MaxPool2dReference}
