"""Running and multiplicative reductions: cumsum, cumprod, cummax/cummin, prod, logsumexp."""

import numpy as np

from ..autograd.function import NumpyFunction
from .indexing import along
from .reduction import _axes, _expand_back


def _reverse_cumsum(a, axis):
    """out_i = sum_{j >= i} a_j along `axis`."""
    return np.flip(np.cumsum(np.flip(a, axis), axis), axis)


class CumSum(NumpyFunction):
    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        return np.cumsum(x, axis=dim)

    @staticmethod
    def backward(ctx, grad):  # y_j = sum_{i <= j} x_i, so dL/dx_i = sum_{j >= i} dL/dy_j
        return _reverse_cumsum(grad, ctx.dim), None


class CumProd(NumpyFunction):
    """y_j = prod_{k <= j} x_k, so dL/dx_i = sum_{j >= i} g_j prod_{k <= j, k != i} x_k, computed
    exactly when x has zeros: the usual sum_{j >= i} g_j y_j / x_i holds before a slice's first zero,
    the first zero itself gets prod_{k < z} x_k * sum_{j >= z} g_j prod_{z < k <= j} x_k, and every
    element after it 0 (each of its products contains x_z)."""

    @staticmethod
    def forward(ctx, x, dim):
        y = np.cumprod(x, axis=dim)
        ctx.save_for_backward(x, y)
        ctx.dim = dim
        return y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        d = ctx.dim
        zeros_so_far = np.cumsum(x == 0, axis=d)
        before = zeros_so_far == 0  # before the slice's first zero
        first = (x == 0) & (zeros_so_far == 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            g = np.where(before, _reverse_cumsum(grad * y, d) / np.where(before, x, 1), 0)
        if first.any():
            after = np.cumprod(np.where(before | first, 1, x), axis=d)  # prod_{z < k <= j} x_k
            inner = np.sum(np.where(before, 0, grad * after), axis=d, keepdims=True)
            prefix = np.prod(np.where(before, x, 1), axis=d, keepdims=True)  # prod_{k < z} x_k
            g = np.where(first, prefix * inner, g)
        return g.astype(grad.dtype, copy=False), None


class CumMax(NumpyFunction):
    """Running max (min when `largest` is False) and where it was reached: the latest such index on ties,
    NaN sticking once met, as in PyTorch. The gradient of each output goes to the element it copies."""

    @staticmethod
    def forward(ctx, x, dim, largest):
        values = (np.maximum if largest else np.minimum).accumulate(x, axis=dim)
        reached = (x == values) | (np.isnan(x) & np.isnan(values))  # x_i is the running extreme at i
        positions = np.arange(x.shape[dim]).reshape([-1 if d == dim else 1 for d in range(x.ndim)])
        indices = np.maximum.accumulate(np.where(reached, positions, 0), axis=dim)
        ctx.shape, ctx.where = x.shape, along(indices, dim)
        ctx.mark_non_differentiable(indices)
        return values, indices

    @staticmethod
    def backward(ctx, grad, _):
        g = np.zeros(ctx.shape, dtype=grad.dtype)
        np.add.at(g, ctx.where, grad)  # an element that stays the maximum collects every later gradient
        return g, None, None


def _exclusive_cumprod(a):
    """out_i = prod_{k < i} a_k along the last axis."""
    return np.cumprod(np.concatenate([np.ones_like(a[..., :1]), a[..., :-1]], axis=-1), axis=-1)


class Prod(NumpyFunction):
    """Product over `dim` (one int, or None for all). d/dx_i = the product of the other elements,
    computed as (product of those before i) * (product of those after i), so zeros are exact."""

    @staticmethod
    def forward(ctx, x, dim, keepdim):
        ctx.shape, ctx.dim, ctx.keepdim = x.shape, dim, keepdim
        ctx.save_for_backward(x)
        return np.prod(x, axis=dim, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        d = ctx.dim
        v = x.reshape(-1) if d is None else np.moveaxis(x, d, -1)
        others = _exclusive_cumprod(v) * _exclusive_cumprod(v[..., ::-1])[..., ::-1]
        others = others.reshape(x.shape) if d is None else np.moveaxis(others, -1, d)
        return _expand_back(grad, x.shape, _axes(d, x.ndim), ctx.keepdim) * others, None, None


class LogSumExp(NumpyFunction):
    """log sum_i exp(x_i), with the maximum subtracted first so exp cannot overflow."""

    @staticmethod
    def forward(ctx, x, dim, keepdim):
        axes = _axes(dim, x.ndim)
        m = np.max(x, axis=axes, keepdims=True) if x.size else np.zeros((1,) * x.ndim, x.dtype)
        m = np.where(np.isfinite(m), m, 0)  # all -inf (or an inf) stays -inf (inf) instead of nan
        with np.errstate(divide="ignore"):
            y = np.log(np.sum(np.exp(x - m), axis=axes, keepdims=True)) + m
        ctx.save_for_backward(x, y)
        ctx.axes, ctx.keepdim = axes, keepdim
        return y if keepdim else np.squeeze(y, axes)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors  # d/dx_i = exp(x_i - logsumexp) = softmax(x)_i
        g = grad if ctx.keepdim else np.expand_dims(grad, ctx.axes)
        return g * np.exp(x - y), None, None
