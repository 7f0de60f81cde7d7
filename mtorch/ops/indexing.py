"""Ops that pick, place or reorder elements by index: gather, scatter, scatter_add, index_select, index_add,
roll, flip, repeat_interleave. Backward sends each output element's gradient back to where it came from."""

import numpy as np

from ..autograd.function import NumpyFunction


def along(index, dim):
    """The full numpy index of `index`'s positions with dim `dim` replaced by `index`'s values:
    x[along(index, d)][i][j][k] is x[i][index[i][j][k]][k] for d = 1 (PyTorch's gather rule)."""
    where = list(np.indices(index.shape, sparse=True))
    where[dim] = index
    return tuple(where)


def check_index(x, dim, index, name):
    if index.dtype != np.int64:
        raise RuntimeError(f"{name}(): Expected dtype int64 for index, got {index.dtype}")
    if index.ndim != x.ndim and index.size:
        raise RuntimeError(f"{name}(): Index tensor must have the same number of dimensions as input tensor "
                           f"({index.ndim} vs {x.ndim})")
    n = x.shape[dim]
    if index.size and (index.min() < -n or index.max() >= n):
        raise RuntimeError(f"{name}(): index {int(index.max() if index.max() >= n else index.min())} is out "
                           f"of bounds for dimension {dim} with size {n}")


class Gather(NumpyFunction):
    @staticmethod
    def forward(ctx, x, dim, index):
        ctx.shape, ctx.where = x.shape, along(index, dim)
        return x[ctx.where]

    @staticmethod
    def backward(ctx, grad):
        g = np.zeros(ctx.shape, dtype=grad.dtype)
        np.add.at(g, ctx.where, grad)  # an element gathered twice receives both gradients
        return g, None, None


class Scatter(NumpyFunction):
    """out = x with out[along(index, dim)] = src (src's leading part, index's shape); `add` accumulates
    (scatter_add) instead of overwriting. src may be a 0-d array (scatter's `value=`)."""

    @staticmethod
    def forward(ctx, x, dim, index, src, add):
        where = along(index, dim)
        ctx.where, ctx.add, ctx.src_shape, ctx.used = where, add, src.shape, tuple(slice(0, n) for n in index.shape)
        src = np.broadcast_to(src, index.shape) if src.ndim == 0 else src[ctx.used]
        out = x.copy()
        if add:
            np.add.at(out, where, src)
        else:
            out[where] = src
        return out

    @staticmethod
    def backward(ctx, grad):
        gx = gsrc = None
        if ctx.needs_input_grad[0]:  # overwritten elements of x no longer reach the output
            gx = grad.copy() if ctx.add else _zeroed(grad, ctx.where)
        if ctx.needs_input_grad[3]:  # each src element's gradient is the output gradient where it landed
            if ctx.src_shape == ():  # one value filled everywhere: its gradient is the sum
                gsrc = grad[ctx.where].sum()
            else:
                gsrc = np.zeros(ctx.src_shape, dtype=grad.dtype)
                gsrc[ctx.used] = grad[ctx.where]
        return gx, None, None, gsrc, None


def _zeroed(grad, where):
    g = grad.copy()
    g[where] = 0
    return g


class IndexSelect(NumpyFunction):
    @staticmethod
    def forward(ctx, x, dim, index):
        ctx.shape, ctx.dim, ctx.index = x.shape, dim, index
        return np.take(x, index, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        g = np.zeros(ctx.shape, dtype=grad.dtype)
        where = [slice(None)] * len(ctx.shape)
        where[ctx.dim] = ctx.index
        np.add.at(g, tuple(where), grad)  # a repeated index adds up its gradients
        return g, None, None


class IndexAdd(NumpyFunction):
    """out = x, with source's slices added at positions `index` along `dim`."""

    @staticmethod
    def forward(ctx, x, dim, index, source):
        ctx.where = (slice(None),) * dim + (index,)
        out = x.copy()
        np.add.at(out, ctx.where, source)
        return out

    @staticmethod
    def backward(ctx, grad):  # x passes straight through; source[i] receives the gradient where it was added
        return grad, None, None, grad[ctx.where] if ctx.needs_input_grad[3] else None


class Roll(NumpyFunction):
    @staticmethod
    def forward(ctx, x, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        return np.roll(x, shifts, dims)

    @staticmethod
    def backward(ctx, grad):  # roll back by the same amounts
        back = -ctx.shifts if isinstance(ctx.shifts, int) else tuple(-s for s in ctx.shifts)
        return np.roll(grad, back, ctx.dims), None, None


class Flip(NumpyFunction):
    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        return np.flip(x, dims).copy()

    @staticmethod
    def backward(ctx, grad):
        return np.flip(grad, ctx.dims).copy(), None


class RepeatInterleave(NumpyFunction):
    """Each element repeated `repeats` times along `dim` (an int or one count per element)."""

    @staticmethod
    def forward(ctx, x, repeats, dim):
        ctx.dim = dim
        counts = np.broadcast_to(repeats, (x.shape[dim],))
        ctx.starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        ctx.empty = counts == 0
        return np.repeat(x, repeats, axis=dim)

    @staticmethod
    def backward(ctx, grad):  # each input element's gradient is the sum over its copies
        if grad.shape[ctx.dim] == 0:
            shape = list(grad.shape)
            shape[ctx.dim] = len(ctx.starts)
            return np.zeros(shape, dtype=grad.dtype), None, None
        g = np.add.reduceat(grad, np.minimum(ctx.starts, grad.shape[ctx.dim] - 1), axis=ctx.dim)
        where = [slice(None)] * grad.ndim
        where[ctx.dim] = ctx.empty
        g[tuple(where)] = 0  # reduceat gives an element repeated 0 times a neighbour's value
        return g, None, None
