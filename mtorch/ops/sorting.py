"""sort, topk, median: (values, indices) along a dim; the gradient of each value goes back to its index."""

import numpy as np

from ..autograd.function import NumpyFunction


def sort_indices(x, dim, descending):
    """Stable sort order along `dim`, NaN counted as the largest value (as PyTorch does). Descending
    keeps equal elements in their original order: the reversed array sorted ascending, read backwards."""
    if not descending:
        return np.argsort(x, axis=dim, kind="stable")
    n = x.shape[dim]
    order = np.flip(np.argsort(np.flip(x, dim), axis=dim, kind="stable"), dim)
    return n - 1 - order


class _TakeAlong(NumpyFunction):
    """Values picked at indices along a dim; backward puts each gradient back at its index."""

    @staticmethod
    def backward(ctx, grad, _):
        g = np.zeros(ctx.shape, dtype=grad.dtype)
        np.put_along_axis(g, ctx.indices, grad, axis=ctx.dim)
        return (g,) + (None,) * ctx.n_args


class Sort(_TakeAlong):
    @staticmethod
    def forward(ctx, x, dim, descending):
        indices = sort_indices(x, dim, descending)
        ctx.shape, ctx.dim, ctx.indices, ctx.n_args = x.shape, dim, indices, 2
        ctx.mark_non_differentiable(indices)
        return np.take_along_axis(x, indices, axis=dim), indices


class TopK(_TakeAlong):
    """The k largest (or smallest) along `dim`, in sorted order; among equal values the first come first."""

    @staticmethod
    def forward(ctx, x, k, dim, largest):
        n = x.shape[dim] if x.ndim else 1
        if not 0 <= k <= n:
            raise RuntimeError(f"topk(): selected index k={k} out of range for a dimension of size {n}")
        indices = np.take(sort_indices(x, dim, largest), np.arange(k), axis=dim)
        ctx.shape, ctx.dim, ctx.indices, ctx.n_args = x.shape, dim, indices, 3
        ctx.mark_non_differentiable(indices)
        return np.take_along_axis(x, indices, axis=dim), indices


class Median(_TakeAlong):
    """The lower median along `dim` (the ((n - 1) // 2)-th smallest) and its index; NaN if the slice
    has one (the index of its first NaN), as in PyTorch."""

    @staticmethod
    def forward(ctx, x, dim, keepdim):
        n = x.shape[dim]
        if n == 0:
            raise IndexError(f"median(): Expected reduction dim {dim} to have non-zero size.")
        middle = np.take(sort_indices(x, dim, False), [(n - 1) // 2], axis=dim)
        nan = np.isnan(x)
        indices = np.where(nan.any(axis=dim, keepdims=True), np.argmax(nan, axis=dim, keepdims=True), middle)
        ctx.shape, ctx.dim, ctx.indices, ctx.n_args = x.shape, dim, indices, 2
        values = np.take_along_axis(x, indices, axis=dim)
        if not keepdim:
            values, indices = values.squeeze(dim), indices.squeeze(dim)
        ctx.keepdim = keepdim
        ctx.mark_non_differentiable(indices)
        return values, indices

    @staticmethod
    def backward(ctx, grad, _):
        return _TakeAlong.backward(ctx, grad if ctx.keepdim else np.expand_dims(grad, ctx.dim), None)
