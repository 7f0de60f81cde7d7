"""sum, mean, max/min, var, softmax and log_softmax. Backward spreads the output gradient back over the
reduced axes."""

import numpy as np

from ..autograd.function import NumpyFunction


def _axes(dim, ndim):
    """PyTorch's `dim` (None, int or tuple, negatives allowed) as a numpy axis tuple."""
    if dim is None:
        return tuple(range(ndim))
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    return tuple(d % ndim if ndim else 0 for d in dims)


def _expand_back(grad, shape, axes, keepdim):
    """Reinsert the reduced axes into `grad` (when keepdim was False) so it broadcasts to `shape`."""
    if not keepdim:
        grad = np.expand_dims(grad, axes)
    return np.broadcast_to(grad, shape)


class Sum(NumpyFunction):
    @staticmethod
    def forward(ctx, x, dim, keepdim):
        ctx.shape, ctx.axes, ctx.keepdim = x.shape, _axes(dim, x.ndim), keepdim
        return x.sum(axis=ctx.axes, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):  # every input element adds once to the sum
        return _expand_back(grad, ctx.shape, ctx.axes, ctx.keepdim), None, None


class Mean(NumpyFunction):
    @staticmethod
    def forward(ctx, x, dim, keepdim):
        ctx.shape, ctx.axes, ctx.keepdim = x.shape, _axes(dim, x.ndim), keepdim
        ctx.count = int(np.prod([x.shape[a] for a in ctx.axes]))
        return x.mean(axis=ctx.axes, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):  # d mean / d x_i = 1/n
        return _expand_back(grad / ctx.count, ctx.shape, ctx.axes, ctx.keepdim), None, None


class Var(NumpyFunction):
    @staticmethod
    def forward(ctx, x, dim, correction, keepdim):
        ctx.axes, ctx.keepdim = _axes(dim, x.ndim), keepdim
        centred = x - x.mean(axis=ctx.axes, keepdims=True)
        n = int(np.prod([x.shape[a] for a in ctx.axes]))
        ctx.denominator = max(n - correction, 0)
        ctx.save_for_backward(centred)
        with np.errstate(divide="ignore", invalid="ignore"):
            return (centred * centred).sum(axis=ctx.axes, keepdims=keepdim) / x.dtype.type(ctx.denominator)

    @staticmethod
    def backward(ctx, grad):  # d var / d x_i = 2 (x_i - mean) / (n - correction)
        (centred,) = ctx.saved_tensors
        g = grad if ctx.keepdim else np.expand_dims(grad, ctx.axes)
        return g * centred * centred.dtype.type(2 / ctx.denominator), None, None, None


class MaxAll(NumpyFunction):
    """max() or min() over all elements; ties share the gradient equally, as in PyTorch."""

    @staticmethod
    def forward(ctx, x, largest):
        y = x.max() if largest else x.min()
        ctx.save_for_backward(x == y)
        return np.asarray(y)

    @staticmethod
    def backward(ctx, grad):
        (mask,) = ctx.saved_tensors
        return grad * mask / mask.sum(dtype=grad.dtype), None


class MaxDim(NumpyFunction):
    """max(dim) or min(dim): (values, indices); the gradient goes to the element each index names."""

    @staticmethod
    def forward(ctx, x, dim, keepdim, largest):
        dim = dim % x.ndim
        idx = np.expand_dims((x.argmax if largest else x.argmin)(axis=dim), dim)
        values = np.take_along_axis(x, idx, axis=dim)
        ctx.shape, ctx.dim, ctx.idx = x.shape, dim, idx
        if not keepdim:
            values, idx = values.squeeze(dim), idx.squeeze(dim)
        ctx.keepdim = keepdim
        ctx.mark_non_differentiable(idx)
        return values, idx

    @staticmethod
    def backward(ctx, grad, _):
        g = np.zeros(ctx.shape, dtype=grad.dtype)
        np.put_along_axis(g, ctx.idx, grad if ctx.keepdim else np.expand_dims(grad, ctx.dim), axis=ctx.dim)
        return g, None, None, None


class Softmax(NumpyFunction):
    @staticmethod
    def forward(ctx, x, dim):
        e = np.exp(x - x.max(axis=dim, keepdims=True))  # shifting by the max keeps exp from overflowing
        y = e / e.sum(axis=dim, keepdims=True)
        ctx.save_for_backward(y)
        ctx.dim = dim
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors  # dL/dx = y * (g - sum(g * y))
        return y * (grad - (grad * y).sum(axis=ctx.dim, keepdims=True)), None


def log_softmax_array(x, dim):
    """x - logsumexp(x) along `dim` on a numpy array, shifted by the max so exp cannot overflow."""
    z = x - x.max(axis=dim, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=dim, keepdims=True))


class LogSoftmax(NumpyFunction):
    @staticmethod
    def forward(ctx, x, dim):
        y = log_softmax_array(x, dim)
        ctx.save_for_backward(y)
        ctx.dim = dim
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors  # dL/dx = g - softmax(x) * sum(g)
        return grad - np.exp(y) * grad.sum(axis=ctx.dim, keepdims=True), None
