"""Ops that move elements around without changing them; backward moves the gradient back."""

import numpy as np

from ..autograd.function import NumpyFunction, unbroadcast


class Reshape(NumpyFunction):
    @staticmethod
    def forward(ctx, x, shape):
        ctx.shape = x.shape
        return x.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.shape), None


class Transpose(NumpyFunction):
    @staticmethod
    def forward(ctx, x, dim0, dim1):
        ctx.dims = dim0, dim1
        return np.swapaxes(x, dim0, dim1)

    @staticmethod
    def backward(ctx, grad):
        return np.swapaxes(grad, *ctx.dims), None, None


class Permute(NumpyFunction):
    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        return x.transpose(dims)

    @staticmethod
    def backward(ctx, grad):
        return grad.transpose(np.argsort(ctx.dims)), None


class Expand(NumpyFunction):
    @staticmethod
    def forward(ctx, x, shape):
        ctx.shape = x.shape
        return np.broadcast_to(x, shape)

    @staticmethod
    def backward(ctx, grad):  # each input element was copied along the expanded axes: sum them
        return unbroadcast(grad, ctx.shape), None


def _has_advanced(index):
    return any(isinstance(i, (np.ndarray, list)) for i in (index if isinstance(index, tuple) else (index,)))


class GetItem(NumpyFunction):
    @staticmethod
    def forward(ctx, x, index):
        ctx.shape, ctx.index = x.shape, index
        return x[index]

    @staticmethod
    def backward(ctx, grad):
        g = np.zeros(ctx.shape, dtype=grad.dtype)
        if _has_advanced(ctx.index):
            np.add.at(g, ctx.index, grad)  # an integer index may repeat: those gradients add up
        else:
            g[ctx.index] = grad
        return g, None


class Cat(NumpyFunction):
    @staticmethod
    def forward(ctx, dim, *xs):
        ctx.dim = dim % xs[0].ndim
        ctx.splits = np.cumsum([x.shape[ctx.dim] for x in xs])[:-1]
        return np.concatenate(xs, axis=ctx.dim)

    @staticmethod
    def backward(ctx, grad):
        return (None, *np.split(grad, ctx.splits, axis=ctx.dim))


class Stack(NumpyFunction):
    @staticmethod
    def forward(ctx, dim, *xs):
        ctx.dim = dim % (xs[0].ndim + 1)
        return np.stack(xs, axis=ctx.dim)

    @staticmethod
    def backward(ctx, grad):
        return (None, *np.moveaxis(grad, ctx.dim, 0))


class Where(NumpyFunction):
    @staticmethod
    def forward(ctx, condition, a, b):
        ctx.condition, ctx.shapes = condition, (a.shape, b.shape)
        return np.where(condition, a, b)

    @staticmethod
    def backward(ctx, grad):
        sa, sb = ctx.shapes  # the gradient flows to whichever input was chosen
        zero = grad.dtype.type(0)
        ga = unbroadcast(np.where(ctx.condition, grad, zero), sa) if ctx.needs_input_grad[1] else None
        gb = unbroadcast(np.where(ctx.condition, zero, grad), sb) if ctx.needs_input_grad[2] else None
        return None, ga, gb


class SetItem(NumpyFunction):
    """`x[index] = value` as a new array: the gradient of x is zero where it was overwritten; value's is
    the gradient of the elements it was written to (summed back over its broadcast axes).
    zero_, fill_ and copy_ are SetItem with index `...`."""

    @staticmethod
    def forward(ctx, x, index, value):
        ctx.index, ctx.value_shape = index, np.shape(value)
        out = x.copy()
        out[index] = value
        return out

    @staticmethod
    def backward(ctx, grad):
        gx = gv = None
        if ctx.needs_input_grad[0]:
            gx = grad.copy()
            gx[ctx.index] = 0
        if ctx.needs_input_grad[2]:
            gv = unbroadcast(grad[ctx.index], ctx.value_shape)
        return gx, None, gv
